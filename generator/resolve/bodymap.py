"""What a condition's body map shows, decided once: shaded regions, words, legend and its layout.

The web page draws the map with its legend inside the SVG; the handout crops the SVG to the
artwork and prints the same legend rows as paragraphs at a readable size. Both format the one
:class:`ConditionMap` made here, so they cannot disagree on which rows there are, in which words,
or whether the "one side" note shows. :mod:`generator.emit.bodymap` only writes the markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..load.artwork import BodyMap
from ..model.content import Content

__all__ = ["LEGEND_LINE", "LEGEND_SIZE", "ONE_SIDE", "SWATCH_H", "SWATCH_W", "ConditionMap",
           "ConditionMaps", "Legend", "LegendRow", "Line", "condition_map", "condition_maps",
           "geometry", "known_regions", "label_lines", "one_line", "view_labels", "wrap"]

ONE_SIDE = ("left", "")
"""What a condition felt on one side shades: the person's left side, and the midline."""

LEGEND_SIZE = 14
LEGEND_LINE = 18
LEGEND_PAD = 14
SWATCH_W = 26
SWATCH_H = 16
CHAR_WIDTH = LEGEND_SIZE * 0.55
"""An average character's width at the legend's size: enough to wrap without measuring fonts."""

Kind = Literal["main", "sometimes", "none"]


@dataclass(frozen=True)
class Line:
    """One line of text at its anchor (SVG user units)."""

    x: float
    y: float
    text: str


@dataclass(frozen=True, kw_only=True)
class LegendRow:
    """A legend row: its kind, its words whole (the handout prints them so) and wrapped to the
    map's width with the position of its key (the SVG draws them so)."""

    kind: Literal["main", "sometimes"]
    label: str
    swatch: tuple[float, float]
    lines: tuple[Line, ...]


@dataclass(frozen=True, kw_only=True)
class Legend:
    """The rows for the regions a map shades (none for an empty list) and the "one side" note
    (``""`` when the map shades both sides)."""

    rows: tuple[LegendRow, ...]
    note: str
    note_lines: tuple[Line, ...]


@dataclass(frozen=True, kw_only=True)
class ConditionMap:
    """Everything one condition's map says, ready to format (the id prefix is the emitter's)."""

    title: str
    description: str
    regions: tuple[tuple[str, Kind], ...]  # every region of the artwork, in its order
    one_side: bool  # shade only :data:`ONE_SIDE` of the regions
    labels: tuple[Line, ...]  # "Front" and "Back" over the two views
    legend: Legend
    box: tuple[float, float, float, float]  # the artwork's own viewBox: x, y, width, height
    height: float  # with the legend below the artwork


def one_line(value: str) -> str:
    return " ".join(value.split())


def geometry(bm: BodyMap) -> tuple[float, float, float, float]:
    x, y, w, h = (float(p) for p in bm.view_box.split())
    return x, y, w, h


def wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap: SVG 1.1 has no text wrapping, and WeasyPrint needs plain <tspan> lines."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) > max_chars:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def label_lines(bm: BodyMap, words: tuple[str, str]) -> tuple[Line, ...]:
    """The words over the two views, where the artwork marks them (else above each half)."""
    x, y, w, _ = geometry(bm)
    positions = bm.label_positions or ((x + w / 4, y + 17), (x + 3 * w / 4, y + 17))
    return tuple(Line(px, py, one_line(label))
                 for (px, py), label in zip(positions, words, strict=True))


def view_labels(content: Content, bm: BodyMap) -> tuple[str, str]:
    """The words over the two views: the content's own strings when its ``strings.yml`` sets
    them, else the artwork's ``label-front``/``label-back`` texts, else the engine's defaults."""
    own = content.own_strings.get("where", {})
    words = content.strings["where"]
    if "view_front" in own or "view_back" in own or bm.view_labels is None:
        return (str(words["view_front"]), str(words["view_back"]))
    return bm.view_labels


def known_regions(bm: BodyMap, ids: Sequence[str], what: str) -> tuple[str, ...]:
    """``ids`` once each, all of them regions of the artwork."""
    unique = tuple(dict.fromkeys(ids))
    unknown = [r for r in unique if r not in bm.regions]
    if unknown:
        raise ValueError(f"{what}: unknown body-map region(s) {', '.join(unknown)}; "
                         f"the artwork has {', '.join(bm.regions)}")
    return unique


