"""What a condition page shows, as values for ``condition.md.j2`` (formatting stays in Jinja).

Section order follows FORMAT-V2 (NHS order: when to get help before treatment). The page carries
its own "On this page" list. :func:`sections` is the one list of sections: the template writes
both that list and every heading (with its ``{#id}``) from it, and its lookups are strict, so a
link can never point at a heading that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ...model import Condition
from ...model.sitemap import Place
from ...model.vocab import Source
from ...resolve import Resolved
from ...text.inline import LinkResolver, prose_plain
from ...text.rawhtml import MAP_SLOT, RED_FLAGS_SLOT, raw_block, slot
from ...text.urls import source_href
from .. import care
from ..fmt import NOT_SEARCHED
from ..treatment import MARKDOWN_CITES, treatment_items


@dataclass(frozen=True, kw_only=True)
class Section:
    """A section of the page: ``condition.md.j2`` writes its heading from ``key`` (its
    ``heading`` macro), so the heading's ``{#id}`` and the "On this page" link are one value."""

    key: str
    title: str

    @property
    def id(self) -> str:
        return self.key.replace("_", "-")


def sections(r: Resolved, c: Condition, *, compared: bool) -> list[Section]:
    """The page's sections in order; the template can name no other (its lookups are strict)."""
    s = r.strings["condition"]
    keys = ["where_felt", "how_it_causes", "feels_like", "worse_with", "better_with",
            "when_to_get_help", "self_care", *(["avoid"] if c.avoid else []), "diagnosis",
            "treatment", *(["compared"] if compared else []), *(["related"] if c.related else [])]
    return [*(Section(key=k, title=s[k]) for k in keys),
            Section(key="sources", title=r.strings["common"]["sources"]),
            Section(key="review", title=s["review_heading"])]


def shown_source(src: Source, link: LinkResolver) -> dict[str, Any]:
    """A source as a page lists it: its link resolved for that page (a page of this site is
    linked relatively, so the link works wherever the site is published)."""
    return {"title": src.title, "publisher": src.publisher, "accessed": src.accessed,
            "url": source_href(src.url, link) or ""}


def condition_context(
    r: Resolved, slug: str, c: Condition, *, page: str, compared: bool
) -> dict[str, Any]:
    """Every value ``condition.md.j2`` uses besides the extras (map, excerpt, JSON-LD)."""
    link = r.links.resolver(page, Place.BODY)
    # The red-flag cards come first: the theme fills their slot (see generator.text.rawhtml).
    cards = [slot(RED_FLAGS_SLOT), *care.condition_cards(r, slug, link=link)]
    clinical, signed = r.clinical_line(slug)
    shown = sections(r, c, compared=compared)
    return {
        "c": c,
        "slug": slug,
        "s": r.strings,
        "site": r.site,
        "summary_text": prose_plain(c.summary),
        "main_regions": [r.region_label(x) for x in c.where_felt.main],
        "sometimes_regions": [r.region_label(x) for x in c.where_felt.sometimes],
        "sides_text": r.strings["condition"][f"sides_{c.where_felt.sides}"],
        "care_block": Markup(raw_block(care.group_html(cards))),
        "treatment": treatment_items(r, slug, MARKDOWN_CITES,
                                     link=r.links.resolver(page, Place.MARKDOWN)),
        "related": [(x, r.conditions[x].name) for x in c.related],
        "sources": [shown_source(r.sources[i], r.links.resolver(page, Place.MARKDOWN))
                    for i in c.sources],
        "clinical": {"text": clinical, "signed": signed},
        "sections": shown,  # the "On this page" list
        "sec": {x.key: x for x in shown},  # each heading (the template's heading macro)
        "not_searched": Markup(NOT_SEARCHED),
        "map_slot": Markup(slot(MAP_SLOT)),
    }
