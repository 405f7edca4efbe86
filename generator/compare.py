"""The comparison table and the "where does it hurt?" index, built only from content data.

Feature rows and their order come from ``features.yml``; condition columns from the groups in
``site.yml``. Every cell carries words (and a symbol), never colour alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .content import Content
from .model import Condition, Feature
from .textrules import html_escape as e
from .textrules import prose_to_html


@dataclass(frozen=True, kw_only=True)
class Cell:
    """One resolved table cell: what the content says, or the feature's default."""

    value: str | None  # scale id, or None for text/regions cells
    text: str  # words shown
    symbol: str
    note: str
    defaulted: bool


def columns(content: Content) -> list[tuple[str, Condition]]:
    """Conditions in table order: by group (site.yml order), then by name."""
    out: list[tuple[str, Condition]] = []
    for group in content.site.groups:
        out += sorted(content.conditions_in_group(group.id), key=lambda sc: sc[1].name.lower())
    return out


def feature_groups(content: Content) -> list[tuple[str, list[Feature]]]:
    groups: dict[str, list[Feature]] = {}
    for feature in content.features.features:
        groups.setdefault(feature.group, []).append(feature)
    return list(groups.items())


def cell(content: Content, cond: Condition, feature: Feature) -> Cell:
    scale = {v.id: v for v in content.features.scale}
    labels = {r.id: r.label for r in content.regions.regions}
    if feature.kind == "regions":
        words = ", ".join(labels[r] for r in cond.where_felt.main)
        return Cell(value=None, text=words, symbol="", note="", defaulted=False)
    entry = cond.compare.get(feature.id)
    if entry is None:
        default = scale[feature.default or ""]
        return Cell(value=default.id, text=default.label, symbol=default.symbol, note="",
                    defaulted=True)
    if hasattr(entry, "text"):
        return Cell(value=None, text=entry.text, symbol="", note="", defaulted=False)
    value = scale[entry.value]
    return Cell(value=value.id, text=value.label, symbol=value.symbol, note=entry.note or "",
                defaulted=False)


def _cell_html(c: Cell) -> str:
    parts = []
    if c.symbol:
        parts.append(f'<span class="hb-sym" aria-hidden="true">{e(c.symbol)}</span> ')
    parts.append(f'<span class="hb-val">{e(c.text)}</span>')
    if c.note:
        parts.append(f'<span class="hb-note">{e(c.note)}</span>')
    return "".join(parts)


def table_html(
    content: Content,
    *,
    condition_href: str,
    caption: str,
    strings: dict[str, str],
    only: Sequence[str] | None = None,
) -> str:
    """The full comparison table as one HTML block (no blank lines, so Markdown leaves it be).

    ``condition_href`` is a format string with ``{slug}``; ``only`` limits the columns.
    """
    cols = [(s, c) for s, c in columns(content) if only is None or s in only]
    group_title = {g.id: g for g in content.site.groups}
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
    head = [f'<tr class="hb-groups"><td class="hb-corner"></td>']
    for gid, n in spans:
        head.append(
            f'<th scope="colgroup" colspan="{n}" class="hb-group hb-group-{e(gid)}" '
            f'data-group="{e(gid)}">{e(group_title[gid].title)}</th>'
        )
    rows.append("".join(head) + "</tr>")
    head = [f'<tr><th scope="col" class="hb-feature-head">{e(strings["feature"])}</th>']
    for slug, cond in cols:
        regions = " ".join(sorted(set(cond.where_felt.main) | set(cond.where_felt.sometimes)))
        head.append(
            f'<th scope="col" id="col-{e(slug)}" class="hb-cond hb-group-{e(cond.group)}" data-condition="{e(slug)}" '
            f'data-group="{e(cond.group)}" data-regions="{e(regions)}">'
            f'<a href="{e(condition_href.format(slug=slug))}">{e(cond.name)}</a></th>'
        )
    rows.append("".join(head) + "</tr>")
    rows.append("</thead>")
    for group, features in feature_groups(content):
        rows.append(f'<tbody data-feature-group="{e(group)}">')
        rows.append(
            f'<tr class="hb-rowgroup"><th scope="rowgroup" colspan="{len(cols) + 1}">'
            f"{e(group)}</th></tr>"
        )
        for feature in features:
            help_html = (
                f'<span class="hb-help">{prose_to_html(feature.help)}</span>' if feature.help
                else ""
            )
            tr = [
                f'<tr data-feature="{e(feature.id)}"><th scope="row" class="hb-feature">'
                f"{e(feature.label)}{help_html}</th>"
            ]
            for slug, cond in cols:
                c = cell(content, cond, feature)
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


ValueCounts = Mapping[str, Mapping[str | None, int]]
"""Feature id → scale value → how many conditions have it (see :func:`value_counts`)."""


def value_counts(content: Content) -> ValueCounts:
    """How many conditions have each value of each scale feature (defaults included).

    Counted once for a whole build and handed to :func:`distinctive`: counting inside it for
    every page made the condition pages O(N²) (15 million cells for 1,000 conditions).
    """
    counts: dict[str, Counter[str | None]] = {}
    for feature in content.features.features:
        if feature.kind == "scale":
            counts[feature.id] = Counter(
                cell(content, c, feature).value for c in content.conditions.values()
            )
    return counts


def distinctive(
    content: Content, slug: str, *, counts: ValueCounts | None = None
) -> list[tuple[Feature, Cell]]:
    """Scale features where this condition says "common" and at most half of the others do.

    ``counts`` (from :func:`value_counts`) saves counting all conditions again for each page.
    """
    cond = content.conditions[slug]
    if counts is None:
        counts = value_counts(content)
    others = len(content.conditions) - 1
    out = []
    for feature in content.features.features:
        if feature.kind != "scale":
            continue
        mine = cell(content, cond, feature)
        if mine.value != content.features.scale[0].id:
            continue
        same = counts[feature.id][mine.value] - 1  # every condition with this value but this one
        if same * 2 <= others:
            out.append((feature, mine))
    return out


def excerpt_markdown(
    content: Content,
    slug: str,
    *,
    strings: dict[str, str],
    link: str,
    counts: ValueCounts | None = None,
) -> str:
    """A short "compared with the others" list for a condition page, linking to the table."""
    from .textrules import md_escape

    cond = content.conditions[slug]
    lines = [md_escape(strings["excerpt_intro"].format(name=cond.name)), ""]
    items = distinctive(content, slug, counts=counts)
    for feature, c in items:
        note = f" ({md_escape(c.note)})" if c.note else ""
        lines.append(f"- **{md_escape(feature.label)}:** {md_escape(c.text.lower())}{note}")
    if not items:
        lines.append(f"- {md_escape(strings['excerpt_none'])}")
    text_features = [f for f in content.features.features if f.kind == "text"]
    for feature in text_features:
        c = cell(content, cond, feature)
        lines.append(f"- **{md_escape(feature.label)}:** {md_escape(c.text)}")
    lines += ["", f"[{md_escape(strings['excerpt_link'])}]({link})"]
    return "\n".join(lines) + "\n"


def region_index(content: Content) -> list[tuple[str, list[str], list[str]]]:
    """For each region (vocabulary order): conditions felt there mainly, and sometimes."""
    out = []
    for region in content.regions.regions:
        main = [s for s, c in columns(content) if region.id in c.where_felt.main]
        some = [s for s, c in columns(content) if region.id in c.where_felt.sometimes]
        out.append((region.id, main, some))
    return out