def _legend(bm: BodyMap, rows: Sequence[tuple[Literal["main", "sometimes"], str]],
            note: str) -> tuple[Legend, float]:
    """The legend laid out below the artwork, wrapped to its width so long translations still
    fit, and the map's height with it."""
    x, y, w, h = geometry(bm)
    text_x = x + LEGEND_PAD + SWATCH_W + 10
    max_chars = max(12, int((x + w - LEGEND_PAD - text_x) / CHAR_WIDTH))
    cursor = y + h + 6
    laid: list[LegendRow] = []
    for kind, label in rows:
        words = wrap(label, max_chars)
        laid.append(LegendRow(
            kind=kind, label=label, swatch=(x + LEGEND_PAD, cursor + (LEGEND_LINE - SWATCH_H) / 2),
            lines=tuple(Line(text_x, cursor + LEGEND_LINE * i + 13, t) for i, t in enumerate(words))))
        cursor += max(SWATCH_H, len(words) * LEGEND_LINE) + 8
    note = note if rows else ""
    note_lines: tuple[Line, ...] = ()
    if note:
        words = wrap(note, int((w - 2 * LEGEND_PAD) / CHAR_WIDTH))
        note_lines = tuple(Line(x + LEGEND_PAD, cursor + LEGEND_LINE * i + 13, t)
                           for i, t in enumerate(words))
        cursor += len(words) * LEGEND_LINE + 8
    legend = Legend(rows=tuple(laid), note=note, note_lines=note_lines)
    return legend, (cursor - y + 4) if rows else h


def condition_map(
    bm: BodyMap,
    *,
    main: Sequence[str],
    sometimes: Sequence[str],
    title: str,
    description: str,
    legend_main: str,
    legend_sometimes: str,
    view_labels: tuple[str, str] = ("Front", "Back"),
    sides: Literal["one", "both"] = "both",
    legend_one_side: str = "",
) -> ConditionMap:
    """Decide one map: ``main`` regions solid, ``sometimes`` hatched, the rest outlined; a legend
    row for each list that is not empty; with ``sides="one"`` only the person's left side is
    shaded and ``legend_one_side`` says so under the legend. Raises ``ValueError`` for an unknown
    region id or a region in both lists (content checks should have caught these earlier)."""
    main_ids, some_ids = known_regions(bm, main, "main"), known_regions(bm, sometimes, "sometimes")
    both = [r for r in main_ids if r in some_ids]
    if both:
        raise ValueError(f"region(s) {', '.join(both)} are listed as both main and sometimes")
    rows: list[tuple[Literal["main", "sometimes"], str]] = []
    if main_ids:
        rows.append(("main", legend_main))
    if some_ids:
        rows.append(("sometimes", legend_sometimes))
    legend, height = _legend(bm, rows, legend_one_side if sides == "one" else "")
    kinds: dict[str, Kind] = {**dict.fromkeys(main_ids, "main"),
                              **dict.fromkeys(some_ids, "sometimes")}
    return ConditionMap(
        title=title, description=description,
        regions=tuple((rid, kinds.get(rid, "none")) for rid in bm.regions),
        one_side=sides == "one", labels=label_lines(bm, view_labels), legend=legend,
        box=geometry(bm), height=height)


class ConditionMaps(Mapping[str, ConditionMap]):
    """Every condition's map in the content's words, each decided when it is asked for and not
    kept: a page (or a handout) formats its map once, so keeping a thousand of them, with their
    lines and legends, for the whole build only held memory. The same slug always gives an equal
    map; an unknown slug is a ``KeyError``."""

    def __init__(self, content: Content, bm: BodyMap, labels: Mapping[str, str],
                 words: tuple[str, str]) -> None:
        self._content, self._bm, self._labels, self._words = content, bm, labels, words

    def __getitem__(self, slug: str) -> ConditionMap:
        content, labels = self._content, self._labels
        cond = content.conditions[slug]
        where: Mapping[str, Any] = content.strings["where"]
        felt = cond.where_felt
        description = str(where["map_condition_desc"]).format(
            main=", ".join(labels[x] for x in felt.main),
            sometimes=", ".join(labels[x] for x in felt.sometimes) or "-")
        sides_text = str(content.strings["condition"][f"sides_{felt.sides}"])
        return condition_map(
            self._bm, main=felt.main, sometimes=felt.sometimes,
            title=str(where["map_condition_title"]).format(name=cond.name),
            description=f"{description} {sides_text}",
            legend_main=str(where["legend_main"]), legend_sometimes=str(where["legend_sometimes"]),
            view_labels=self._words, sides=felt.sides, legend_one_side=str(where["legend_one_side"]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._content.conditions)

    def __len__(self) -> int:
        return len(self._content.conditions)


def condition_maps(content: Content, bm: BodyMap, labels: Mapping[str, str],
                   words: tuple[str, str]) -> ConditionMaps:
    """Every condition's map in the content's words (``labels``: region id → its name), each
    decided when a page asks for it (:class:`ConditionMaps`)."""
    return ConditionMaps(content, bm, labels, words)
