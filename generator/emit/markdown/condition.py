"""What a condition page shows, as values for ``condition.md.j2`` (formatting stays in Jinja).

Section order follows FORMAT-V2 (NHS order: when to get help before treatment). The page carries
its own "On this page" list, built here from the same list of sections the template writes, so a
link can never point at a heading that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ...model import Condition
from ...model.condition import Cited
from ...model.sitemap import Place
from ...model.vocab import Source
from ...resolve import Resolved
from ...resolve.review import checked_line
from ...text.escape import html_escape, md_escape
from ...text.inline import LinkResolver, prose_markdown, prose_plain
from ...text.rawhtml import MAP_SLOT, RED_FLAGS_SLOT, raw_block, slot
from ...text.urls import source_href
from .. import care
from ..fmt import NOT_SEARCHED, fill_markdown, md_url, short_citation


@dataclass(frozen=True, kw_only=True)
class Section:
    id: str
    title: str


def sections(r: Resolved, c: Condition, *, compared: bool) -> list[Section]:
    """The page's sections in order (the ids are the headings' ``{#id}``)."""
    s = r.strings["condition"]
    out = [
        Section(id="where-felt", title=s["where_felt"]),
        Section(id="how-it-causes", title=s["how_it_causes"]),
        Section(id="feels-like", title=s["feels_like"]),
        Section(id="worse-with", title=s["worse_with"]),
        Section(id="better-with", title=s["better_with"]),
        Section(id="when-to-get-help", title=s["when_to_get_help"]),
        Section(id="self-care", title=s["self_care"]),
    ]
    if c.avoid:
        out.append(Section(id="avoid", title=s["avoid"]))
    out += [Section(id="diagnosis", title=s["diagnosis"]),
            Section(id="treatment", title=s["treatment"])]
    if compared:
        out.append(Section(id="compared", title=s["compared"]))
    if c.related:
        out.append(Section(id="related", title=s["related"]))
    out += [Section(id="sources", title=r.strings["common"]["sources"]),
            Section(id="review", title=s["review_heading"])]
    return out


def on_this_page_html(r: Resolved, items: list[Section]) -> str:
    """The "On this page" list (HTML)."""
    title = r.strings["common"]["on_this_page"]
    lines = [f'<nav class="hb-onpage" aria-labelledby="hb-onpage-title"{NOT_SEARCHED}>',
             f'<p class="hb-onpage__title" id="hb-onpage-title">{html_escape(title)}</p>',
             '<ul class="hb-onpage__list">']
    lines += [f'<li><a href="#{x.id}">{html_escape(x.title)}</a></li>' for x in items]
    lines += ["</ul>", "</nav>"]
    return "\n".join(lines)


def treatment_items(r: Resolved, c: Condition, *, page: str) -> list[Markup]:
    """Treatment lines as Markdown, each with a small linked citation when it names sources."""
    link = r.links.resolver(page, Place.MARKDOWN)
    by_id = {src.id: src for src in r.content.sources.sources}
    template = str(r.strings["condition"]["treatment_source"])
    out = []
    for item in c.treatment:
        if isinstance(item, Cited):
            links = ", ".join(
                f"[{md_escape(short_citation(by_id[i].title, by_id[i].publisher))}]"
                f"({md_url(source_href(by_id[i].url, link) or '')})" for i in item.sources)
            cite = fill_markdown(template, sources=links)
            out.append(Markup(f'{prose_markdown(item.text, link=link)} '
                              f'<span class="hb-cite">{cite}</span>'))
        else:
            out.append(Markup(prose_markdown(item, link=link)))
    return out


def clinical_line_html(r: Resolved, slug: str) -> tuple[str, bool]:
    """The clinician sign-off line (HTML) and whether a clinician has checked what this page
    shows as it is now (from signoff.yml only; see :meth:`Resolved.checked_by`)."""
    text, signed = checked_line(r.checked_by(slug), r.strings)
    return html_escape(text), signed


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
    by_id = {src.id: src for src in r.content.sources.sources}
    # The red-flag cards come first: the theme fills their slot (see generator.text.rawhtml).
    cards = [slot(RED_FLAGS_SLOT), *care.condition_cards(r, slug, link=link)]
    clinical, signed = clinical_line_html(r, slug)
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
        "treatment": treatment_items(r, c, page=page),
        "related": [(x, r.conditions[x].name) for x in c.related],
        "sources": [shown_source(by_id[i], r.links.resolver(page, Place.MARKDOWN))
                    for i in c.sources],
        "clinical_block": Markup(raw_block(
            f'<p class="hb-clinical hb-clinical--{"signed" if signed else "none"}">{clinical}</p>')),
        "on_this_page": Markup(raw_block(on_this_page_html(r, sections(r, c, compared=compared)))),
        "map_slot": Markup(slot(MAP_SLOT)),
    }
