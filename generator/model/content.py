"""The whole content folder as validated models, plus the positions needed to point at any key.

:func:`build_content` validates every file that loaded, file by file, and keeps going after a
failure: the cross-file checks then run on everything that did validate, so an editor sees every
mistake in every file in one run. A file that failed is listed in :attr:`Content.failed`, and the
checks that need it stay quiet instead of reporting follow-on errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..diagnostics import Diagnostic, Report
from ..load.artwork import BodyMap
from ..load.folder import Folder, RawPage, display_path, gc_paused
from ..load.yamlio import Loaded, Loc
from ..strings import load_strings
from ..text.memo import Same, remembered
from . import VOCABULARY_FILES
from .condition import Condition
from .fields import Plain, Strict
from .flowchart import Flowchart
from .scenarios import Scenarios
from .signoff import SIGNOFF_FILE, SignOff, parse_snapshot
from .site import Site
from .strings import check_overrides, merge
from .tiers import CareTiers
from .translate import translate
from .translation_signoff import Translation
from .vocab import Features, Glossary, RedFlags, Regions, Sources

M = TypeVar("M", bound=Strict)


class PageMeta(Strict):
    """A page's front matter."""

    title: Plain
    description: Plain
    nav_order: int = 50


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
    """Everything in a content folder that validated, file by file.

    When a top-level file failed, its field holds an empty stand-in and its key is in
    ``failed``; :meth:`has` tells checks whether they can rely on it. Content with failures is
    never handed to the later stages (the build stops after the checks).
    """

    root: Path
    display_root: str
    site: Site
    regions: Regions
    features: Features
    glossary: Glossary
    sources: Sources
    tiers: CareTiers
    red_flags: RedFlags
    flowchart: Flowchart
    scenarios: Scenarios
    conditions: Mapping[str, Condition]
    pages: tuple[Page, ...]
    bodymap: BodyMap | None
    files: Mapping[str, Loaded] = field(repr=False)  # file key → positions
    failed: frozenset[str] = frozenset()
    condition_slugs: frozenset[str] = frozenset()  # every condition file, valid or not
    strings: Mapping[str, Any] = field(default_factory=dict, repr=False)
    """Every word the engine prints: its defaults for the site's language with the content's
    ``strings.yml`` applied."""
    own_strings: Mapping[str, Any] = field(default_factory=dict, repr=False)
    """The content's own ``strings.yml`` as merged into :attr:`strings` (empty when it has none):
    where the engine's defaults and the artwork's own words compete, resolve asks which the
    content set (see :func:`generator.resolve.bodymap.view_labels`)."""
    signoff: SignOff | None = None
    """The clinician's sign-off (``signoff.yml``), if one has signed; see model/signoff.py."""
    snapshot: Mapping[str, Any] | None = field(default=None, repr=False)
    """The parts as signed (``signoff-snapshot.json``), if there is a usable one."""
    translation: Translation | None = field(default=None, repr=False)
    """For a translated language's content (``checks/languages.py``): the texts it shows in the
    source language and its translator's sign-off; ``None`` for the source content."""

    def has(self, key: str) -> bool:
        """True if the top-level file ``key`` (e.g. "regions.yml") validated."""
        return key not in self.failed

    def display(self, key: str) -> str:
        return display_path(self.display_root, key)

    def where(self, key: str, loc: Loc) -> tuple[str, int, int]:
        loaded = self.files.get(key)
        line, col = loaded.pos(loc) if loaded else (1, 1)
        return self.display(key), line, col

    def conditions_in_group(self, group: str) -> list[tuple[str, Condition]]:
        return [(s, c) for s, c in sorted(self.conditions.items()) if c.group == group]


def _validate(report: Report, folder: Folder, key: str, model: type[M]) -> M | None:
    loaded = folder.yaml.get(key)
    if loaded is None:
        return None
    obj, problems = _validated(model, Same(loaded), folder.display(key))
    report.extend(problems)
    return obj


@remembered
def _validated(model: type[M], loaded: Same[Loaded], display: str
               ) -> tuple[M | None, tuple[Diagnostic, ...]]:
    """One file's model, or what is wrong with it. Remembered in a preview session, where an
    unchanged file comes back as the very same parsed data (see :mod:`generator.text.memo`)."""
    try:
        return model.model_validate(loaded.obj.data), ()
    except ValidationError as exc:
        return None, tuple(translate(exc, model, loaded.obj, display))


