"""What every command does first: check the content, name the folders, refuse unsafe outputs,
print the report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..checks import Checked, check_folder
from ..diagnostics import Report
from ..publish.guard import GuardError, check_outputs
from ..publish.offline import offline_paths
from ..publish.pipeline import Paths

__all__ = ["check_args", "checked_or_report", "guard", "paths_of", "print_report", "signer"]

Signer = TypeVar("Signer", bound=BaseModel)


def signer(args: argparse.Namespace, who: Sequence[tuple[str, str]], model: type[Signer], *,
           missing: str) -> Signer | None:
    """The person who signs (a clinician, a translator), from the options ``who`` names (model
    field, flag), or ``None`` after saying what is missing (``missing``, its ``{flags}``
    filled) or wrong: sign-offs never invent anyone."""
    absent = [flag for _key, flag in who if not (getattr(args, flag[2:]) or "").strip()]
    if absent:
        print("error: " + missing.format(flags=", ".join(absent)), file=sys.stderr)
        return None
    try:
        return model.model_validate({key: getattr(args, flag[2:]).strip() for key, flag in who})
    except ValidationError as exc:
        for err in exc.errors():
            flag = dict(who).get(str(err["loc"][0]), str(err["loc"][0]))
            print(f"error: {flag} {err['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return None


def print_report(report: Report, *, quiet_ok: bool = False) -> None:
    for d in report.sorted():
        print(d.format(), file=sys.stderr)
    n_err, n_warn = len(report.errors), len(report.warnings)
    if n_err or n_warn or not quiet_ok:
        summary = f"{n_err} error(s), {n_warn} warning(s)"
        print(summary, file=sys.stderr if n_err else sys.stdout)


def check_args(args: argparse.Namespace, *, publish: bool = False) -> Checked:
    """What every command runs first: the same checks, so nothing fails later that ``validate``
    let through. Review dates are judged against today's date (``hipback check --today`` pins
    it); the date never reaches the built files. ``publish``: the gate of ``check --publish``
    as well (clinical and translator sign-off, stale or missing safety translations, a public
    address), so a build meant to go live cannot skip what the check would refuse. A build of
    the source language alone (``--no-languages``) does not check the translations, unless it
    is meant to go live."""
    languages = publish or getattr(args, "languages", True)
    return check_folder(Path(args.content), str(args.content), today=dt.date.today(),
                        sign_off=True if publish else None, languages=languages)


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
