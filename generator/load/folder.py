"""Read a whole content folder: every YAML file parsed with positions, every page split into
front matter and body, the body-map artwork parsed. Nothing is validated against a model here.

Problems are collected, never raised, so one bad file never hides another's: a file that cannot
be read or parsed is reported and left out, and the rest of the folder still loads.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Report
from .artwork import BodyMap, BodyMapError, load_bodymap
from .leftovers import has_leftover_part, is_leftover
from .textfile import hidden_characters, read_text
from .yamlio import Loaded, load_yaml, parse_yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_CHARS = 80
"""Longest file name (without .yml or .md) and id: a name becomes a folder of the site, a
handout ``<name>.pdf`` and a cache file ``<name>-<20 hex digits>.pdf``, and most file systems
allow 255 bytes a name (a 251-letter name failed the build with "File name too long"). The
longest name in the bundled content has 34 letters."""

TOP_LEVEL_FILES = (
    "site.yml",
    "regions.yml",
    "features.yml",
    "glossary.yml",
    "sources.yml",
    "care-tiers.yml",
    "red-flags.yml",
    "flowchart.yml",
    "scenarios.yml",
)
"""YAML files every content folder has (their models are in :mod:`generator.model`)."""

OPTIONAL_FILES = ("strings.yml", "signoff.yml")
"""YAML files a content folder may have."""

SNAPSHOT = "signoff-snapshot.json"
"""What a clinician signed (written by ``hipback review --approve``; see model/signoff.py)."""

MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024
"""The snapshot holds every condition's get-help lines: about 1 KB each, so a content folder of
thousands of conditions outgrows the limit of a hand-written file."""

BODYMAP = "bodymap.svg"

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


def display_path(display_root: str, key: str) -> str:
    """What to print as the path of a content file (relative to where the user pointed)."""
    return key if display_root in ("", ".") else f"{display_root.rstrip('/')}/{key}"


@dataclass(frozen=True, kw_only=True)
class RawPage:
    """A hand-written page: its front matter (positioned YAML) and body, not yet validated."""

    key: str  # "pages/about.md"
    slug: str  # path below pages/ without .md: "about", "guides/walking"
    display: str
    front: Loaded
    body: str
    body_line: int  # line of the file where the body starts


@dataclass(frozen=True, kw_only=True)
class Folder:
    """What was read from a content folder; files that failed to read are simply absent."""

    root: Path
    display_root: str
    yaml: Mapping[str, Loaded] = field(repr=False)  # file key → parsed data with positions
    condition_keys: tuple[str, ...]  # every conditions/<slug>.yml with a usable name
    pages: tuple[RawPage, ...]
    bodymap: BodyMap | None
    snapshot: str | None = None  # the text of signoff-snapshot.json, when there is one

    def display(self, key: str) -> str:
        return display_path(self.display_root, key)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while content loads.

    Loading keeps every object it makes (data, positions, models) and makes no reference
    cycles, so the collector finds nothing to free, yet it re-scans the ever larger heap again
    and again: more than half the load time for 1,000 condition files. Reference counting still
    frees everything temporary; the collector runs again as usual afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_folder(root: Path, display_root: str | None = None) -> tuple[Folder | None, Report]:
    """Read every file under ``root``; ``None`` only when the folder itself is missing."""
    with gc_paused():
        return _load_folder(root, display_root)


def _load_folder(root: Path, display_root: str | None) -> tuple[Folder | None, Report]:
    if display_root is None:
        display_root = os.path.relpath(root) if root.is_absolute() else str(root)
        if display_root.startswith(".."):
            display_root = str(root)
    report = Report()
    if not root.is_dir():
        report.add(display_root, 1, 1, "this content folder does not exist; check --content.")
        return None, report

    def where(key: str) -> str:
        return display_path(display_root, key)

    inside = root.resolve()

    yaml: dict[str, Loaded] = {}

    def read_yaml(key: str) -> None:
        loaded, errors = load_yaml(root / key, where(key))
        report.extend(errors)
        if loaded is None:
            return
        if not isinstance(loaded.data, dict):
            line, col = loaded.pos(())
            report.add(where(key), line, col, "this file must hold key: value lines at the top "
                       "level.")
            return
        yaml[key] = loaded

    for key in TOP_LEVEL_FILES:
        if _linked_out(inside, root / key, where(key), report):
            continue
        if (root / key).is_file():
            read_yaml(key)
        else:
            report.add(where(key), 1, 1, f"this file is missing; every content folder needs "
                       f"{key} (see CONTENT-FORMAT.md).")

    for key in OPTIONAL_FILES:
        if _linked_out(inside, root / key, where(key), report):
            continue
        if (root / key).is_file():
            read_yaml(key)

    condition_keys = _condition_files(root, where, report)
    for key in condition_keys:
        read_yaml(key)

    pages = tuple(_pages(root, where, report))
    bodymap = _bodymap(root, where(BODYMAP), report)
    snapshot = None
    if (root / SNAPSHOT).is_file() and not _linked_out(inside, root / SNAPSHOT, where(SNAPSHOT),
                                                       report):
        snapshot, errors = read_text(root / SNAPSHOT, where(SNAPSHOT),
                                     max_bytes=MAX_SNAPSHOT_BYTES)
        report.extend(errors)
    return Folder(root=root, display_root=display_root, yaml=yaml, condition_keys=condition_keys,
                  pages=pages, bodymap=bodymap, snapshot=snapshot), report


def _condition_files(
    root: Path, where: Callable[[str], str], report: Report
) -> tuple[str, ...]:
    cond_dir = root / "conditions"
    keys: list[str] = []
    seen: dict[str, str] = {}
    paths = sorted(cond_dir.iterdir()) if cond_dir.is_dir() else []
    inside = root.resolve()
    # a file that is no link, in a folder that is inside, is inside (resolving every one of a
    # thousand files took longer than reading them)
    dir_inside = cond_dir.resolve().is_relative_to(inside) if paths else False
    for path in paths:
        key = f"conditions/{path.name}"
        if is_leftover(path.name):  # hidden files, editor locks, autosaves and backups
            continue
        plain = dir_inside and not path.is_symlink()
        if not plain and _linked_out(inside, path, where(key), report):
            continue
        if path.suffix not in (".yml", ".yaml"):
            report.add(where(key), 1, 1, "only .yml files belong in conditions/; rename or move "
                       "this file.")
            continue
        slug = path.stem
        if not SLUG_RE.match(slug):
            report.add(where(key), 1, 1, f'the file name "{path.name}" is not URL-safe: it '
                       "becomes the page address /conditions/<name>/. Rename it with lowercase "
                       f'letters, digits and hyphens (for example "{_slugify(slug)}.yml").')
            continue
        if len(slug) > MAX_SLUG_CHARS:
            report.add(where(key), 1, 1, _too_long("this file", slug))
            continue
        if slug in seen:
            report.add(where(key), 1, 1, f'a condition "{slug}" already exists ({seen[slug]}); '
                       "remove one file.")
            continue
        seen[slug] = key
        keys.append(key)
    if not any(p.suffix in (".yml", ".yaml") for p in paths):
        report.add(where("conditions"), 1, 1, "there are no condition files; add "
                   "conditions/<slug>.yml (hipback new condition SLUG makes one).")
    return tuple(keys)


def files_below(root: Path, folder: Path, shown: Callable[[str], str], report: Report, *,
                suffix: str, refusal: str) -> Iterator[tuple[Path, str, str]]:
    """Each file below ``folder`` a loader may read, in order: its path, its path relative to
    ``folder`` and how messages name it (``shown`` of that). Folders and editors' leftovers
    are passed over; a link that leads outside ``root`` (or nowhere) and a file not ending in
    ``suffix`` are reported (``refusal``: what belongs here instead) and passed over."""
    inside = root.resolve()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        rel = path.relative_to(folder).as_posix()
        if path.is_dir() or has_leftover_part(rel):
            continue
        display = shown(rel)
        if _linked_out(inside, path, display, report):
            continue
        if path.suffix != suffix:
            report.add(display, 1, 1, refusal)
            continue
        yield path, rel, display


def _pages(root: Path, where: Callable[[str], str], report: Report) -> list[RawPage]:
    page_dir = root / "pages"
    out: list[RawPage] = []
    for path, rel, display in files_below(
            root, page_dir, lambda rel: where(f"pages/{rel}"), report, suffix=".md",
            refusal="only Markdown (.md) files belong in pages/; rename or move this file."):
        key = f"pages/{rel}"
        text, errors = read_text(path, display, refuse_hidden=False)
        report.extend(errors)
        if text is None:
            continue
        hidden = hidden_characters(text, display)
        report.extend(hidden)
        slug = path.relative_to(page_dir).with_suffix("").as_posix()
        if not all(SLUG_RE.match(part) for part in slug.split("/")):
            report.add(display, 1, 1, f'the file name "{path.name}" is not URL-safe; use '
                       "lowercase letters, digits and hyphens only (for example "
                       "when-to-get-help.md).")
            continue
        long = [part for part in slug.split("/") if len(part) > MAX_SLUG_CHARS]
        if long:
            what = "this file" if long[0] == slug.split("/")[-1] else f'the folder "{long[0][:20]}…"'
            report.add(display, 1, 1, _too_long(what, long[0]))
            continue
        # Windows line ends are read as plain ones (MkDocs does the same); the line count and so
        # every position stay the same
        text = text.replace("\r\n", "\n")
        match = _FRONT.match(text)
        if not match:
            if re.match(r"\A---[ \t]*\n", text):
                report.add(display, 1, 1, "the front matter is not closed: after title: and "
                           "description:, write --- on a line of its own, then the page.")
            else:
                report.add(display, 1, 1, "this page has no front matter; start it with ---, "
                           "then title: and description:, then --- on its own line.")
            continue
        if any(d.line <= text.count("\n", 0, match.end()) for d in hidden):
            continue  # reported above; the page's title would be refused a second time
        # The leading newline keeps the front matter's line numbers true to the file.
        front, errors = parse_yaml("\n" + match.group(1) + "\n", display)
        report.extend(errors)
        if front is None:
            continue
        out.append(RawPage(key=key, slug=slug, display=display, front=front,
                           body=text[match.end():],
                           body_line=text.count("\n", 0, match.end()) + 1))
    return out


def _linked_out(inside: Path, path: Path, display: str, report: Report) -> bool:
    """Report ``path`` if it is (or sits in a folder that is) a link to something outside the
    content folder: only what is inside is read and published."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        report.add(display, 1, 1, "this file is a link that leads nowhere (a loop); replace it "
                   "with the file itself.")
        return True
    if target == inside or target.is_relative_to(inside):
        return False
    report.add(display, 1, 1, "this file is a link to a file outside the content folder; only "
               "files inside the content folder are read. Copy the file in instead.")
    return True


MAX_BODYMAP_BYTES = 200 * 1024
"""The artwork is inlined in every condition page: it must stay small (the bundled one is 14 KB)."""


def _bodymap(root: Path, display: str, report: Report) -> BodyMap | None:
    path = root / BODYMAP
    if _linked_out(root.resolve(), path, display, report):
        return None
    if not path.is_file():
        report.add(display, 1, 1, "the body-map artwork bodymap.svg is missing; add it, with one "
                   'group id="region-<id>" per region in regions.yml.')
        return None
    size = path.stat().st_size
    if size > MAX_BODYMAP_BYTES:
        report.add(display, 1, 1, f"the body map is {size:,} bytes; it is drawn into every "
                   f"condition page, so it may be at most {MAX_BODYMAP_BYTES:,} bytes. Simplify "
                   "the shapes or remove what does not belong.")
        return None
    try:
        return load_bodymap(path)
    except BodyMapError as exc:
        report.add(display, exc.line, exc.col, exc.message)
        return None


def _too_long(what: str, name: str) -> str:
    return (f"the name of {what} is {len(name)} characters long; the limit is "
            f"{MAX_SLUG_CHARS}, because it becomes a web address and file names on disk. "
            "Rename it with a shorter name.")


def _slugify(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "condition"
