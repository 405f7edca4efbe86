"""``hipback``: the command line. Exit codes: 0 fine, 1 content or build errors, 2 usage errors."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from ..checks.quality.address import address_findings
from ..diagnostics import suggest
from ..emit.pdf.html import HandoutError
from ..model.schema import write_schemas
from ..model.sitemap import site_map
from ..publish.build import build_site
from ..publish.cluster import ClusterError, check_address, dask_executor
from ..publish.guard import GuardError, build_lock, check_folder_arg
from ..publish.mkdocs import BuildError
from ..publish.offline import OFFLINE_DIR, build_offline
from ..publish.pipeline import ENGINES, HandoutSource, Plan, run
from ..publish.release import ReleaseError
from .common import check_args, guard, paths_of, print_report
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
    checked = check_args(args)
    if not checked.ok or checked.content is None:
        print_report(checked.report)
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
    checked = check_args(args)
    if args.publish and checked.content is not None:  # a preview may use a placeholder address
        checked.report.extend(address_findings(checked.content))
    if not checked.ok or checked.content is None:
        print_report(checked.report)
        print("build stopped: nothing was written; the previous site is unchanged.",
              file=sys.stderr)
        return 1
    print_report(checked.report, quiet_ok=True)
    try:
        with build_lock(paths.docs.parent):
            stats = build_site(checked.content, paths, readings=checked.readings,
                               with_pdf=not args.no_pdf, progress=sys.stderr.isatty(),
                               engine=args.engine, languages=checked.localised)
            if offline is not None:
                stats["offline"] = build_offline(checked.content, paths, offline,
                                                 readings=checked.readings)
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
    checked = check_args(args)
    if not checked.ok or checked.content is None:
        print_report(checked.report)
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


DEV_ADDR = "127.0.0.1:8000"
DEV_ADDR_ENV = "HIPBACK_DEV_ADDR"
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
    parser = argparse.ArgumentParser(
        prog="hipback",
        description="Turn structured health-condition content into a patient-education site "
        "and printable handouts.",
    )
    parser.add_argument("--version", action="version", version=f"hipback {version('hipback')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def content_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--content", default="content", metavar="DIR",
                       help="content folder (default: content)")

    def config_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", default="mkdocs.yml", metavar="FILE",
                       help="the project's MkDocs configuration (default: mkdocs.yml, so run "
                       "hipback from the project folder)")

    def cache_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--cache", default="build/cache", metavar="DIR",
                       help="cache for rendered diagrams and handouts (default: build/cache)")

    p = sub.add_parser("validate", help="check the content and report every problem",
                       description="Check every content file and how they fit together. "
                       "Exit 0 when clean, 1 when there are errors.")
    content_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("generate", help="write the generated Markdown tree",
                       description="Check the content, then write the Markdown pages, diagrams "
                       "and exports. Only files whose bytes changed are rewritten.")
    content_arg(p)
    p.add_argument("--out", default="build/docs", metavar="DIR",
                   help="where to write the Markdown tree (default: build/docs)")
    config_arg(p)
    cache_arg(p)
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("build", help="check, generate, build the site and handouts",
                       description="Everything `make site` does: check, generate, run "
                       "`mkdocs build --strict`, render the handouts, then swap the new site in.")
    content_arg(p)
    p.add_argument("--site-dir", default="site", metavar="DIR",
                   help="where the finished site goes (default: site); a symlink such as "
                   "current -> releases/1 stays one, switched to a new releases/2")
    p.add_argument("--docs", default="build/docs", metavar="DIR",
                   help="working folder for the generated Markdown (default: build/docs)")
    config_arg(p)
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF handouts")
    p.add_argument("--publish", action="store_true",
                   help="build to go live: public_url in site.yml must be the site's public "
                   "https address (not example.org, localhost or a private network)")
    p.add_argument("--engine", choices=ENGINES, default=ENGINES[0],
                   help="what turns the generated folder into HTML (default: mkdocs; "
                   "zensical needs pip install 'hipback[zensical]')")
    p.add_argument("--offline", nargs="?", const=OFFLINE_DIR, default=None, metavar="DIR",
                   help="also build the offline copy, for a USB stick or a file share: it "
                   f"opens from files with no web server (default folder: {OFFLINE_DIR}; "
                   "always built with MkDocs)")
    cache_arg(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("pdf", help="render the PDF handouts only",
                       description="Render the handouts (in parallel, cached by content hash).")
    content_arg(p)
    p.add_argument("--only", metavar="SLUG", help="render just this handout")
    p.add_argument("--out", default="build/handouts", metavar="DIR",
                   help="where to put the PDFs (default: build/handouts)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="render on the Dask cluster whose scheduler is at ADDRESS (e.g. "
                   "tcp://host:8786; needs pip install 'hipback[dask]'); the PDFs come back "
                   "into the local cache")
    cache_arg(p)
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("serve", help="preview with live reload",
                       description="Preview the site at http://127.0.0.1:8000/. Saving a file "
                       "under the content folder rebuilds the pages it changed and reloads the "
                       "browser; the pages that list it, and those whose navigation changed, "
                       "follow a moment later. Content with errors keeps the last good pages.")
    content_arg(p)
    p.add_argument("--docs", default="build/docs", metavar="DIR", help=argparse.SUPPRESS)
    config_arg(p)
    p.add_argument("--dev-addr", default=None, metavar="IP:PORT",
                   help=f"address to serve on (default: ${DEV_ADDR_ENV} when set, else "
                   f"{DEV_ADDR})")
    cache_arg(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("new", help="scaffold new content",
                       description="Create a new content file with every field explained.")
    new_sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    q = new_sub.add_parser("condition", help="a new condition file",
                           description="Create conditions/SLUG.yml with every field explained.")
    q.add_argument("slug", metavar="SLUG", help="URL-safe name, e.g. hip-bursitis")
    q.add_argument("--force", action="store_true", help="overwrite an existing file")
    content_arg(q)
    q.set_defaults(func=cmd_new)

    p = sub.add_parser("schema", help="export the JSON Schemas editors use",
                       description="Write one JSON Schema per content file kind.")
    p.add_argument("--out", default="schemas", metavar="DIR", help="default: schemas")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("translations", help="translations as gettext PO files for translators",
                       description="export: write every text of the content with its "
                       "translation so far into a PO file (stale ones marked fuzzy); import: "
                       "read a PO file back into translations/LANG/.")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("--lang", required=True, metavar="LANG", help="language code, e.g. cy")
    content_arg(p)
    p.add_argument("--po", metavar="FILE", help="the PO file (default: build/translations/"
                   "LANG.po)")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser("check", help="content quality report (reading level, reviews, sources)",
                       description="Check reading level, required sections, review dates, "
                       "sources, glossary use and flowchart wording. Exit 1 only on errors.")
    content_arg(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--today", metavar="YYYY-MM-DD", default=None,
                   help="the date to judge review dates against (default: today)")
    p.add_argument("--publish", action="store_true",
                   help="judge the content as about to go live: no clinical sign-off, or "
                   "safety content changed since it, is an error (naming each change), not a "
                   "warning")
    p.set_defaults(func=cmd_check)

    from .review import add_parser as add_review

    add_review(sub)
    return parser


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
