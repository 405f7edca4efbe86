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

from markupsafe import Markup

from ..model.sitemap import FLOWCHART, WHERE, Place, condition_page
from ..resolve import Resolved
from ..text.escape import html_escape
from ..text.inline import LinkResolver, prose_html, prose_plain
from . import care
from .bodymap import render_region_picker
from .fragments import render
from .untranslated import mark, part_note


def start_html(r: Resolved, page: str) -> str:
    """The call to action: one big button into the step-by-step guide, and what it does."""
    s = r.strings["home"]
    href = r.links.href(page, FLOWCHART, place=Place.BODY)
    return render("home-start.html.j2", s=s, href=href)


def emergency_html(r: Resolved, *, link: LinkResolver | None, level: int) -> str:
    """The most urgent sign list, compact: badge, heading and what to do, then the signs
    behind a summary a reader opens (every sign stays in the page for search and print)."""
    first = care.by_urgency(r.everywhere or r.sign_lists)[0]
    s = r.strings["home"]
    summary = str(s["signs_summary"]).format(count=len(first.signs))
    return render("home-emergency.html.j2", sl=first, level=max(2, min(level, 6)),
                  action=Markup(prose_html(first.tier.action, link=link)), summary=summary,
                  signs=[Markup(prose_html(x, link=link)) for x in first.signs])


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
    return render("home-map.html.j2", picker=Markup(picker))


def condition_cards_html(r: Resolved, page: str, *, level: int) -> str:
    """Every condition as a card (name and first sentence), grouped as in the navigation.

    A space between name and sentence (both blocks, so it shows nowhere) keeps them apart in the
    search index and in the link's text, which would otherwise read "SciaticaSciatica is…"."""
    groups = []
    for group in r.site.groups:
        cards = [{"name": _marked(r, cond.name, cond.name),
                  "href": r.links.href(page, condition_page(slug), place=Place.BODY),
                  "summary": _marked(r, cond.summary,
                                     prose_plain(cond.summary).split(". ")[0].rstrip(".") + ".")}
                 for slug, cond in r.in_group(group.id)]
        if cards:
            groups.append((group.title, cards))
    shown_untranslated = any(r.untranslated(cond.name) or r.untranslated(cond.summary)
                             for cond in r.conditions.values())
    note = Markup(part_note(r, "untranslated_list")) if shown_untranslated else ""
    return render("home-cards.html.j2", groups=groups, level=max(2, min(level, 6)), note=note)


def _marked(r: Resolved, text: str, shown: str) -> Markup:
    """``shown`` (plain words of ``text``) escaped, and marked when a translated language shows
    ``text`` untranslated (the same escaping the template gives a plain value). The list says
    so once, above its cards, rather than each card twice."""
    return Markup(mark(r, text, html_escape(shown), note=False))