def _page(report: Report, raw: RawPage) -> Page | None:
    try:
        meta = PageMeta.model_validate(raw.front.data)
    except ValidationError as exc:
        report.extend(translate(exc, PageMeta, raw.front, raw.display))
        return None
    return Page(slug=raw.slug, title=meta.title, description=meta.description,
                nav_order=meta.nav_order, body=raw.body, body_line=raw.body_line,
                display=raw.display)


_STAND_INS: dict[str, dict[str, Any]] = {
    "site.yml": {"groups": []},
    "regions.yml": {"regions": []},
    "features.yml": {"scale": [], "features": []},
    "glossary.yml": {"terms": []},
    "sources.yml": {"sources": []},
    "care-tiers.yml": {"tiers": []},
    "red-flags.yml": {"lists": []},
    "flowchart.yml": {"questions": [], "outcomes": []},
    "scenarios.yml": {"rules": [], "scenarios": []},
}
"""Empty values for a top-level file that failed, so checks of the other files can still run."""


def build_content(folder: Folder, report: Report) -> Content:
    """Validate every loaded file; failures go to ``report`` and into ``Content.failed``."""
    with gc_paused():  # see load.folder.gc_paused: the same holds for the models
        return _build(folder, report)


def _build(folder: Folder, report: Report) -> Content:
    models: dict[str, Any] = {}
    failed: set[str] = set()
    for key, model in VOCABULARY_FILES.items():
        obj = _validate(report, folder, key, model)
        if obj is None:
            failed.add(key)
            obj = model.model_construct(**_STAND_INS[key])
        models[key] = obj
    conditions: dict[str, Condition] = {}
    for key in folder.condition_keys:
        cond = _validate(report, folder, key, Condition)
        if cond is None:
            failed.add(key)
        else:
            conditions[key.rsplit("/", 1)[1].rsplit(".", 1)[0]] = cond
    pages = []
    for raw in folder.pages:
        page = _page(report, raw)
        if page is None:
            failed.add(raw.key)
        else:
            pages.append(page)
    language = models["site.yml"].language if "site.yml" not in failed else "en"
    strings, own = _strings(folder, report, language, failed)
    signoff = _validate(report, folder, SIGNOFF_FILE, SignOff)
    if signoff is None and SIGNOFF_FILE in folder.yaml:
        failed.add(SIGNOFF_FILE)
    return Content(
        root=folder.root,
        display_root=folder.display_root,
        site=models["site.yml"],
        regions=models["regions.yml"],
        features=models["features.yml"],
        glossary=models["glossary.yml"],
        sources=models["sources.yml"],
        tiers=models["care-tiers.yml"],
        red_flags=models["red-flags.yml"],
        flowchart=models["flowchart.yml"],
        scenarios=models["scenarios.yml"],
        strings=strings,
        own_strings=own,
        conditions=conditions,
        pages=tuple(pages),
        bodymap=folder.bodymap,
        signoff=signoff,
        snapshot=parse_snapshot(folder.snapshot),
        files=dict(folder.yaml),
        failed=frozenset(failed),
        condition_slugs=frozenset(
            k.rsplit("/", 1)[1].rsplit(".", 1)[0] for k in folder.condition_keys
        ),
    )


def _strings(folder: Folder, report: Report, language: str,
             failed: set[str]) -> tuple[dict[str, Any], Mapping[str, Any]]:
    """The engine's words in ``language`` with the content's own (``strings.yml``) over them,
    and the content's own alone (a resolve step asks which words the content set)."""
    strings = load_strings(language)
    over = folder.yaml.get("strings.yml")
    if over is None:
        return strings, {}
    problems = check_overrides(over, folder.display("strings.yml"), strings)
    report.extend(problems)
    if problems:
        failed.add("strings.yml")
        return strings, {}
    return merge(strings, over.data), over.data


def load_content(root: Path, display: str | None = None) -> tuple[Content | None, Report]:
    """Load and validate a folder file by file (no cross-file checks); the content comes back
    only when every file validated."""
    from ..load.folder import load_folder

    folder, report = load_folder(root, display)
    if folder is None:
        return None, report
    content = build_content(folder, report)
    return (None if report.errors else content), report
