"""What a translation may change: every text of the source content, by file and stable key.

A translation holds text only. Which questions the guide asks, where each answer leads, which
signs a list holds, every id, tier, region, colour and source comes from the source language,
so a translation can never change where an answer leads. This module lists the texts of the
source files as :class:`Unit` s, each under a key that does not move when other texts change:

* an item of a list that has ids (sign lists, their signs, questions, outcomes, tiers, regions,
  features, glossary terms, groups) is named by its id: ``emergency-signs/signs/both-legs``;
* a flowchart answer by its own ``id`` if it has one, else by where it leads (``next``), which
  the flowchart's checks keep unique within a question: ``who/answers/child-signs``;
* an item of a plain list (a condition's ``feels_like`` lines, its ``get_help`` reasons) by its
  place, counted from 1: ``get_help/today/2``. Moving lines about changes these keys' texts;
  each translation records the fingerprint of the text it translates (:func:`fingerprint`), so
  the moved translations are reported stale, never shown against the wrong line.

Safety texts (:attr:`Unit.safety`) are the sign lists, the care tiers, the guide's questions,
answers and outcomes, who the guide is for, the disclaimer and every condition's "when to get
help" reasons: ``check --publish`` refuses a language where any of them is missing or stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..load.yamlio import Loaded, Loc

__all__ = ["SAFETY_FILES", "TRANSLATED_FILES", "TranslatedText", "TranslationFile", "Unit",
           "content_units", "file_units", "fingerprint", "is_translated_file", "page_units", "source_units",
           "translation_file"]

TRANSLATED_FILES = ("site.yml", "regions.yml", "features.yml", "glossary.yml", "care-tiers.yml",
                    "red-flags.yml", "flowchart.yml", "scenarios.yml", "strings.yml")
"""The top-level files with reader text (``sources.yml`` names publications in their own
language; the condition files, ``conditions/<slug>.yml``, are translated too)."""

SAFETY_FILES = ("care-tiers.yml", "red-flags.yml", "flowchart.yml")

TEXT_KEYS = frozenset({
    "name", "also_called", "summary", "how_it_causes_pain", "feels_like", "worse_with",
    "better_with", "diagnosis", "self_care", "avoid", "treatment", "text", "heading", "intro",
    "question", "help", "label", "title", "short", "action", "disclaimer", "scope",
    "description", "tagline", "hint", "definition", "story", "get_help",
})
"""Fields whose values readers read (a text, or a list of texts)."""

SAFETY_SITE_KEYS = ("disclaimer", "scope")

STRUCTURE_KEYS = frozenset({"sources"})
"""Keys never translated, even inside a text field (``treatment: [{text, sources}]``)."""

_ANSWERS = "answers"


FINGERPRINT_PATTERN = r"^[0-9a-f]{12}$"


class TranslatedText(BaseModel):
    """One translated text (the JSON Schema of translation files is made from this)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str = Field(pattern=FINGERPRINT_PATTERN, description=(
        "Fingerprint of the source text this translates (hipback translations export gives "
        "it); when the source changes, the translation shows as stale."))
    text: str = Field(min_length=1, description="The translation.")


TranslationFile = dict[str, TranslatedText]
"""A translation file: the key of a source text (as ``hipback translations export`` names it)
→ its translation."""


