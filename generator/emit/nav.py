"""The site navigation and the settings MkDocs needs, all written into the build folder."""

from __future__ import annotations

from typing import Any

from ..model.sitemap import (
    COMPARE,
    CONDITIONS_INDEX,
    FLOWCHART,
    HANDOUTS,
    HOW_WE_CHECK,
    WHERE,
    Place,
    condition_page,
)
from ..resolve import Resolved
from ..text.escape import Html, css_string, theme_values
from ..text.inline import prose_html
from . import care
from .fragments import render
from .untranslated import mark


def nav(r: Resolved) -> list[Any]:
    """The navigation, written out in full (no hook fills it in at build time)."""
    content = r.content
    # Plain text: site_settings escapes the whole configuration for the theme.
    s = dict(r.strings["nav"])
    entries: list[tuple[float, str, Any]] = []
    for page in content.pages:
        if page.slug == "index":
            continue
        entries.append((page.nav_order, page.title, {page.title: f"{page.slug}.md"}))
    groups: list[Any] = [CONDITIONS_INDEX]
    for group in content.site.groups:
        items = content.conditions_in_group(group.id)
        if items:
            entries_ = [{c.name: condition_page(slug)} for slug, c in
                        sorted(items, key=lambda sc: sc[1].name.lower())]
            groups.append({group.title: _nav_sections(entries_)})
    entries.append((4, s["conditions"], {s["conditions"]: groups}))
    entries.append((5, s["compare"], {s["compare"]: COMPARE}))
    entries.append((6, s["where"], {s["where"]: WHERE}))
    entries.append((7, s["flowchart"], {s["flowchart"]: FLOWCHART}))
    entries.append((7.5, s["how_we_check"], {s["how_we_check"]: HOW_WE_CHECK}))
    entries.append((8, s["handouts"], {s["handouts"]: HANDOUTS}))
    entries.sort(key=lambda t: (t[0], t[1]))
    return [{s["home"]: "index.md"}] + [t[2] for t in entries]


NAV_SECTION_MAX = 30
"""Most entries one navigation section lists; a longer group is split into A–Z sections."""


def _nav_sections(entries: list[dict[str, str]]) -> list[Any]:
    """A group's nav entries, split into alphabetical sections when there are too many.

    Material with ``navigation.prune`` renders, on every page, the whole section the page is in.
    A group of 500 conditions made each of their pages carry 500 nav links (~200 KB of HTML a
    page, so the site and its build time grew with N²). Sections of at most
    :data:`NAV_SECTION_MAX` entries, named by guide words like a dictionary's ("Hip – Lumbar
    facet"), keep every page's nav small. Groups that fit stay one flat list, as before.
    """
    if len(entries) <= NAV_SECTION_MAX:
        return list(entries)
    count = -(-len(entries) // NAV_SECTION_MAX)
    size, extra = divmod(len(entries), count)
    chunks: list[list[dict[str, str]]] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        chunks.append(entries[start:end])
        start = end
    names = [[next(iter(entry)) for entry in chunk] for chunk in chunks]
    out: list[Any] = []
    for i, chunk in enumerate(chunks):
        first = _guide_word(names[i][0], names[i - 1][-1] if i else None)
        last = _guide_word(names[i][-1], names[i + 1][0] if i + 1 < len(chunks) else None)
        label = first if first == last else f"{first} – {last}"
        out.append({label: chunk})
    return out


def _guide_word(name: str, neighbour: str | None) -> str:
    """The fewest leading words of ``name`` that tell it apart from ``neighbour``."""
    words = name.split()
    other = neighbour.lower().split() if neighbour else []
    for j in range(1, len(words) + 1):
        if [w.lower() for w in words[:j]] != other[:j]:
            return " ".join(words[:j]).rstrip(",;:")
    return name




def disclaimer_html(r: Resolved) -> str:
    """The disclaimer every page ends with, and the scope (who the guide is for) after it.

    The same HTML sits on pages at every depth, so its links are full public addresses.
    In a translated language it ends with whether a qualified translator checked the
    translation (:attr:`~generator.resolve.Resolved.translator_line`): the one place every page
    of the language shows.
    """
    link = r.links.public_resolver(r.site.public_url)
    parts = [r.site.disclaimer, *([r.site.scope] if r.site.scope else [])]
    html = " ".join(mark(r, x, prose_html(x, link=link)) for x in parts)
    line = r.translator_line
    if line is None:
        return html
    text, signed = line
    return html + " " + render("translation-check.html.j2", text=text, signed=signed)


CONDITION_PAGE = condition_page("page")
"""Any condition page: they all sit in the same folder, so a link from one is a link from all."""


def red_flags_html(r: Resolved) -> str:
    """The red-flag cards of every condition page, made once: the theme puts them in each
    condition page's slot (:data:`~generator.text.rawhtml.RED_FLAGS_SLOT`)."""
    return "\n".join(care.everywhere_cards(r, link=r.links.resolver(CONDITION_PAGE, Place.PAGE)))


PASSED_AS_IS = ("site_url", "language")
"""Settings MkDocs reads as values, not text to print: the model allows no quote, ``<`` or space
in either (``SITE_URL_PATTERN``, ``LANGUAGE_PATTERN``), and escaping would change the address."""


def theme_settings(r: Resolved) -> dict[str, Any]:
    """Names, URL, language, nav and words for the generated MkDocs config, as plain text, with
    the HTML the generator finished marked :class:`~generator.text.escape.Html`."""
    s = r.strings
    words = ("print_handout", "disclaimer_heading", "back_to_top", "last_reviewed")
    return {
        "site_url": r.site.public_url,
        "language": r.site.language,
        "site_name": r.site.title,
        "site_description": r.site.description,
        "nav": nav(r),
        # pages for professionals, left out of the reader's navigation on purpose (MkDocs'
        # not_in_nav, gitignore-style patterns; a page missing from the nav is otherwise a
        # warning, and builds are strict)
        "not_in_nav": "/hazard-log.md",
        "copyright": r.site.publisher,
        "disclaimer_html": Html(disclaimer_html(r)),
        "red_flags_html": Html(red_flags_html(r)),
        "strings": {k: s["common"][k] for k in words},
        # the print footer's words, inside a double-quoted CSS string in <style> (main.html)
        "css": {"last_reviewed": Html(css_string(s["common"]["last_reviewed"])[1:-1])},
    }


def for_theme(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings as the theme may print them: the one gate from our data to the theme.

    Material prints all of them without escaping, so everything but :data:`PASSED_AS_IS` goes
    through :func:`~generator.text.escape.theme_values` (texts escaped for HTML, finished HTML
    as it is); ``tests/unit/test_theme_gate.py`` renders every template of ``overrides/`` with
    hostile text in every one of them.
    """
    return {key: value if key in PASSED_AS_IS else theme_values(value)
            for key, value in settings.items()}


def site_settings(r: Resolved) -> dict[str, Any]:
    """What the generated MkDocs config takes from the content, escaped for the theme."""
    return for_theme(theme_settings(r))
