"""Comparison cells (defaults filled in), table order and the region index, computed once.

Feature rows and their order come from ``features.yml``; condition columns from the groups in
``site.yml``. Every cell carries words (and a symbol), never colour alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Condition, Feature, ScaleValue, TextEntry
from ..model.content import Content


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


Cells = Mapping[tuple[str, str], Cell]
"""(condition slug, feature id) → its cell."""


def resolve_cells(content: Content) -> dict[tuple[str, str], Cell]:
    """Every cell of the comparison table, defaults filled in, computed once for the build."""
    scale = {v.id: v for v in content.features.scale}
    labels = {r.id: r.label for r in content.regions.regions}
    out: dict[tuple[str, str], Cell] = {}
    for slug, cond in content.conditions.items():
        for feature in content.features.features:
            out[(slug, feature.id)] = _cell(cond, feature, scale, labels)
    return out


def _cell(cond: Condition, feature: Feature, scale: Mapping[str, ScaleValue],
          labels: Mapping[str, str]) -> Cell:
    if feature.kind == "regions":
        words = ", ".join(labels[r] for r in cond.where_felt.main)
        return Cell(value=None, text=words, symbol="", note="", defaulted=False)
    entry = cond.compare.get(feature.id)
    if entry is None:
        default = scale[feature.default or ""]
        return Cell(value=default.id, text=default.label, symbol=default.symbol, note="",
                    defaulted=True)
    if isinstance(entry, TextEntry):
        return Cell(value=None, text=entry.text, symbol="", note="", defaulted=False)
    value = scale[entry.value]
    return Cell(value=value.id, text=value.label, symbol=value.symbol, note=entry.note or "",
                defaulted=False)


ValueCounts = Mapping[str, Mapping[str | None, int]]
"""Feature id → scale value → how many conditions have it (see :func:`value_counts`)."""


def value_counts(content: Content, cells: Cells) -> ValueCounts:
    """How many conditions have each value of each scale feature (defaults included).

    Counted once for a whole build: counting inside :func:`distinctive` for every page made the
    condition pages O(N²) (15 million cells for 1,000 conditions).
    """
    counts: dict[str, Counter[str | None]] = {}
    for feature in content.features.features:
        if feature.kind == "scale":
            counts[feature.id] = Counter(cells[(s, feature.id)].value for s in content.conditions)
    return counts


def distinctive(
    content: Content, slug: str, cells: Cells, counts: ValueCounts
) -> list[tuple[Feature, Cell]]:
    """Scale features where this condition says "common" and at most half of the others do."""
    others = len(content.conditions) - 1
    top = content.features.scale[0].id
    out = []
    for feature in content.features.features:
        if feature.kind != "scale":
            continue
        mine = cells[(slug, feature.id)]
        if mine.value != top:
            continue
        same = counts[feature.id][mine.value] - 1  # every condition with this value but this one
        if same * 2 <= others:
            out.append((feature, mine))
    return out


def region_index(content: Content) -> list[tuple[str, list[str], list[str]]]:
    """For each region (vocabulary order): conditions felt there mainly, and sometimes."""
    order = columns(content)
    out = []
    for region in content.regions.regions:
        main = [s for s, c in order if region.id in c.where_felt.main]
        some = [s for s, c in order if region.id in c.where_felt.sometimes]
        out.append((region.id, main, some))
    return out
