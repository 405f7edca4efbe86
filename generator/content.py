"""Load a whole content folder: every file parsed, modelled and positioned, errors collected.

Nothing is written here. The result is a :class:`Content` whose objects hold resolved values, plus
the source positions needed to point at any key when a later check finds a problem.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .errors import Report
from .model import (
    SLUG_RE,
    Condition,
    Features,
    Flowchart,
    Glossary,
    Plain,
    RedFlags,
    Regions,
    Site,
    Sources,
    Strict,
)
from .validation import translate
from .yamlio import Loaded, Loc, load_yaml, parse_yaml, read_text

VOCABULARY_FILES: dict[str, type[Strict]] = {
    "site.yml": Site,
    "regions.yml": Regions,
    "features.yml": Features,
    "glossary.yml": Glossary,
    "sources.yml": Sources,
    "red-flags.yml": RedFlags,
    "flowchart.yml": Flowchart,
}
"""Top-level files every content folder has, and their models."""

M = TypeVar("M", bound=Strict)


@dataclass(frozen=True, kw_only=True)
class Page:
    """A hand-written Markdown page from ``content/pages``."""

    slug: str  # path below pages/ without .md, e.g. "index" or "guides/walking"
    title: str
    description: str
    nav_order: int
    body: str
    body_line: int  # line number in the file where the body starts
    display: str


@dataclass(frozen=True, kw_only=True)
class Content:
    """Everything in a content folder, validated file by file."""

    root: Path
    display_root: str
    site: Site
    regions: Regions
    features: Features
    glossary: Glossary
    sources: Sources
    red_flags: RedFlags
    flowchart: Flowchart
    conditions: Mapping[str, Condition]
    pages: tuple[Page, ...]
    bodymap_path: Path
    files: Mapping[str, Loaded] = field(repr=False)  # file key → positions

    def display(self, key: str) -> str:
        """What to print as the path of a content file (relative to where the user pointed)."""
        return display_path(self.display_root, key)

    def where(self, key: str, loc: Loc) -> tuple[str, int, int]:
        loaded = self.files.get(key)
        line, col = loaded.pos(loc) if loaded else (1, 1)
        return self.display(key), line, col

    def conditions_in_group(self, group: str) -> list[tuple[str, Condition]]:
        return [(s, c) for s, c in sorted(self.conditions.items()) if c.group == group]


def display_path(display_root: str, key: str) -> str:
    return key if display_root in ("", ".") else f"{display_root.rstrip('/')}/{key}"


def _model(
    report: Report, root: Path, display_root: str, key: str, model: type[M]
) -> tuple[M | None, Loaded | None]:
    path = root / key
    display = display_path(display_root, key)
    if not path.is_file():
        report.add(
            display,
            1,
            1,
            f"this file is missing; every content folder needs {key} (see CONTENT-FORMAT.md).",
        )
        return None, None
    loaded, errors = load_yaml(path, display)
    report.extend(errors)
    if loaded is None:
        return None, None
    if not isinstance(loaded.data, dict):
        line, col = loaded.pos(())
        report.add(display, line, col, "this file must hold key: value lines at the top level.")
        return None, loaded
    try:
        return model.model_validate(loaded.data), loaded
    except ValidationError as exc:
        report.extend(translate(exc, model, loaded, display))
        return None, loaded


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


class PageMeta(Strict):
    title: Plain
    description: Plain
    nav_order: int = 50


def _load_page(report: Report, path: Path, root: Path, display_root: str) -> Page | None:
    key = path.relative_to(root).as_posix()
    display = display_path(display_root, key)
    text, errors = read_text(path, display)
    report.extend(errors)
    if text is None:
        return None
    slug = path.relative_to(root / "pages").with_suffix("").as_posix()
    if not all(SLUG_RE.match(part) for part in slug.split("/")):
        report.add(
            display,
            1,
            1,
            f'the file name "{path.name}" is not URL-safe; use lowercase letters, digits and '
            "hyphens only (for example when-to-get-help.md).",
        )
        return None
    match = _FRONT.match(text)
    if not match:
        report.add(
            display,
            1,
            1,
            "this page has no front matter; start it with ---, then title: and description:, "
            "then --- on its own line.",
        )
        return None
    # The front matter goes through the same positioned YAML loader as every other file;
    # the leading newline keeps its line numbers true to the file.
    loaded, errors = parse_yaml("\n" + match.group(1) + "\n", display)
    report.extend(errors)
    if loaded is None:
        return None
    try:
        meta = PageMeta.model_validate(loaded.data)
    except ValidationError as exc:
        report.extend(translate(exc, PageMeta, loaded, display))
        return None
    body = text[match.end() :]
    return Page(
        slug=slug,
        title=meta.title,
        description=meta.description,
        nav_order=meta.nav_order,
        body=body,
        body_line=text.count("\n", 0, match.end()) + 1,
        display=display,
    )


def load_content(root: Path, display_root: str | None = None) -> tuple[Content | None, Report]:
    """Load and model every file; return the content (``None`` if any file failed) and the report."""
    if display_root is None:
        display_root = os.path.relpath(root) if root.is_absolute() else str(root)
        if display_root.startswith(".."):
            display_root = str(root)
    report = Report()
    if not root.is_dir():
        report.add(display_root, 1, 1, "this content folder does not exist; check --content.")
        return None, report
    with _gc_paused():
        return _load_all(root, display_root, report)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the files load.

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


def _load_all(
    root: Path, display_root: str, report: Report
) -> tuple[Content | None, Report]:
    files: dict[str, Loaded] = {}
    models: dict[str, Any] = {}
    for key, model in VOCABULARY_FILES.items():
        obj, loaded = _model(report, root, display_root, key, model)
        models[key] = obj
        if loaded is not None:
            files[key] = loaded

    conditions: dict[str, Condition] = {}
    cond_dir = root / "conditions"
    cond_paths = sorted(cond_dir.glob("*.yml")) + sorted(cond_dir.glob("*.yaml"))
    if not cond_paths:
        report.add(
            display_path(display_root, "conditions"),
            1,
            1,
            "there are no condition files; add conditions/<slug>.yml "
            "(hipback new condition SLUG makes one).",
        )
    for path in sorted(cond_paths):
        key = f"conditions/{path.name}"
        slug = path.stem
        if not SLUG_RE.match(slug):
            report.add(
                display_path(display_root, key),
                1,
                1,
                f'the file name "{path.name}" is not URL-safe: it becomes the page address '
                "/conditions/<name>/. Rename it with lowercase letters, digits and hyphens "
                f'(for example "{_slugify(slug)}.yml").',
            )
            continue
        if slug in conditions:
            report.add(
                display_path(display_root, key),
                1,
                1,
                f'a condition "{slug}" already exists (conditions/{slug}.yml); remove one file.',
            )
            continue
        obj, loaded = _model(report, root, display_root, key, Condition)
        if loaded is not None:
            files[key] = loaded
        if obj is not None:
            conditions[slug] = obj
    for path in sorted(cond_dir.glob("*")) if cond_dir.is_dir() else []:
        if path.suffix not in (".yml", ".yaml") and not path.name.startswith("."):
            report.add(
                display_path(display_root, f"conditions/{path.name}"),
                1,
                1,
                "only .yml files belong in conditions/; rename or move this file.",
            )

    pages: list[Page] = []
    page_dir = root / "pages"
    for path in sorted(page_dir.rglob("*")) if page_dir.is_dir() else []:
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix != ".md":
            report.add(
                display_path(display_root, path.relative_to(root).as_posix()),
                1,
                1,
                "only Markdown (.md) files belong in pages/; rename or move this file.",
            )
            continue
        page = _load_page(report, path, root, display_root)
        if page is not None:
            pages.append(page)

    if report.errors or any(v is None for v in models.values()):
        return None, report
    content = Content(
        root=root,
        display_root=display_root,
        site=models["site.yml"],
        regions=models["regions.yml"],
        features=models["features.yml"],
        glossary=models["glossary.yml"],
        sources=models["sources.yml"],
        red_flags=models["red-flags.yml"],
        flowchart=models["flowchart.yml"],
        conditions=conditions,
        pages=tuple(pages),
        bodymap_path=root / "bodymap.svg",
        files=files,
    )
    return content, report


def _slugify(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "condition"
