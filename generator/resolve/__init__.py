"""Stage 4 — resolve: everything an emitter needs, computed once, from checked content.

Emitters only format. Whatever two of them would otherwise work out for themselves lives here,
computed a single time: comparison cells with their defaults, table order, the region index, the
words (engine defaults merged with the content's own), the flowchart graph, the red-flag intro
with its placeholders filled, the parsed body map with every condition's map decided
(:mod:`.bodymap`), treatment lines with their sources, public URLs and reading grades.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError

from ..checks.quality.reading import PageReading, page_readings
from ..load.artwork import BodyMap
from ..model import Condition, Feature, Site
from ..model.chart import graph_of, paths_of
from ..model.condition import Cited
from ..model.content import Content
from ..model.graph import Graph
from ..model.safety_parts import Status, condition_parts, signoff_status
from ..model.signoff import SignOff
from ..model.sitemap import SiteMap, UrlStyle, condition_page, site_map
from ..model.vocab import Source
from ..model.walk import Walk, walk
from ..text.placeholders import NUMBERS
from .bodymap import ConditionMap, condition_maps, view_labels
from .compare import (
    Cell,
    ValueCounts,
    columns,
    distinctive,
    feature_groups,
    region_index,
    resolve_cells,
    value_counts,
)
from .review import checked_line, format_date, format_number, translator_line
from .safety import Safety, resolve_safety

__all__ = ["CareTier", "Cell", "ConditionMap", "Resolved", "Safety", "SignList", "Treatment",
           "fill", "format_date", "format_number", "resolve"]


@dataclass(frozen=True, kw_only=True)
class CareTier:
    """A care tier with its placeholders filled in, and its place in the order of urgency."""

    id: str
    rank: int  # 0 is the most urgent
    label: str
    title: str
    action: str  # prose
    colour: str


@dataclass(frozen=True, kw_only=True)
class SignList:
    """A sign list from red-flags.yml with its intro filled in."""

    id: str
    tier: CareTier
    heading: str
    intro: str
    question: str
    on_every_page: bool
    signs: tuple[str, ...]  # prose


@dataclass(frozen=True)
class Treatment:
    """A treatment line and the sources it names (none for an uncited line)."""

    text: str  # prose
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class Resolved:
    """Checked content plus everything derived from it (see the module docstring)."""

    content: Content
    strings: Mapping[str, Any]
    bodymap: BodyMap
    view_labels: tuple[str, str]  # the words over the front and back views of every map
    maps: Mapping[str, ConditionMap] = field(repr=False)  # slug → its map (decided when asked)
    sources: Mapping[str, Source] = field(repr=False)  # by id
    graph: Graph
    order: tuple[str, ...]  # condition slugs in table order: by group, then by name
    cells: Mapping[tuple[str, str], Cell] = field(repr=False)  # (slug, feature id) → cell
    counts: ValueCounts = field(repr=False)
    regions: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # id, main, sometimes
    grades: Mapping[str, float]  # "conditions/<slug>" | "pages/<slug>" | "flowchart" → grade
    tiers: Mapping[str, CareTier]  # in order of urgency
    sign_lists: tuple[SignList, ...]  # in file order (most urgent first)
    region_labels: Mapping[str, str] = field(repr=False)
    walks: Mapping[str, Walk]  # scenario id → where its story goes (for the public page)
    path_count: int  # how many paths lead through the flowchart
    safety: Safety  # the engine invariants made concrete, and the content's own rules
    build_date: dt.date
    signoff: Status = field(repr=False)  # the clinical sign-off against the content as it is
    links: SiteMap  # every page and handout, and the links between them, in this build's style
    direction: str = "ltr"  # the language's writing direction: "ltr" or "rtl" (Babel)

    # -- shortcuts
    @property
    def site(self) -> Site:
        return self.content.site

    @property
    def conditions(self) -> Mapping[str, Condition]:
        return self.content.conditions

    def columns(self) -> list[tuple[str, Condition]]:
        return [(slug, self.content.conditions[slug]) for slug in self.order]

    def cell(self, slug: str, feature_id: str) -> Cell:
        return self.cells[(slug, feature_id)]

    def distinctive(self, slug: str) -> list[tuple[Feature, Cell]]:
        """Scale features that set this condition apart (see :func:`.compare.distinctive`)."""
        return distinctive(self.content, slug, self.cells, self.counts)

    def feature_groups(self) -> list[tuple[str, list[Feature]]]:
        return feature_groups(self.content)

    def region_label(self, region_id: str) -> str:
        return self.region_labels[region_id]

    def treatment(self, slug: str) -> list[Treatment]:
        """A condition's treatment lines, each with the sources it cites."""
        return [Treatment(x.text, tuple(self.sources[i] for i in x.sources))
                if isinstance(x, Cited) else Treatment(x, ())
                for x in self.content.conditions[slug].treatment]

    def tier(self, tier_id: str) -> CareTier:
        return self.tiers[tier_id]

    def sign_list(self, list_id: str) -> SignList:
        return next(x for x in self.sign_lists if x.id == list_id)

    @property
    def everywhere(self) -> tuple[SignList, ...]:
        """The sign lists every condition page and handout shows."""
        return tuple(x for x in self.sign_lists if x.on_every_page)

    def get_help(self, slug: str) -> list[tuple[CareTier, list[str]]]:
        """A condition's reasons to get help, by tier, most urgent first."""
        items = self.content.conditions[slug].get_help
        return [(t, list(items[t.id])) for t in self.tiers.values() if t.id in items]

    def group_title(self, group_id: str) -> str:
        return next(g.title for g in self.site.groups if g.id == group_id)

    def in_group(self, group_id: str) -> list[tuple[str, Condition]]:
        """A group's conditions in table order."""
        return [(s, c) for s, c in self.columns() if c.group == group_id]

    # -- URLs
    def page_url(self, doc_path: str) -> str:
        """Public URL of a docs page (``conditions/x.md`` → ``…/conditions/x/``)."""
        return self.links.public(self.site.public_url, doc_path)

    def condition_url(self, slug: str) -> str:
        return self.page_url(condition_page(slug))

    def url(self, path: str) -> str:
        return self.site.public_url + path

    # -- review
    def review_line(self, slug: str) -> str:
        """The small line under a condition page: reading level and review dates."""
        condition = self.content.conditions[slug]
        return str(self.strings["quality_line"]["line"]).format(
            grade=format_number(self.grades.get(f"conditions/{slug}", 0.0), self.site.language,
                                decimals=1),
            reviewed=self.date(condition.review.last_reviewed),
            due=self.date(condition.review.next_review),
        )

    def checked_by(self, slug: str) -> SignOff | None:
        """The clinician's sign-off, if it covers every safety part a condition's page and
        handout show exactly as they are now (else ``None``: "Not yet reviewed")."""
        return self.signoff.checked(condition_parts(self.content, slug))

    def clinical_line(self, slug: str) -> tuple[str, bool]:
        """The sign-off line under a condition (plain text) and whether a clinician checked what
        its page and handout show as they are now (see :meth:`checked_by`)."""
        return checked_line(self.checked_by(slug), self.strings, self.site.language)

    def date(self, value: dt.date) -> str:
        """A date in the site's language (:func:`.review.format_date`)."""
        return format_date(value, self.site.language)

    @property
    def guide_checked_by(self) -> SignOff | None:
        """The sign-off, if it covers the whole guide's safety content as it is now."""
        return self.signoff.signoff if self.signoff.all_current else None

    # -- translation
    @property
    def translator_line(self) -> tuple[str, bool] | None:
        """On a translated language's pages and handouts: whether a qualified translator
        checked it (plain text, and yes/no); ``None`` in the source language."""
        return translator_line(self.content.translation, self.strings)

    def untranslated(self, text: str) -> bool:
        """Whether this is a translated language that shows ``text`` in the source language."""
        translation = self.content.translation
        return translation is not None and text.strip() in translation.untranslated

    def untranslated_note(self, key: str = "untranslated_page") -> str:
        """The words that say a page (``untranslated_page``) or part of one
        (``untranslated_part``) is shown in the source language, naming it."""
        return str(self.strings["translation"][key]).format(
            language=language_name_in(self.site_source_language, self.site.language))

    @property
    def site_source_language(self) -> str:
        """The language the content was written in (the site's own, untranslated)."""
        translation = self.content.translation
        return translation.source_language if translation else self.site.language


