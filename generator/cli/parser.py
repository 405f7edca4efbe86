"""The ``hipback`` command line: its commands, their options and help, one function a command.

Each command's handler is given by ``cli/main.py`` (:func:`make_parser` takes them by command
name), so this module only describes the command line. The options several commands share
(``--content``, ``--config``, ``--cache``) are written once (:data:`SHARED`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from importlib.metadata import version

from ..publish.offline import OFFLINE_DIR
from ..publish.pipeline import ENGINES

__all__ = ["DEV_ADDR", "DEV_ADDR_ENV", "Handler", "make_parser"]

Handler = Callable[[argparse.Namespace], int]

DEV_ADDR = "127.0.0.1:8000"
DEV_ADDR_ENV = "HIPBACK_DEV_ADDR"

SHARED: dict[str, tuple[str, str, str, str]] = {
    # name: (flag, default, metavar, help)
    "content": ("--content", "content", "DIR", "content folder (default: content)"),
    "config": ("--config", "mkdocs.yml", "FILE", ("the project's MkDocs configuration (default: "
               "mkdocs.yml, so run hipback from the project folder)")),
    "cache": ("--cache", "build/cache", "DIR", ("cache for rendered diagrams and handouts "
              "(default: build/cache)")),
}


def _command(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             name: str, handler: Handler, *, help: str, description: str,
             shared: tuple[str, ...] = ("content",)) -> argparse.ArgumentParser:
    """A command with its help and the shared options it takes, handled by ``handler``."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description)
    for key in shared:
        flag, default, metavar, text = SHARED[key]
        parser.add_argument(flag, default=default, metavar=metavar, help=text)
    parser.set_defaults(func=handler)
    return parser


def _build(sub: argparse._SubParsersAction, handler: Handler) -> None:  # type: ignore[type-arg]
    p = _command(sub, "build", handler, shared=("content", "config", "cache"),
                 help="check, generate, build the site and handouts",
                 description="Everything `make site` does: check, generate, run `mkdocs build "
                 "--strict` (once a language: the source's and each translation's), render the handouts, "
                 "then swap the new site in.")
    p.add_argument("--site-dir", default="site", metavar="DIR",
                   help="where the finished site goes (default: site); a symlink such as "
                   "current -> releases/1 stays one, switched to a new releases/2")
    p.add_argument("--docs", default="build/docs", metavar="DIR",
                   help="working folder for the generated Markdown (default: build/docs)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF handouts")
    p.add_argument("--publish", action="store_true",
                   help="build to go live: refuses what `hipback check --publish` refuses "
                   "(no clinical or translator sign-off, a stale or missing safety "
                   "translation, a public_url that is not the site's public https address) "
                   "before any work")
    p.add_argument("--engine", choices=ENGINES, default=ENGINES[0],
                   help="what turns the generated folder into HTML (default: mkdocs; "
                   "zensical needs pip install 'hipback[zensical]')")
    p.add_argument("--languages", action=argparse.BooleanOptionalAction, default=True,
                   help="build every translated language's pages into SITE/LANG/ "
                   "(content/translations/LANG/; the default); --no-languages: the source "
                   "language only")
    p.add_argument("--offline", nargs="?", const=OFFLINE_DIR, default=None, metavar="DIR",
                   help="also build the offline copy, for a USB stick or a file share: it "
                   f"opens from files with no web server (default folder: {OFFLINE_DIR}; "
                   "always built with MkDocs)")


