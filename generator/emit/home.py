"""The home page's blocks: lead with the action, then the body, then the conditions.

Patient sites readers trust open with what to do, not with an article. The home page (a
hand-written page) places these with placeholders:

* ``{{ start }}``: the one button into the step-by-step guide;
* ``{{ emergency }}``: the most urgent sign list as a compact care card (its action at once,
  its signs one tap away), short enough to be seen without scrolling on a phone;
* ``{{ body-map }}``: the "where does it hurt?" picker, each area linking to its list;
* ``{{ condition-cards }}``: the conditions as cards, by group.
"""

from __future__ import annotations

from ..model.sitemap import FLOWCHART, WHERE, Place, condition_page
from ..resolve import Resolved
from ..text.escape import html_escape as e
from ..text.inline import LinkResolver, prose_html, prose_plain
from . import care
from .bodymap import render_region_picker
from .fmt import NOT_SEARCHED


def start_html(r: Resolved, page: str) -> str:
    """The call to action: one big button into the step-by-step guide, and what it does."""
    s = r.strings["home"]
    href = r.links.href(page, FLOWCHART, place=Place.BODY)
    return (
        '<div class="hb-start">\n'
        f'<a class="md-button md-button--primary hb-start__button" href="{e(href)}">'
        f"{e(s['start'])}</a>\n"
        f'<p class="hb-start__note">{e(s["start_note"])}</p>\n'
        "</div>"
    )


def emergency_html(r: Resolved, *, link: LinkResolver | None, level: int) -> str:
    """The most urgent sign list, compact: badge, heading and what to do, then the signs
    behind a summary a reader opens (every sign stays in the page for search and print)."""
    first = care.by_urgency(r.everywhere or r.sign_lists)[0]
    s = r.strings["home"]
    h = f"h{max(2, min(level, 6))}"
    items = "".join(f"<li>{prose_html(x, link=link)}</li>" for x in first.signs)
    return "\n".join([
        (f'<section class="hb-care hb-care--{e(first.tier.colour)} hb-care--compact" '
        f'id="home-{e(first.id)}" data-tier="{e(first.tier.id)}">'),
        (f'<{h} class="hb-care__title"><span class="hb-care__badge">{e(first.tier.label)}</span>'
        f' <span class="hb-care__heading">{e(first.heading)}</span></{h}>'),
        f'<p class="hb-care__intro">{prose_html(first.tier.action, link=link)}</p>',
        (f'<details class="hb-care__more"><summary>'
        f"{e(str(s['signs_summary']).format(count=len(first.signs)))}</summary>"),
        f'<p class="hb-care__intro">{e(first.intro)}</p>',
        f'<ul class="hb-care__list">{items}</ul>',
        "</details>",
        "</section>",
    ])


def body_map_html(r: Resolved, page: str) -> str:
    """The region picker: each area links to its section of "where does it hurt?"."""
    sw = r.strings["where"]
    picker = render_region_picker(
        r.bodymap,
        regions=[(x.id, x.label, r.links.href(page, WHERE, f"region-{x.id}", Place.BODY))
                 for x in r.content.regions.regions],
        id_prefix="hb-home-map",
        title=sw["map_title"],
        description=sw["map_desc"],
        view_labels=r.view_labels,
    )
    # out of search (its labels would read "FrontBack"): the page it links to is indexed
    return f'<figure class="hb-picker hb-picker--home"{NOT_SEARCHED}>\n{picker}\n</figure>'


def condition_cards_html(r: Resolved, page: str, *, level: int) -> str:
    """Every condition as a card (name and first sentence), grouped as in the navigation.

    A space between name and sentence (both blocks, so it shows nowhere) keeps them apart in the
    search index and in the link's text, which would otherwise read "SciaticaSciatica is…"."""
    h = f"h{max(2, min(level, 6))}"
    out = ['<div class="hb-cards">']
    for group in r.site.groups:
        items = r.in_group(group.id)
        if not items:
            continue
        out.append(f'<{h} class="hb-cards__group">{e(group.title)}</{h}>')
        out.append('<ul class="hb-cards__list">')
        for slug, cond in items:
            href = r.links.href(page, condition_page(slug), place=Place.BODY)
            summary = prose_plain(cond.summary).split(". ")[0].rstrip(".") + "."
            out.append(f'<li><a class="hb-card" href="{e(href)}"><span class="hb-card__name">'
                       f"{e(cond.name)}</span> <span class=\"hb-card__text\">{e(summary)}</span>"
                       "</a></li>")
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)
