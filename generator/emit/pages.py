"""The generated pages other than condition pages: compare, where does it hurt, handouts, the
conditions index. Each formats resolved data into one Markdown page (raw HTML blocks where a
table or a map needs it)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from markupsafe import Markup

from ..model.sitemap import (
    COMPARE,
    HANDOUTS,
    OVERVIEW,
    WHERE,
    Place,
    condition_page,
    handout_file,
)
from ..resolve import format_number
from ..text.escape import md_escape
from ..text.inline import prose_plain
from ..text.rawhtml import raw_block
from .bodymap import render_region_picker
from .compare import table_html
from .fragments import render
from .markdown.renderer import Renderer, first_sentence


def conditions_index(m: Renderer) -> str:
    ci = m.s["conditions_index"]
    return m.render_page(
        "conditions/index", ci["title"], ci["description"],
        f"# {md_escape(ci['title'])}\n\n{md_escape(ci['intro'])}\n\n{{{{ conditions }}}}\n")


def compare_page(m: Renderer) -> str:
    """/compare/: the legend, the filter form (shown by compare.js) and the whole table."""
    r = m.r
    content = r.content
    sc = r.strings["compare"]
    table = table_html(
        r, condition_href=lambda slug: r.links.href(COMPARE, condition_page(slug),
                                                   place=Place.BODY),
        link=r.links.resolver(COMPARE, Place.BODY))
    block = render("compare-page.html.j2", s=sc, scale=content.features.scale,
                   regions=content.regions.regions, groups=content.site.groups,
                   table=Markup(table))
    body = f"# {md_escape(sc['title'])}\n\n{md_escape(sc['intro'])}\n\n" + raw_block(block) + "\n"
    return m.render_page("compare", sc["title"], sc["description"], body, kind="compare")


def where_page(m: Renderer) -> str:
    """/where-does-it-hurt/: the region picker, one section per region, and the full table."""
    r = m.r
    content = r.content
    sw = r.strings["where"]
    picker = render_region_picker(
        r.bodymap,
        regions=[(x.id, x.label, f"#region-{x.id}") for x in content.regions.regions],
        id_prefix="hb-picker",
        title=sw["map_title"],
        description=sw["map_desc"],
        view_labels=r.view_labels,
    )

    def links(slugs: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(content.conditions[x].name,
                 r.links.href(WHERE, condition_page(x), place=Place.BODY)) for x in slugs]

    labels = {x.id: x for x in content.regions.regions}
    regions = [{"id": rid, "label": labels[rid].label, "hint": labels[rid].hint,
                "main": links(main_slugs), "some": links(some_slugs)}
               for rid, main_slugs, some_slugs in r.regions]
    block = render("where.html.j2", s=sw, picker=Markup(picker), regions=regions)
    body = f"# {md_escape(sw['title'])}\n\n{md_escape(sw['intro'])}\n\n" + raw_block(block) + "\n"
    return m.render_page("where-does-it-hurt", sw["title"], sw["description"], body,
                         kind="where")


def human_size(n: int, lang: str = "en") -> str:
    """A file's size as the handouts page prints it, the number in the page's language."""
    if n < 1024 * 1024:
        return f"{format_number(n / 1024, lang)} KB"
    return f"{format_number(n / 1024 / 1024, lang, decimals=1)} MB"


def handouts_page(m: Renderer, sizes: Mapping[str, int],
                  booklets: Sequence[tuple[str, Sequence[str]]], *,
                  linked: Collection[str] | None = None) -> str:
    """The list of PDFs. Links are raw HTML: the PDFs join the site after MkDocs has run.

    ``booklets``: each volume of the booklet (its handout name and its conditions' slugs).
    ``linked``: the handouts the site holds (``None``: all); the others are listed without a
    link, marked as not made yet (a ``--no-pdf`` build with no earlier handout to keep).
    """
    r = m.r
    content = r.content
    sh = r.strings["handouts"]

    def item(name: str, title: str, blurb: str) -> dict[str, str | None]:
        made = linked is None or name in linked
        return {"title": title, "blurb": blurb,
                "href": r.links.href(HANDOUTS, handout_file(name), place=Place.BODY)
                if made else None,
                "size": human_size(sizes[name], r.site.language) if name in sizes else None}

    general = [item(OVERVIEW, sh["overview_title"], sh["overview_blurb"])]
    if len(booklets) == 1:
        general.append(item(booklets[0][0], sh["booklet_title"], sh["booklet_blurb"]))
    for number, (name, slugs) in enumerate(booklets if len(booklets) > 1 else [], 1):
        general.append(item(
            name, sh["booklet_volume_title"].format(number=number, count=len(booklets)),
            sh["booklet_volume_blurb"].format(first=r.conditions[slugs[0]].name,
                                              last=r.conditions[slugs[-1]].name)))
    groups = [(group.title, [item(slug, c.name, first_sentence(prose_plain(c.summary)))
                             for slug, c in r.in_group(group.id)])
              for group in content.site.groups]
    groups = [(title, items) for title, items in groups if items]
    body = (
        f"# {md_escape(sh['title'])}\n\n{md_escape(sh['intro'])}\n\n"
        f"## {md_escape(sh['general'])}\n\n"
        + raw_block(render("handouts.html.j2", s=sh, groups=[(None, general)])) + "\n\n"
        f"## {md_escape(sh['per_condition'])}\n\n"
        + (raw_block(render("handouts.html.j2", s=sh, groups=groups)) + "\n" if groups else "")
    )
    return m.render_page("handouts", sh["title"], sh["description"], body, kind="handouts")