def _pdf(sub: argparse._SubParsersAction, handler: Handler) -> None:  # type: ignore[type-arg]
    p = _command(sub, "pdf", handler, shared=("content", "cache"),
                 help="render the PDF handouts only",
                 description="Render the handouts (in parallel, cached by content hash).")
    p.add_argument("--only", metavar="SLUG", help="render just this handout")
    p.add_argument("--out", default="build/handouts", metavar="DIR",
                   help="where to put the PDFs (default: build/handouts)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="render on the Dask cluster whose scheduler is at ADDRESS (e.g. "
                   "tcp://host:8786; needs pip install 'hipback[dask]'); the PDFs come back "
                   "into the local cache")


def _serve(sub: argparse._SubParsersAction, handler: Handler) -> None:  # type: ignore[type-arg]
    p = _command(sub, "serve", handler, shared=("content", "config", "cache"),
                 help="preview with live reload",
                 description="Preview the site at http://127.0.0.1:8000/. Saving a file under "
                 "the content folder rebuilds the pages it changed and reloads the browser; the "
                 "pages that list it, and those whose navigation changed, follow a moment "
                 "later. Content with errors keeps the last good pages.")
    p.add_argument("--docs", default="build/docs", metavar="DIR", help=argparse.SUPPRESS)
    p.add_argument("--dev-addr", default=None, metavar="IP:PORT",
                   help=f"address to serve on (default: ${DEV_ADDR_ENV} when set, else "
                   f"{DEV_ADDR})")


def _new(sub: argparse._SubParsersAction, handler: Handler) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("new", help="scaffold new content",
                       description="Create a new content file with every field explained.")
    kinds = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    q = _command(kinds, "condition", handler, help="a new condition file",
                 description="Create conditions/SLUG.yml with every field explained.")
    q.add_argument("slug", metavar="SLUG", help="URL-safe name, e.g. hip-bursitis")
    q.add_argument("--force", action="store_true", help="overwrite an existing file")


def _translations(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
                  handler: Handler) -> None:
    p = _command(sub, "translations", handler,
                 help="translations as gettext PO files for translators; a translator's "
                 "sign-off",
                 description="export: write every text of the content with its translation so "
                 "far into a PO file (stale ones marked fuzzy); import: read a PO file back into "
                 "translations/LANG/; approve: record that a qualified translator checked the "
                 "language's texts as they are now (translations/LANG/signoff.yml).")
    p.add_argument("action", choices=["export", "import", "approve"])
    p.add_argument("--lang", required=True, metavar="LANG", help="language code, e.g. cy")
    p.add_argument("--po", metavar="FILE",
                   help="the PO file (default: build/translations/LANG.po)")
    p.add_argument("--name", help="approve: the translator's real name")
    p.add_argument("--qualification",
                   help="approve: their qualification, for example MCIL CL or MITI")
    p.add_argument("--body", help="approve: their professional body, for example CIOL or ITI")
    p.add_argument("--number", help="approve: their membership number with that body")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="approve: the day they signed (default: today)")


def _check(sub: argparse._SubParsersAction, handler: Handler) -> None:  # type: ignore[type-arg]
    p = _command(sub, "check", handler,
                 help="content quality report (reading level, reviews, sources)",
                 description="Check reading level, required sections, review dates, sources, "
                 "glossary use and flowchart wording. Exit 1 only on errors.")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--today", metavar="YYYY-MM-DD", default=None,
                   help="the date to judge review dates against (default: today)")
    p.add_argument("--publish", action="store_true",
                   help="judge the content as about to go live: no clinical sign-off, or "
                   "safety content changed since it, is an error (naming each change), not a "
                   "warning")


def _validate(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
              handler: Handler) -> None:
    _command(sub, "validate", handler, help="check the content and report every problem",
             description="Check every content file and how they fit together. Exit 0 when "
             "clean, 1 when there are errors.")


def _generate(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
              handler: Handler) -> None:
    p = _command(sub, "generate", handler, shared=("content", "config", "cache"),
                 help="write the generated Markdown tree",
                 description="Check the content, then write the Markdown pages, diagrams and "
                 "exports. Only files whose bytes changed are rewritten.")
    p.add_argument("--out", default="build/docs", metavar="DIR",
                   help="where to write the Markdown tree (default: build/docs)")


def _schema(sub: argparse._SubParsersAction, handler: Handler) -> None:  # type: ignore[type-arg]
    p = _command(sub, "schema", handler, shared=(), help="export the JSON Schemas editors use",
                 description="Write one JSON Schema per content file kind.")
    p.add_argument("--out", default="schemas", metavar="DIR", help="default: schemas")


COMMANDS = (("validate", _validate), ("generate", _generate), ("build", _build), ("pdf", _pdf),
            ("serve", _serve), ("new", _new), ("schema", _schema),
            ("translations", _translations), ("check", _check))
"""The commands in the order ``hipback --help`` lists them."""


def make_parser(handlers: Mapping[str, Handler]) -> argparse.ArgumentParser:
    """The whole command line; ``handlers``: each command's function, by name."""
    parser = argparse.ArgumentParser(
        prog="hipback",
        description="Turn structured health-condition content into a patient-education site "
        "and printable handouts.")
    parser.add_argument("--version", action="version", version=f"hipback {version('hipback')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, add in COMMANDS:
        add(sub, handlers[name])
    from .review import add_parser as add_review

    add_review(sub)
    return parser
