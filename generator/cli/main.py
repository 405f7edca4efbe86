"""``hipback``: the command line. Exit codes: 0 fine, 1 content or build errors, 2 usage errors."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import suggest
from ..emit.pdf.html import HandoutError
from ..model.schema import write_schemas
from ..model.sitemap import site_map
from ..publish.build import build_site
from ..publish.cluster import ClusterError, check_address, dask_executor
from ..publish.guard import GuardError, build_lock, check_folder_arg
from ..publish.mkdocs import BuildError
from ..publish.offline import build_offline
from ..publish.pipeline import HandoutSource, Plan, run
from ..publish.release import ReleaseError
from .common import check_args, checked_or_report, guard, paths_of, print_report
from .parser import DEV_ADDR, DEV_ADDR_ENV, make_parser
from .stopping import sigterm_as_interrupt, stopped


def cmd_validate(args: argparse.Namespace) -> int:
    checked = check_args(args)
    print_report(checked.report)
    return 0 if checked.ok else 1


def cmd_generate(args: argparse.Namespace) -> int:
    paths = paths_of(args)
    why = guard(paths, site=False)
    if why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    checked = checked_or_report(args)
    if checked is None or checked.content is None:
        return 1
    try:
        with build_lock(paths.docs.parent):
            result = run(checked.content, paths, Plan(handouts=HandoutSource.NONE, engine=None),
                         readings=checked.readings).written
    except (BuildError, GuardError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print_report(checked.report, quiet_ok=True)
    assert result is not None
    print(
        f"generated {len(result.written)} file(s) into {args.out} "
        f"({len(result.unchanged)} unchanged, {len(result.removed)} removed)"
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    paths = paths_of(args)
    offline = Path(args.offline) if args.offline else None
    why = guard(paths, offline=offline)
    if why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    checked = check_args(args, publish=args.publish)  # a preview may skip the sign-offs
    if not checked.ok or checked.content is None:
        print_report(checked.report)
        print("build stopped: nothing was written; the previous site is unchanged.",
              file=sys.stderr)
        return 1
    print_report(checked.report, quiet_ok=True)
    content = checked.content
    checked = checked.for_build(languages=args.languages)
    try:
        with build_lock(paths.docs.parent):
            languages = checked.localised if args.languages else None
            stats = build_site(content, paths, readings=checked.readings,
                               with_pdf=not args.no_pdf, progress=sys.stderr.isatty(),
                               engine=args.engine, languages=languages)
            if offline is not None:  # the same languages as the web site
                stats["offline"] = build_offline(content, paths, offline,
                                                 readings=checked.readings, languages=languages)
    except (BuildError, HandoutError, GuardError, ReleaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the previous site is unchanged.", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (stopping.py)
        code, word = stopped(exc)
        print(f"{word}: the previous site is unchanged.", file=sys.stderr)
        return code
    except Exception as exc:  # a crash in a stage (PDF engine, MkDocs plugin, disk full)
        if os.environ.get("HIPBACK_DEBUG"):
            raise
        print(f"error: the build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("the previous site is unchanged. Set HIPBACK_DEBUG=1 to see the full traceback.",
              file=sys.stderr)
        return 1
    print(f"built {args.site_dir}/: {stats['pages']} pages, {stats['pdfs']} handouts")
    if offline is not None:
        print(f"built the offline copy {args.offline}/: {stats['offline']} pages; open its "
              "index.html from the folder (no web server needed)")
    if args.no_pdf:
        print(_kept_line(stats["kept"], stats["missing"]))
    return 0


def _kept_line(kept: int, missing: int) -> str:
    """What ``--no-pdf`` did with the handouts (publish/lasthandouts.py)."""
    line = f"--no-pdf: kept {kept} handout(s) of an earlier build (they may predate the pages)"
    if missing:
        line += f"; {missing} not made yet, so no page links to them"
    return line + ". Build without --no-pdf before publishing."


def cmd_pdf(args: argparse.Namespace) -> int:
    if args.dask is not None:
        try:
            check_address(args.dask)  # before any work
        except ClusterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    checked = checked_or_report(args)
    if checked is None or checked.content is None:
        return 1
    content = checked.content
    # the site map's handout names, before any work (resolve makes the same map again)
    names = site_map((p.slug for p in content.pages), content.conditions).handouts
    if args.only and args.only not in names:
        print(f'error: there is no handout "{args.only}".{suggest(args.only, names)}',
              file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        with contextlib.ExitStack() as stack:
            executor = None
            if args.dask is not None:  # first: an unusable cluster is reported before rendering
                executor = stack.enter_context(
                    dask_executor(args.dask, paper=content.site.paper_size))
            plan = Plan(only=args.only, progress=sys.stderr.isatty(), executor=executor,
                        docs=False, engine=None)
            pdfs = run(content, paths_of(args), plan, readings=checked.readings).handouts
    except (HandoutError, ClusterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for name, path in sorted(pdfs.items()):
        shutil.copyfile(path, out / f"{name}.pdf")
    print(f"{len(pdfs)} handout(s) in {out}/")
    return 0


"""Where ``hipback serve`` (and so ``make serve``) listens when ``--dev-addr`` is not given:
another port without editing a command line (a port already in use, a second preview)."""


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    if args.dev_addr:
        return serve(paths_of(args), dev_addr=args.dev_addr)
    from_env = os.environ.get(DEV_ADDR_ENV, "").strip()
    return serve(paths_of(args), dev_addr=from_env or DEV_ADDR,
                 origin=DEV_ADDR_ENV if from_env else "--dev-addr")


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_condition

    return new_condition(Path(args.content), args.slug, force=args.force)


def cmd_schema(args: argparse.Namespace) -> int:
    written = write_schemas(Path(args.out))
    print(f"wrote {len(written)} schema file(s) to {args.out}/")
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    from .translations import run_translations

    return run_translations(args)


def cmd_check(args: argparse.Namespace) -> int:
    from .report import run_check

    return run_check(Path(args.content), fmt=args.format, today=args.today,
                     publish=args.publish)


def build_parser() -> argparse.ArgumentParser:
    """The command line (cli/parser.py), each command handled here."""
    return make_parser({"validate": cmd_validate, "generate": cmd_generate, "build": cmd_build,
                        "pdf": cmd_pdf, "serve": cmd_serve, "new": cmd_new,
                        "schema": cmd_schema, "translations": cmd_translations,
                        "check": cmd_check})


FOLDER_ARGS = {"content": "content folder", "docs": "docs folder", "site_dir": "site folder",
               "cache": "cache folder", "out": "output folder"}
"""Every folder argument of every command, and what a message calls it."""


def _folder_problem(args: argparse.Namespace) -> str | None:
    """The first folder argument that is a file (or inside one), as a sentence."""
    for name, what in FOLDER_ARGS.items():
        value = getattr(args, name, None)
        if value is None:
            continue
        if name == "out" and args.command == "generate":
            what = "docs folder"
        try:
            check_folder_arg(what, Path(value))
        except GuardError as exc:
            return str(exc)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    why = _folder_problem(args)
    if why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    try:
        with sigterm_as_interrupt():
            return int(args.func(args))
    except KeyboardInterrupt as exc:
        code, word = stopped(exc)
        print(f"{word}.", file=sys.stderr)
        return code
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a folder that cannot be written, a full disk: one sentence
        if os.environ.get("HIPBACK_DEBUG"):
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}; check the folder arguments and the free "
              "space.", file=sys.stderr)
        return 1


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
