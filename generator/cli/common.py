"""What every command does first: check the content, name the folders, refuse unsafe outputs,
print the report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..checks import Checked, check_folder
from ..diagnostics import Report
from ..publish.guard import GuardError, check_outputs
from ..publish.offline import offline_paths
from ..publish.pipeline import Paths

__all__ = ["check_args", "checked_or_report", "guard", "paths_of", "print_report"]


def print_report(report: Report, *, quiet_ok: bool = False) -> None:
    for d in report.sorted():
        print(d.format(), file=sys.stderr)
    n_err, n_warn = len(report.errors), len(report.warnings)
    if n_err or n_warn or not quiet_ok:
        summary = f"{n_err} error(s), {n_warn} warning(s)"
        print(summary, file=sys.stderr if n_err else sys.stdout)


def check_args(args: argparse.Namespace) -> Checked:
    """What every command runs first: the same checks, so nothing fails later that ``validate``
    let through. Review dates are judged against today's date (``hipback check --today`` pins
    it); the date never reaches the built files."""
    return check_folder(Path(args.content), str(args.content), today=dt.date.today())


def paths_of(args: argparse.Namespace) -> Paths:
    return Paths(
        content=Path(args.content),
        docs=Path(str(getattr(args, "out", None) or getattr(args, "docs", "build/docs"))),
        site=Path(getattr(args, "site_dir", "site")),
        cache=Path(args.cache),
        config=Path(getattr(args, "config", "mkdocs.yml")),
    )


def guard(paths: Paths, *, site: bool = True, offline: Path | None = None) -> str | None:
    """Why the output folders must not be used (``None`` when they are safe)."""
    outputs = {"docs folder": paths.docs, "cache folder": paths.cache}
    if site:
        outputs["site folder"] = paths.site
    if offline is not None:
        outputs["offline copy folder"] = offline
        outputs["offline working folder"] = offline_paths(paths, offline).docs
    try:
        check_outputs(content=paths.content, project=paths.config.resolve().parent,
                      outputs=outputs)
    except GuardError as exc:
        return str(exc)
    return None


def checked_or_report(args: argparse.Namespace) -> Checked | None:
    """The checked content when it can be used; else the report is printed and ``None``
    comes back (the command exits 1)."""
    checked = check_args(args)
    if not checked.ok or checked.content is None:
        print_report(checked.report)
        return None
    return checked
