"""Every document in the repository stands on its own: no link or path points outside it.

A user has this repository and nothing else: a link to ``../shared/…`` or to a folder on the
machine it was written on (``/work/…``, a home folder) is a dead end for them. Checked in every
Markdown and YAML file:

* no absolute path into a machine's folders (``/work/``, ``/home/``, ``/root/``, ``/Users/``),
  in any file, test data included;
* no relative path (``../…``, in a link, an image, a ``$schema`` comment or plain text) that
  leaves the repository when read from the file's folder, and no ``file:`` link; test data that
  is not read from its own folder is left out of this one (:data:`NOT_DOCUMENTS`);
* the repository's own documents (Markdown outside ``content/`` and ``tests/``) link only to
  files that exist, and to headings that exist.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import pytest
from hb_testlib import ROOT

SKIP_DIRS = {".git", ".venv", "node_modules", "build", "site", "bench-results", ".bench",
             ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "__pycache__"}

NOT_DOCUMENTS = {
    "tests/errors/cases": "bad input on purpose (hostile links are the point)",
    "tests/quality_cases": "bad input on purpose",
    "tests/unit/text": "the inline-Markdown corpus: hostile links on purpose",
    "tests/golden/expected": "generated pages: their links are relative to the built site",
}
"""Test data whose relative links are not read from the file's own folder."""

MACHINE_PATH = re.compile(r"(?<![\w.~/-])/(?:work|home|root|Users)/[\w.-]")
RELATIVE = re.compile(r"(?<![\w./-])((?:\.\./)+[\w./#%-]*)")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
FILE_LINK = re.compile(r"\bfile:/", re.IGNORECASE)


def _files() -> list[Path]:
    """Markdown and YAML files of the checkout; ignored folders (node_modules, .venv, …) are
    not walked at all."""
    out = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".site."))
        out += [Path(folder) / f for f in files if f.endswith((".md", ".yml", ".yaml"))]
    return sorted(out)


FILES = _files()


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _is_document(rel: str) -> bool:
    return not any(rel == d or rel.startswith(d + "/") for d in NOT_DOCUMENTS)


def _outside(rel: str, target: str) -> bool:
    """Whether ``target``, read from the folder of the repository file ``rel``, leaves it."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
    return joined == ".." or joined.startswith("../")


def problems_in(rel: str, text: str) -> list[str]:
    """Every path of ``text`` (the file ``rel``) that points outside the repository."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        out += [f"{rel}:{n}: machine path {m.group(0)!r}…" for m in MACHINE_PATH.finditer(line)]
        if not _is_document(rel):
            continue
        out += [f"{rel}:{n}: {m.group(1)!r} leaves the repository"
                for m in RELATIVE.finditer(line) if _outside(rel, m.group(1))]
        out += [f"{rel}:{n}: a file: link" for _ in FILE_LINK.finditer(line)]
    return out


def _slug(heading: str) -> str:
    """The anchor GitHub (and most Markdown viewers) give a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _own_documents() -> list[Path]:
    return [p for p in FILES if p.suffix == ".md"
            and not _rel(p).startswith(("content/", "tests/"))]


def dead_links_in(path: Path) -> list[str]:
    """Relative links of a repository document to files or headings that do not exist."""
    rel = _rel(path)
    out = []
    fenced = False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fenced = fenced != line.startswith("```")
        if fenced or line.startswith("```"):
            continue  # examples in code are not links
        for target in MD_LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # another site (https:, mailto:)
            file, _, anchor = target.partition("#")
            dest = (path.parent / file).resolve() if file else path
            if not dest.exists():
                out.append(f"{rel}:{n}: link to {target!r}: no such file")
            elif anchor and dest.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", dest.read_text(encoding="utf-8"), re.MULTILINE)
                if anchor not in {_slug(h) for h in headings}:
                    out.append(f"{rel}:{n}: link to {target!r}: no such heading")
    return out


def test_the_check_sees_paths_outside_the_repository() -> None:
    """What the other tests rely on: these are reported, and paths that stay inside are not."""
    bad = ("See `../shared/CONTENT-STYLE.md` and [design](../../shared/DESIGN.md).\n"
           "Written in /work/main/notes.\n# yaml-language-server: $schema=../x.json\n"
           "[open](file:///etc/passwd)\n")
    assert [p.split(": ", 1)[1] for p in problems_in("README.md", bad)] == [
        "'../shared/CONTENT-STYLE.md' leaves the repository",
        "'../../shared/DESIGN.md' leaves the repository",
        "machine path '/work/m'…",
        "'../x.json' leaves the repository",
        "a file: link",
    ]
    # read from its own folder: two levels up from content/conditions/ is still inside
    assert problems_in("content/conditions/x.yml", "$schema=../../schemas/c.json") == []
    assert problems_in("content/conditions/x.yml", "$schema=../../../schemas/c.json") != []
    assert problems_in("docs/CONTENT-STYLE.md", "[up](../README.md) `/handouts/x.pdf`") == []
    # test data: its relative links are not read from its folder, machine paths still count
    assert problems_in("tests/errors/cases/x.yml", "[x](../../../../y)") == []
    assert problems_in("tests/errors/cases/x.yml", "see /home/me/x") != []


def test_documents_are_found() -> None:
    names = {_rel(p) for p in FILES}
    assert {"README.md", "ARCHITECTURE.md", "CONTENT-FORMAT.md", "docs/CONTENT-STYLE.md",
            "mkdocs.yml", "content/site.yml"} <= names


@pytest.mark.parametrize("path", FILES, ids=_rel)
def test_no_path_points_outside_the_repository(path: Path) -> None:
    assert problems_in(_rel(path), path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", _own_documents(), ids=_rel)
def test_documents_link_to_what_exists(path: Path) -> None:
    assert dead_links_in(path) == []