def fill(text: str, site: Site) -> str:
    """``text`` with each of :data:`~generator.text.placeholders.NUMBERS` filled in."""
    for key in NUMBERS:
        text = text.replace("{" + key + "}", str(getattr(site, key)))
    return text


def resolve(content: Content, *, readings: tuple[PageReading, ...] | None = None,
            style: UrlStyle = UrlStyle.DIRECTORY, body_from_source: bool = False) -> Resolved:
    """Compute everything once. ``readings`` may come from the checks stage (already measured);
    ``style`` and ``body_from_source`` choose the site map's links (see ``model/sitemap.py``)."""
    order = tuple(slug for slug, _c in columns(content))
    cells = resolve_cells(content)
    measured = readings if readings is not None else tuple(page_readings(content))
    graph = graph_of(content.flowchart)
    reviewed = [c.review.last_reviewed for c in content.conditions.values()]
    if content.bodymap is None:  # the checks stop a build before this
        raise ValueError("resolve() needs checked content with a body map")
    tiers = {
        t.id: CareTier(id=t.id, rank=i, label=t.label, title=t.title,
                       action=fill(t.action, content.site), colour=t.colour)
        for i, t in enumerate(content.tiers.tiers)
    }
    walks = {x.id: walk(graph, x.answers) for x in content.scenarios.scenarios}
    labels = {x.id: x.label for x in content.regions.regions}
    words = view_labels(content, content.bodymap)
    return Resolved(
        content=content,
        strings=content.strings,
        bodymap=content.bodymap,
        view_labels=words,
        maps=condition_maps(content, content.bodymap, labels, words),
        sources={x.id: x for x in content.sources.sources},
        graph=graph,
        walks=walks,
        safety=resolve_safety(content, graph, walks),
        path_count=len(paths_of(content.flowchart)),
        order=order,
        cells=cells,
        counts=value_counts(content, cells),
        regions=tuple((region_id, tuple(main), tuple(sometimes))
                      for region_id, main, sometimes in region_index(content)),
        grades={reading.page: reading.reading_grade for reading in measured},
        tiers=tiers,
        sign_lists=tuple(
            SignList(id=x.id, tier=tiers[x.tier], heading=x.heading,
                     intro=fill(x.intro, content.site), question=x.question,
                     on_every_page=x.on_every_page, signs=tuple(s.text for s in x.signs))
            for x in content.red_flags.lists
        ),
        region_labels=labels,
        build_date=max(reviewed, default=dt.date(2000, 1, 1)),
        signoff=signoff_status(content),
        links=site_map((p.slug for p in content.pages), content.conditions, style=style,
                       body_from_source=body_from_source),
        direction=writing_direction(content.site.language),
    )


def writing_direction(language: str) -> str:
    """``"rtl"`` for a language written right to left (Arabic, Urdu, Hebrew …), else
    ``"ltr"``, as Babel's locale data says (an unknown language: left to right)."""
    try:
        order = Locale.parse(language.replace("-", "_")).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def language_name_in(language: str, reader: str) -> str:
    """``language``'s name in the ``reader``'s language ("Saesneg" for en in cy), as Babel
    knows it; the tag itself when Babel does not."""
    try:
        names = Locale.parse(reader.replace("-", "_")).languages
    except (ValueError, UnknownLocaleError):
        return language
    return str(names.get(language.replace("-", "_"), names.get(language.split("-")[0],
                                                                language)))
