"""Care cards: the one component for "how urgent, and what to do", on pages and handouts alike.

A card shows a care tier's *label* as a badge (words, never colour alone), a heading, the filled-in
intro or action, and the signs or reasons as a list. The same HTML serves three places: finished
HTML blocks in the Markdown pages (:func:`generator.text.rawhtml.raw_block`; the red-flag cards
of condition pages are made once and put in by the theme), the handout templates, and the
/how-we-check/ and /flowchart/ badges.
Colours come from the tier (``hb-care--<colour>``, styled in ``care.css`` and the handout CSS);
the label and a thick border carry the meaning when colour cannot (print, colour blindness).

Prose (signs, actions, get-help items) goes through :mod:`generator.text.inline` with the link
resolver of the page or handout the card lands on; the HTML is the templates ``care-*.html.j2``
(:mod:`generator.emit.fragments`), which escape plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from ..resolve import CareTier, Resolved, SignList
from ..text.escape import html_escape
from ..text.inline import LinkResolver, prose_html
from .fmt import fill_html
from .fragments import render

LONG_LIST = 7
"""A list with at least this many items is set in two columns on wide screens and on paper."""


def badge_html(tier: CareTier, *, tag: str = "span") -> str:
    """The tier's label as a badge, for inline use (outcome lists, the how-we-check page)."""
    return render("care-badge.html.j2", tier=tier, tag=tag)


def card_html(
    *,
    tier: CareTier,
    title: str,
    intro_html: str,
    items_html: Sequence[str] = (),
    card_id: str,
    level: int = 3,
    kind: str = "signs",
) -> str:
    """One care card (see the module docstring). ``title`` is plain text; the others are HTML."""
    return render("care-card.html.j2", tier=tier, title=title, intro=Markup(intro_html),
                  items=[Markup(x) for x in items_html], card_id=card_id, kind=kind,
                  level=max(2, min(level, 6)), long=len(items_html) >= LONG_LIST)


def sign_list_card(sl: SignList, *, link: LinkResolver | None, level: int = 3,
                   id_prefix: str = "") -> str:
    """A sign list from red-flags.yml: its heading, intro and signs, in its tier's colour.

    ``id_prefix`` keeps ids unique where the same card appears more than once in a document
    (the booklet repeats the red-flag box for every condition)."""
    return card_html(
        tier=sl.tier,
        title=sl.heading,
        intro_html=html_escape(sl.intro),
        items_html=[prose_html(s, link=link) for s in sl.signs],
        card_id=f"{id_prefix}signs-{sl.id}",
        level=level,
    )


def tier_card(tier: CareTier, *, link: LinkResolver | None, level: int = 3) -> str:
    """A care tier on its own: label, title and what to do (``{{ care-tiers }}``)."""
    return card_html(tier=tier, title=tier.title, intro_html=prose_html(tier.action, link=link),
                     card_id=f"tier-{tier.id}", level=level, kind="tier")


def get_help_card(
    tier: CareTier,
    items: Sequence[str],
    *,
    strings: Mapping[str, Any],
    link: LinkResolver | None,
    level: int = 3,
    id_prefix: str = "",
) -> str:
    """A condition's own reasons to get help at one tier, led by the tier's action."""
    lead = fill_html(str(strings["condition"]["get_help_lead"]),
                     action=prose_html(tier.action, link=link))
    return card_html(tier=tier, title=tier.title, intro_html=lead,
                     items_html=[prose_html(x, link=link) for x in items],
                     card_id=f"{id_prefix}get-help-{tier.id}", level=level, kind="get-help")


def by_urgency(lists: Iterable[SignList]) -> list[SignList]:
    """Sign lists, most urgent tier first (file order within a tier)."""
    return sorted(lists, key=lambda x: x.tier.rank)


def everywhere_cards(r: Resolved, *, link: LinkResolver | None, level: int = 3) -> list[str]:
    """The red-flag box of every condition page and handout: the on-every-page sign lists."""
    return [sign_list_card(sl, link=link, level=level) for sl in by_urgency(r.everywhere)]


def condition_cards(r: Resolved, slug: str, *, link: LinkResolver | None,
                    level: int = 3) -> list[str]:
    """A condition's get-help items, one card per tier, most urgent first."""
    return [get_help_card(t, items, strings=r.strings, link=link, level=level)
            for t, items in r.get_help(slug)]


def group_html(cards: Sequence[str], *, label: str | None = None) -> str:
    """Cards in one raw HTML block (a wrapper, so the block has a single root element)."""
    return render("care-group.html.j2", cards=[Markup(x) for x in cards], label=label)
