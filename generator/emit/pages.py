"""The generated pages other than condition pages: compare, where does it hurt, handouts, the
conditions index. Each formats resolved data into one Markdown page (raw HTML blocks where a
table or a map needs it)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ..model.sitemap import (
    COMPARE,
    HANDOUTS,
    OVERVIEW,
    WHERE,
    Place,
    condition_page,
    handout_file,
)
from ..text.escape import html_escape as e
from ..text.escape import md_escape
from ..text.inline import prose_plain
from ..text.rawhtml import raw_block
from .bodymap import render_region_picker
from .compare import table_html
from .fmt import NOT_SEARCHED
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
    legend = " ".join(
        f'<span class="hb-legend-item"><span aria-hidden="true">{e(v.symbol)}</span> '
        f"{e(v.label)}</span>" for v in content.features.scale
    )
    table = table_html(
        r, condition_href=lambda slug: r.links.href(COMPARE, condition_page(slug),
                                                   place=Place.BODY),
        link=r.links.resolver(COMPARE, Place.BODY))
    region_opts = "".join(
        f'<option value="{e(x.id)}">{e(x.label)}</option>' for x in content.regions.regions
    )
    group_opts = "".join(
        f'<option value="{e(g.id)}">{e(g.title)}</option>' for g in content.site.groups
    )
    filter_html = (
        f'<form class="hb-compare-filter" hidden aria-label="{e(sc["filter_heading"])}">'
        f'<label>{e(sc["filter_region"])} <select name="region">'
        f'<option value="">{e(sc["filter_all_regions"])}</option>{region_opts}</select></label> '
        f'<label>{e(sc["filter_group"])} <select name="group">'
        f'<option value="">{e(sc["filter_all_groups"])}</option>{group_opts}</select></label> '
        f'<output role="status" data-template="{e(sc["filter_status"])}"></output></form>'
    )
    body = (
        f"# {md_escape(sc['title'])}\n\n{md_escape(sc['intro'])}\n\n"
        + raw_block(f'<p class="hb-legend"><strong>{e(sc["legend"])}</strong> {legend}</p>\n'
                    f'<div class="hb-compare" data-hb-compare{NOT_SEARCHED}>\n{filter_html}\n{table}\n</div>')
        + "\n"
    )
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
    sections = []
    rows = []
    for rid, main_slugs, some_slugs in r.regions:

        def links(slugs: tuple[str, ...]) -> str:
            if not slugs:
                return e(sw["none"])
            return ", ".join(
                f'<a href="{e(r.links.href(WHERE, condition_page(x), place=Place.BODY))}">'
                f"{e(content.conditions[x].name)}</a>"
                for x in slugs
            )

        region = next(x for x in content.regions.regions if x.id == rid)
        hint = f"<p>{e(region.hint)}</p>" if region.hint else ""
        sections.append(
            f'<section class="hb-region" id="region-{e(rid)}" aria-labelledby="region-{e(rid)}-h">'
            f'<h2 id="region-{e(rid)}-h">{e(region.label)}</h2>{hint}'
            f"<p><strong>{e(sw['main'])}:</strong> {links(main_slugs)}</p>"
            f"<p><strong>{e(sw['sometimes'])}:</strong> {links(some_slugs)}</p></section>"
        )
        rows.append(
            f'<tr><th scope="row">{e(region.label)}</th><td>{links(main_slugs)}</td>'
            f"<td>{links(some_slugs)}</td></tr>"
        )
    body = (
        f"# {md_escape(sw['title'])}\n\n{md_escape(sw['intro'])}\n\n"
    ) + raw_block(
        f'<div class="hb-where">\n<figure class="hb-picker"{NOT_SEARCHED}>{picker}</figure>\n'
        f'<div class="hb-regions"><p class="hb-pick-hint">{e(sw["pick_hint"])}</p>'
        f'{"".join(sections)}</div>\n'
        f"</div>\n\n"
        f'<div class="hb-table-scroll" tabindex="0" role="region" '
        f'aria-label="{e(sw["table_caption"])}"{NOT_SEARCHED}>'
        f'<table class="hb-region-table" id="hb-region-table"><caption>{e(sw["table_caption"])}</caption>'
        f'<thead><tr><th scope="col">{e(sw["region"])}</th><th scope="col">{e(sw["main"])}</th>'
        f'<th scope="col">{e(sw["sometimes"])}</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f"</table></div>"
    ) + "\n"
    return m.render_page("where-does-it-hurt", sw["title"], sw["description"], body,
                         kind="where")



def human_size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


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

    def item(name: str, title: str, blurb: str) -> str:
        if linked is not None and name not in linked:
            return (f'<li>{e(title)}<span class="hb-size">, {e(sh["not_made"])}</span>'
                    f" — {e(blurb)}</li>")
        size = f" ({e(human_size(sizes[name]))})" if name in sizes else ""
        return (
            f'<li><a href="{e(r.links.href(HANDOUTS, handout_file(name), place=Place.BODY))}" '
            f'download>{e(title)}</a>'
            f'<span class="hb-size">, PDF{size}</span> — {e(blurb)}</li>'
        )

    general = [item(OVERVIEW, sh["overview_title"], sh["overview_blurb"])]
    if len(booklets) == 1:
        general.append(item(booklets[0][0], sh["booklet_title"], sh["booklet_blurb"]))
    for number, (name, slugs) in enumerate(booklets if len(booklets) > 1 else [], 1):
        general.append(item(
            name, sh["booklet_volume_title"].format(number=number, count=len(booklets)),
            sh["booklet_volume_blurb"].format(first=r.conditions[slugs[0]].name,
                                              last=r.conditions[slugs[-1]].name)))
    groups = []
    for group in content.site.groups:
        items = [
            item(slug, c.name, first_sentence(prose_plain(c.summary)))
            for slug, c in r.in_group(group.id)
        ]
        if items:
            groups.append(f"<h3>{e(group.title)}</h3>\n<ul class=\"hb-handouts\">{''.join(items)}</ul>")
    body = (
        f"# {md_escape(sh['title'])}\n\n{md_escape(sh['intro'])}\n\n"
        f"## {md_escape(sh['general'])}\n\n"
        + raw_block(f"<ul class=\"hb-handouts\">{''.join(general)}</ul>") + "\n\n"
        f"## {md_escape(sh['per_condition'])}\n\n"
        + (raw_block("\n".join(groups)) + "\n" if groups else "")
    )
    return m.render_page("handouts", sh["title"], sh["description"], body, kind="handouts")


