"""``hipback``: the command line. Exit codes: 0 fine, 1 content or build errors, 2 usage errors."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import Report


def _print_report(report: Report, *, quiet_ok: bool = False) -> None:
    for d in report.sorted():
        print(d.format(), file=sys.stderr)
    n_err, n_warn = len(report.errors), len(report.warnings)
    if n_err or n_warn or not quiet_ok:
        summary = f"{n_err} error(s), {n_warn} warning(s)"
        print(summary, file=sys.stderr if n_err else sys.stdout)


def _load(args: argparse.Namespace) -> tuple[object, Report]:
    from .pipeline import load_and_check

    return load_and_check(Path(args.content), str(args.content))


def cmd_validate(args: argparse.Namespace) -> int:
    content, report = _load(args)
    _print_report(report)
    return 1 if report.errors else 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .pipeline import generate

    content, report = _load(args)
    if report.errors or content is None:
        _print_report(report)
        return 1
    result = generate(content, Path(args.out), cache_dir=Path(args.cache))  # type: ignore[arg-type]
    _print_report(report, quiet_ok=True)
    print(
        f"generated {len(result.written)} file(s) into {args.out} "
        f"({len(result.unchanged)} unchanged, {len(result.removed)} removed)"
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import BuildError, Paths, build_site

    content, report = _load(args)
    if report.errors or content is None:
        _print_report(report)
        print("build stopped: nothing was written; the previous site is unchanged.",
              file=sys.stderr)
        return 1
    _print_report(report, quiet_ok=True)
    from .quality import quality_report

    # Quality findings are warnings for the editor (errors only if site.yml says so); the date
    # is used for messages only and never reaches the built files.
    quality = quality_report(content, today=dt.date.today())  # type: ignore[arg-type]
    for d in quality.sorted():
        print(d.format(), file=sys.stderr)
    if quality.errors:
        print(f"build stopped: {len(quality.errors)} quality error(s) (site.yml makes them "
              "errors); the previous site is unchanged.", file=sys.stderr)
        return 1
    paths = Paths(
        content=Path(args.content),
        docs=Path(args.docs),
        site=Path(args.site_dir),
        cache=Path(args.cache),
        config=Path(args.config),
    )
    try:
        stats = build_site(content, paths, with_pdf=not args.no_pdf,  # type: ignore[arg-type]
                           progress=sys.stderr.isatty())
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("the previous site is unchanged.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous site is unchanged.", file=sys.stderr)
        return 130
    except Exception as exc:  # a crash in a stage (PDF engine, MkDocs plugin, disk full)
        if os.environ.get("HIPBACK_DEBUG"):
            raise
        print(f"error: the build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("the previous site is unchanged. Set HIPBACK_DEBUG=1 to see the full traceback.",
              file=sys.stderr)
        return 1
    print(f"built {args.site_dir}/: {stats['pages']} pages, {stats['pdfs']} handouts")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .pdf import render_handouts, handout_names

    content, report = _load(args)
    if report.errors or content is None:
        _print_report(report)
        return 1
    names = handout_names(content)  # type: ignore[arg-type]
    if args.only and args.only not in names:
        from .errors import suggest

        print(f'error: there is no handout "{args.only}".{suggest(args.only, names)}',
              file=sys.stderr)
        return 2
    out = Path(args.out)
    from .pdf import HandoutError

    try:
        pdfs = render_handouts(content, cache_dir=Path(args.cache),  # type: ignore[arg-type]
                               only=args.only, progress=sys.stderr.isatty())
    except HandoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    import shutil

    for name, path in sorted(pdfs.items()):
        shutil.copyfile(path, out / f"{name}.pdf")
    print(f"{len(pdfs)} handout(s) in {out}/")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .pipeline import generate

    content, report = _load(args)
    _print_report(report, quiet_ok=True)
    if content is not None:
        generate(content, Path(args.docs), cache_dir=Path(args.cache))  # type: ignore[arg-type]
    os.environ["HIPBACK_SERVE"] = "1"
    os.environ["HIPBACK_CONTENT"] = str(Path(args.content).resolve())
    os.environ["HIPBACK_DOCS_DIR"] = str(Path(args.docs).resolve())
    import logging

    from mkdocs.commands.serve import serve

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    print(f"serving on http://{args.dev_addr}/ — edit files under {args.content}/ and the "
          "page reloads; Ctrl+C stops.", file=sys.stderr)
    serve(config_file=str(args.config), dev_addr=args.dev_addr, livereload=True,
          docs_dir=str(args.docs))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_condition

    return new_condition(Path(args.content), args.slug, force=args.force)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    written = write_schemas(Path(args.out))
    print(f"wrote {len(written)} schema file(s) to {args.out}/")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .quality import run_check

    return run_check(Path(args.content), fmt=args.format, today=args.today)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hipback",
        description="Turn structured health-condition content into a patient-education site "
        "and printable handouts.",
    )
    parser.add_argument("--version", action="version", version=f"hipback {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def content_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--content", default="content", metavar="DIR",
                       help="content folder (default: content)")

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
    cache_arg(p)
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("build", help="check, generate, build the site and handouts",
                       description="Everything `make site` does: check, generate, run "
                       "`mkdocs build --strict`, render the handouts, then swap the new site in.")
    content_arg(p)
    p.add_argument("--site-dir", default="site", metavar="DIR",
                   help="where the finished site goes (default: site)")
    p.add_argument("--docs", default="build/docs", metavar="DIR",
                   help="working folder for the generated Markdown (default: build/docs)")
    p.add_argument("--config", default="mkdocs.yml", metavar="FILE",
                   help="MkDocs configuration (default: mkdocs.yml)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF handouts")
    cache_arg(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("pdf", help="render the PDF handouts only",
                       description="Render the handouts (in parallel, cached by content hash).")
    content_arg(p)
    p.add_argument("--only", metavar="SLUG", help="render just this handout")
    p.add_argument("--out", default="build/handouts", metavar="DIR",
                   help="where to put the PDFs (default: build/handouts)")
    cache_arg(p)
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("serve", help="preview with live reload",
                       description="Preview the site at http://127.0.0.1:8000/; editing a file "
                       "under the content folder regenerates the pages and reloads the browser.")
    content_arg(p)
    p.add_argument("--docs", default="build/docs", metavar="DIR", help=argparse.SUPPRESS)
    p.add_argument("--config", default="mkdocs.yml", metavar="FILE", help="MkDocs configuration")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help="address to serve on (default: 127.0.0.1:8000)")
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

    p = sub.add_parser("check", help="content quality report (reading level, reviews, sources)",
                       description="Check reading level, required sections, review dates, "
                       "sources, glossary use and flowchart wording. Exit 1 only on errors.")
    content_arg(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--today", metavar="YYYY-MM-DD", default=None,
                   help="the date to judge review dates against (default: today)")
    p.set_defaults(func=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