def fingerprint(text: str) -> str:
    """The fingerprint a translation records of the source text it translates (12 hex
    characters of its SHA-256: enough to tell two versions of a text apart)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def is_translated_file(key: str) -> bool:
    return key in TRANSLATED_FILES or (key.startswith("conditions/") and key.endswith(".yml"))


@dataclass(frozen=True)
class Unit:
    """One text of a source file: its key within the file, the text, where it stands."""

    file: str
    key: str
    text: str
    loc: Loc
    safety: bool

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def _item_name(item: Any, index: int, parent: str) -> str:
    if isinstance(item, dict):
        if isinstance(item.get("id"), str):
            return str(item["id"])
        if parent == _ANSWERS and isinstance(item.get("next"), str):
            return str(item["next"])
    return str(index + 1)


def _walk(data: Any, loc: Loc, names: tuple[str, ...], field: str | None,
          texts: bool) -> Iterator[tuple[Loc, tuple[str, ...], str]]:
    """Every text under ``data``: (its YAML location, its key's parts, the text)."""
    if isinstance(data, str):
        if texts:
            yield loc, names, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                # a cited treatment's source ids are structure, inside a text field
                inside = (texts or key in TEXT_KEYS) and key not in STRUCTURE_KEYS
                yield from _walk(value, (*loc, key), (*names, key), key, inside)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            name = _item_name(item, index, field or "")
            yield from _walk(item, (*loc, index), (*names, name), field, texts)


def _is_safety(file: str, names: tuple[str, ...]) -> bool:
    if file in SAFETY_FILES:
        return True
    if file == "site.yml":
        return names[:1] in tuple((k,) for k in SAFETY_SITE_KEYS)
    return file.startswith("conditions/") and names[:1] == ("get_help",)


def _skip(file: str, names: tuple[str, ...]) -> bool:
    """Keys that are text-like but not reader text: the flowchart's tag list and the tier
    words the diagnosis-wording rule looks for stay in the source language."""
    return names[-1:] == ("tags",) or (file == "care-tiers.yml" and "words" in names)


ALL_TEXT = ("strings.yml",)
"""Files whose every value is reader text (the content's own words for the engine's)."""


def file_units(file: str, loaded: Loaded) -> dict[str, Unit]:
    """The units of one source file, by key (in file order)."""
    units: dict[str, Unit] = {}
    for loc, names, text in _walk(loaded.data, (), (), None, file in ALL_TEXT):
        top = names[1:] if names and names[0] in ("lists", "tiers", "questions", "outcomes",
                                                  "regions", "features", "terms", "scenarios",
                                                  "groups") and len(names) > 1 else names
        if _skip(file, top) or not text.strip():
            continue
        key = "/".join(top)
        units.setdefault(key, Unit(file=file, key=key, text=text, loc=loc,
                                   safety=_is_safety(file, top)))
    return units


PAGE_TEXTS = ("title", "description")
"""A hand-written page's front-matter texts; its Markdown body is one more text, ``body``."""
BODY = "body"
BODY_LOC: Loc = ("\0body",)
"""Where a page's body is (not a YAML key: a page's body follows its front matter)."""


def page_units(key: str, front: Loaded, body: str) -> dict[str, Unit]:
    """The texts of a hand-written page ``pages/<slug>.md``: its title and description, and its
    whole Markdown body (a translator translates a page as a page, headings and lists kept)."""
    units: dict[str, Unit] = {}
    data = front.data if isinstance(front.data, dict) else {}
    for name in PAGE_TEXTS:
        if isinstance(data.get(name), str) and data[name].strip():
            units[name] = Unit(file=key, key=name, text=data[name], loc=(name,), safety=False)
    if body.strip():
        units[BODY] = Unit(file=key, key=BODY, text=body, loc=BODY_LOC, safety=False)
    return units


def translation_file(source: str) -> str:
    """The translation file of a source file, below ``translations/<language>/``: the same path;
    a page's (``pages/index.md``) is YAML like the others (``pages/index.yml``)."""
    return source[:-3] + ".yml" if source.endswith(".md") else source


def content_units(content: Any) -> dict[str, dict[str, Unit]]:
    """:func:`source_units` of checked content (a ``model.content.Content``)."""
    pages = [(f"pages/{page.slug}.md",
              Loaded(data={k: getattr(page, k) for k in PAGE_TEXTS}, positions={}), page.body)
             for page in content.pages]
    return source_units(content.files, pages)


def source_units(files: Mapping[str, Loaded],
                 pages: Iterable[tuple[str, Loaded, str]] = ()) -> dict[str, dict[str, Unit]]:
    """Every text of the source content that a translation may give: file → key → unit.
    ``pages``: the hand-written pages as (key, front matter, body)."""
    units = {file: file_units(file, loaded) for file, loaded in sorted(files.items())
             if is_translated_file(file)}
    for key, front, body in sorted(pages, key=lambda page: page[0]):
        units[key] = page_units(key, front, body)
    return units
