"""Draw body maps from the parsed artwork: one small SVG per use (condition map, region picker).

See :mod:`generator.load.artwork` for how the artwork is read and checked, and
:mod:`generator.resolve.bodymap` for what a condition's map shows (regions, words, legend and its
layout, decided once); this module only formats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..load.artwork import ID_PREFIX_RE, BodyMap
from ..load.svgmarkup import SVG_NS, XLINK_NS
from ..load.svgmarkup import fmt_num as _num
from ..resolve import Resolved
from ..resolve.bodymap import (
    LEGEND_SIZE,
    ONE_SIDE,
    SWATCH_H,
    SWATCH_W,
    ConditionMap,
    Legend,
    Line,
    geometry,
    known_regions,
    label_lines,
    one_line,
)
from ..text.escape import xml_attr as _attr
from ..text.escape import xml_text as _text
from .svglinks import link_attrs

# Colours: strong enough for text-level contrast against white (WCAG AA), and the "sometimes"
# style differs by pattern as well as by colour, so the map does not rely on colour alone.
MAIN_FILL = "#b3261e"
MAIN_STROKE = "#7a1a14"
HATCH_BG = "#fbe4e2"
HATCH_LINE = "#b3261e"
IDLE_STROKE = "#c3ccd2"
PICK_FILL = "#d3e6f5"
PICK_STROKE = "#2b6596"
PICK_ACTIVE = "#2b6596"
LABEL_FILL = "#37474f"
TEXT_FILL = "#263238"

LABEL_SIZE = 15


def _check_prefix(id_prefix: str) -> None:
    if not ID_PREFIX_RE.match(id_prefix):
        raise ValueError(
            f"id_prefix {id_prefix!r} must start with a letter and hold only letters, "
            "digits, '-' and '_'"
        )


def _label_markup(labels: Sequence[Line]) -> str:
    texts = "".join(f'<text x="{_num(x.x)}" y="{_num(x.y)}">{_text(x.text)}</text>'
                    for x in labels)
    return (
        f'<g class="bodymap-labels" font-size="{LABEL_SIZE}" font-weight="bold" '
        f'fill="{LABEL_FILL}" text-anchor="middle">{texts}</g>'
    )


def _svg_open(
    *, prefix: str, cls: str, x: float, y: float, w: float, h: float, aria: str, links: bool
) -> str:
    xlink = f' xmlns:xlink="{XLINK_NS}"' if links else ""
    return (
        f'<svg xmlns="{SVG_NS}"{xlink} id="{prefix}" class="bodymap {cls}" '
        f'viewBox="{_num(x)} {_num(y)} {_num(w)} {_num(h)}" '
        f'width="{_num(w)}" height="{_num(h)}" {aria}>'
    )


def _tspans(lines: Sequence[Line]) -> str:
    return "".join(f'<tspan x="{_num(x.x)}" y="{_num(x.y)}">{_text(x.text)}</tspan>'
                   for x in lines)


def _legend_markup(legend: Legend, p: str) -> str:
    """The legend rows and the "one side" note as laid out by :mod:`generator.resolve.bodymap`
    (nothing when the map shades no region)."""
    if not legend.rows:
        return ""
    parts = []
    for row in legend.rows:
        fill, stroke = (MAIN_FILL, MAIN_STROKE) if row.kind == "main" else (
            f"url(#{p}-hatch)", HATCH_LINE)
        parts.append(
            f'<rect class="bodymap-swatch bodymap-{row.kind}" x="{_num(row.swatch[0])}" '
            f'y="{_num(row.swatch[1])}" width="{SWATCH_W}" height="{SWATCH_H}" '
            f'rx="2" fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
        )
        parts.append(f"<text>{_tspans(row.lines)}</text>")
    if legend.note_lines:
        parts.append(f'<text class="bodymap-side-note">{_tspans(legend.note_lines)}</text>')
    return (f'<g class="bodymap-legend" font-size="{LEGEND_SIZE}" fill="{TEXT_FILL}">'
            + "".join(parts) + "</g>")


def _hatch(p: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{p}-hatch" class="bodymap-hatch" patternUnits="userSpaceOnUse" '
        'width="8" height="8">'
        f'<rect class="bodymap-hatch-bg" width="8" height="8" fill="{HATCH_BG}"/>'
        f'<path class="bodymap-hatch-line" d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="{HATCH_LINE}" '
        'stroke-width="2.2"/>'
        "</pattern></defs>"
    )


def _region_markup(bm: BodyMap, view: ConditionMap, p: str) -> list[str]:
    """Every region: shaded as the map decided (on one side only, for a one-sided condition,
    the other side outlined), or outlined."""
    idle = (
        'class="bodymap-region bodymap-none" fill="none" '
        f'stroke="{IDLE_STROKE}" stroke-width="0.6"'
    )
    styles = {
        "main": f'fill="{MAIN_FILL}" stroke="{MAIN_STROKE}"',
        "sometimes": f'fill="url(#{p}-hatch)" stroke="{HATCH_LINE}"',
    }
    shaded_sides = ONE_SIDE if view.one_side else None
    side_attr = ' data-side="left"' if view.one_side else ""
    out = []
    for rid, kind in view.regions:
        if kind == "none":
            out.append(f'<g id="{p}-region-{rid}" data-region="{rid}" {idle}>'
                       f"{bm.markup(rid)}</g>")
            continue
        style = f'class="bodymap-region bodymap-{kind}" {styles[kind]} stroke-width="1"'
        shaded = bm.markup(rid, shaded_sides)
        other = bm.markup(rid, ("right",)) if view.one_side else ""
        if shaded:
            out.append(f'<g id="{p}-region-{rid}" data-region="{rid}"{side_attr} {style}>'
                       f"{shaded}</g>")
        if other:
            out.append(f'<g data-region="{rid}" data-side="right" {idle}>{other}</g>')
    return out


def render_condition_map(bm: BodyMap, view: ConditionMap, *, id_prefix: str) -> str:
    """One standalone, accessible SVG showing where a condition's pain is usually felt.

    ``main`` regions are solid; ``sometimes`` regions are hatched and lighter, so the two differ
    by pattern, not colour alone; every other region keeps only a faint outline so readers can
    still see the map. The legend at the bottom is the one ``view`` laid out. Raises
    ``ValueError`` for an unsafe ``id_prefix``.
    """
    _check_prefix(id_prefix)
    p = id_prefix
    x, y, w, _h = view.box
    legend = _legend_markup(view.legend, p)
    return "\n".join([
        _svg_open(prefix=p, cls="bodymap-condition", x=x, y=y, w=w, h=view.height,
                  aria=f'role="img" aria-labelledby="{p}-title {p}-desc"', links=False),
        f'<title id="{p}-title">{_text(view.title)}</title>',
        f'<desc id="{p}-desc">{_text(view.description)}</desc>',
        _hatch(p),
        f'<g class="bodymap-body">{bm.base_markup}</g>',
        '<g class="bodymap-regions">',
        *_region_markup(bm, view, p),
        "</g>",
        _label_markup(view.labels),
        *([legend] if legend else []),
        "</svg>",
    ])


_UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


def _check_picks(bm: BodyMap, regions: Sequence[tuple[str, str, str]], id_prefix: str) -> None:
    """Refuse an unsafe id prefix or link, a region listed twice, or one the artwork lacks."""
    _check_prefix(id_prefix)
    seen: set[str] = set()
    for rid, _, href in regions:
        if rid in seen:
            raise ValueError(f"region {rid} is listed twice in the picker")
        seen.add(rid)
        if _UNSAFE_SCHEME.match(href):
            raise ValueError(f"unsafe link for region {rid}: {href!r}")
    known_regions(bm, [r for r, _, _ in regions], "picker")


def render_region_picker(
    bm: BodyMap,
    *,
    regions: Sequence[tuple[str, str, str]],
    id_prefix: str,
    title: str,
    description: str,
    view_labels: tuple[str, str] = ("Front", "Back"),
) -> str:
    """The "where does it hurt?" map: every listed region is a link to its section or page.

    Each ``(region_id, label, href)`` becomes one ``<a href xlink:href>`` around all shapes of
    that region (both attributes: see :mod:`.svglinks`), so one keyboard stop covers both legs
    and both views; links follow the order given. Clickable areas are tinted; a small ``<style>``
    scoped to this map's id darkens a region on hover and outlines it on keyboard focus, with no
    script. The root is a ``group`` (not ``img``) so assistive technology can reach the links.
    """
    _check_picks(bm, regions, id_prefix)
    p = id_prefix
    x, y, w, h = geometry(bm)
    style = (
        f"#{p} .bodymap-link:hover .bodymap-pick,#{p} .bodymap-link:focus .bodymap-pick"
        f"{{fill:{PICK_ACTIVE};fill-opacity:.55}}"
        f"#{p} .bodymap-link:focus{{outline:none}}"
        f"#{p} .bodymap-link:focus .bodymap-pick{{stroke:#0b1f33;stroke-width:3}}"
    )
    out = [
        _svg_open(
            prefix=p,
            cls="bodymap-picker",
            x=x,
            y=y,
            w=w,
            h=h,
            aria=f'role="group" aria-labelledby="{p}-title" aria-describedby="{p}-desc"',
            links=True,
        ),
        f'<title id="{p}-title">{_text(title)}</title>',
        f'<desc id="{p}-desc">{_text(description)}</desc>',
        f"<style>{style}</style>",
        f'<g class="bodymap-body">{bm.base_markup}</g>',
        '<g class="bodymap-regions">',
    ]
    for rid, label, href in regions:
        name = one_line(label)
        out.append(
            f'<a {link_attrs(href)} class="bodymap-link" '
            f'data-region="{rid}" aria-label={_attr(name)}>'
            f"<title>{_text(name)}</title>"
            f'<g id="{p}-region-{rid}" class="bodymap-region bodymap-pick" fill="{PICK_FILL}" '
            f'stroke="{PICK_STROKE}" stroke-width="1">{bm.markup(rid)}</g></a>'
        )
    out.append("</g>")
    out.append(_label_markup(label_lines(bm, view_labels)))
    out.append("</svg>")
    return "\n".join(out)


def view_labels(r: Resolved) -> tuple[str, str]:
    """The words over the two views, as resolve decided them (:attr:`Resolved.view_labels`)."""
    return r.view_labels


def condition_map(r: Resolved, slug: str, *, id_prefix: str) -> str:
    """The map of one condition as resolve decided it (used by pages and handouts)."""
    return render_condition_map(r.bodymap, r.maps[slug], id_prefix=id_prefix)
