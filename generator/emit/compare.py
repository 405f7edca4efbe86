"""The comparison table (HTML) and a condition's "compared with the others" excerpt (Markdown).

Both only format what :mod:`generator.resolve` computed: every cell, default filled in, comes from
``Resolved.cell``. Every cell carries words (and a symbol), never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..resolve import Resolved
from ..resolve.compare import Cell
from ..text.escape import html_escape as e
from ..text.escape import md_escape
from ..text.inline import LinkResolver, prose_html


def _cell_html(c: Cell) -> str:
    parts = []
    if c.symbol:
        parts.append(f'<span class="hb-sym" aria-hidden="true">{e(c.symbol)}</span> ')
    parts.append(f'<span class="hb-val">{e(c.text)}</span>')
    if c.note:
        parts.append(f'<span class="hb-note">{e(c.note)}</span>')
    return "".join(parts)


def _name_link(name: str, href: Callable[[str], str] | None, slug: str) -> str:
    return f'<a href="{e(href(slug))}">{e(name)}</a>' if href else e(name)


def table_html(
    r: Resolved,
    *,
    condition_href: Callable[[str], str] | None,
    only: Sequence[str] | None = None,
    link: LinkResolver | None = None,
) -> str:
    """The full comparison table as one HTML block (no blank lines, so Markdown leaves it be).

    ``condition_href`` gives a condition page's link from a slug (``None``: names without links, for
    paper with no public address to give); ``only`` limits the columns; ``link``
    resolves links in the features' help texts for the page the table lands on.
    """
    strings = r.strings["compare"]
    caption = strings["caption"]
    cols = [(s, c) for s, c in r.columns() if only is None or s in only]
    rows: list[str] = []
    rows.append(f"<caption>{e(caption)}</caption>")
    rows.append("<thead>")
    # group header row
    spans: list[tuple[str, int]] = []
    for _slug, cond in cols:
        if spans and spans[-1][0] == cond.group:
            spans[-1] = (cond.group, spans[-1][1] + 1)
        else:
            spans.append((cond.group, 1))
    head = ['<tr class="hb-groups"><td class="hb-corner"></td>']
    for gid, n in spans:
        head.append(
            f'<th scope="colgroup" colspan="{n}" class="hb-group hb-group-{e(gid)}" '
            f'data-group="{e(gid)}">{e(r.group_title(gid))}</th>'
        )
    rows.append("".join(head) + "</tr>")
    head = [f'<tr><th scope="col" class="hb-feature-head">{e(strings["feature"])}</th>']
    for slug, cond in cols:
        regions = " ".join(sorted(set(cond.where_felt.main) | set(cond.where_felt.sometimes)))
        head.append(
            f'<th scope="col" id="col-{e(slug)}" class="hb-cond hb-group-{e(cond.group)}" data-condition="{e(slug)}" '
            f'data-group="{e(cond.group)}" data-regions="{e(regions)}">'
            f"{_name_link(cond.name, condition_href, slug)}</th>"
        )
    rows.append("".join(head) + "</tr>")
    rows.append("</thead>")
    for group, features in r.feature_groups():
        rows.append(f'<tbody data-feature-group="{e(group)}">')
        rows.append(
            f'<tr class="hb-rowgroup"><th scope="rowgroup" colspan="{len(cols) + 1}">'
            f"{e(group)}</th></tr>"
        )
        for feature in features:
            help_html = (
                f'<span class="hb-help">{prose_html(feature.help, link=link)}</span>' if feature.help
                else ""
            )
            tr = [
                (f'<tr data-feature="{e(feature.id)}"><th scope="row" class="hb-feature">'
                f"{e(feature.label)}{help_html}</th>")
            ]
            for slug, _cond in cols:
                c = r.cell(slug, feature.id)
                value = f' data-value="{e(c.value)}"' if c.value else ""
                tr.append(
                    f'<td data-condition="{e(slug)}"{value}>{_cell_html(c)}</td>'
                )
            rows.append("".join(tr) + "</tr>")
        rows.append("</tbody>")
    return (
        '<div class="hb-table-scroll" tabindex="0" role="region" '
        f'aria-label="{e(strings["scroll_label"])}">'
        f'<table class="hb-compare-table">{"".join(rows)}</table></div>'
    )


def excerpt_markdown(r: Resolved, slug: str, *, link: str) -> str:
    """A short "compared with the others" list for a condition page, linking to the table."""
    strings = r.strings["compare"]
    cond = r.conditions[slug]
    lines = [md_escape(strings["excerpt_intro"].format(name=cond.name)), ""]
    items = r.distinctive(slug)
    for feature, c in items:
        note = f" ({md_escape(c.note)})" if c.note else ""
        lines.append(f"- **{md_escape(feature.label)}:** {md_escape(c.text.lower())}{note}")
    if not items:
        lines.append(f"- {md_escape(strings['excerpt_none'])}")
    text_features = [f for f in r.content.features.features if f.kind == "text"]
    for feature in text_features:
        c = r.cell(slug, feature.id)
        lines.append(f"- **{md_escape(feature.label)}:** {md_escape(c.text)}")
    lines += ["", f"[{md_escape(strings['excerpt_link'])}]({link})"]
    return "\n".join(lines) + "\n"


