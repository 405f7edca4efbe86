"""The comparison table (HTML) and a condition's "compared with the others" excerpt (Markdown).

Both only format what :mod:`generator.resolve` computed: every cell, default filled in, comes from
``Resolved.cell``. Every cell carries words (and a symbol), never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, partial

from markupsafe import Markup

from ..resolve import Resolved
from ..text.escape import md_escape
from ..text.inline import LinkResolver, prose_html
from .fragments import render
from .untranslated import in_own_direction


def _columns(r: Resolved, only: Sequence[str] | None,
             condition_href: Callable[[str], str] | None) -> list[dict[str, object]]:
    """The table's columns: each condition's slug, group, regions and link (``None``: none)."""
    return [{"slug": slug, "group": cond.group, "name": cond.name,
             "regions": " ".join(sorted(set(cond.where_felt.main) | set(cond.where_felt.sometimes))),
             "href": condition_href(slug) if condition_href else None}
            for slug, cond in r.columns() if only is None or slug in only]


def _spans(r: Resolved, cols: Sequence[dict[str, object]]) -> list[tuple[str, int, str]]:
    """The group header row: each run of columns of one group, its width and its title."""
    spans: list[tuple[str, int]] = []
    for col in cols:
        group = str(col["group"])
        if spans and spans[-1][0] == group:
            spans[-1] = (group, spans[-1][1] + 1)
        else:
            spans.append((group, 1))
    return [(gid, n, r.group_title(gid)) for gid, n in spans]


def table_html(
    r: Resolved,
    *,
    condition_href: Callable[[str], str] | None,
    only: Sequence[str] | None = None,
    link: LinkResolver | None = None,
    ids: str = "",
) -> str:
    """The full comparison table as one HTML block (no blank lines, so Markdown leaves it be).

    ``condition_href`` gives a condition page's link from a slug (``None``: names without links, for
    paper with no public address to give); ``only`` limits the columns; ``link``
    resolves links in the features' help texts for the page the table lands on; ``ids`` starts
    every id of the table (several tables on one page).
    """
    cols = _columns(r, only, condition_href)
    # A cell's headers="…" names its column and column group, then its row and row group: the
    # two pairs are joined once a column and once a row here, not 8 values in each of the
    # 25,000 cells at 1,000 conditions (plain values: the template escapes them as any other).
    col_heads = [f"{ids}col-{col['slug']} {ids}colgroup-{col['group']}" for col in cols]
    groups = [
        (group, [{"id": feature.id, "label": feature.label,
                  "help": Markup(prose_html(feature.help, link=link)) if feature.help else None,
                  "head": f"{ids}feature-{feature.id} {ids}rowgroup-{number}",
                  "cells": [(col["slug"], head, r.cell(str(col["slug"]), feature.id))
                            for col, head in zip(cols, col_heads, strict=True)]}
                 for feature in features])
        for number, (group, features) in enumerate(r.feature_groups(), start=1)]
    # a few dozen distinct cell texts fill 25,000 cells at 1,000 conditions: each marked once
    own = cache(partial(in_own_direction, r))
    return render("compare-table.html.j2", s=r.strings["compare"], cols=cols,
                  spans=_spans(r, cols), groups=groups, ids=ids, own=own)


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


