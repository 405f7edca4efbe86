"""Draw body maps from the parsed artwork: one small SVG per use (condition map, region picker).

See :mod:`generator.load.artwork` for how the artwork is read and checked; this module only formats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from ..load.artwork import ID_PREFIX_RE, BodyMap
from ..load.svgmarkup import SVG_NS, XLINK_NS
from ..load.svgmarkup import fmt_num as _num
from ..resolve import Resolved
from ..strings import load_strings
from ..text.escape import xml_attr as _attr
from ..text.escape import xml_text as _text
from .svglinks import link_attrs

ONE_SIDE = ("left", "")
"""What a condition felt on one side shades: the person's left side, and the midline."""

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
LEGEND_SIZE = 14
LEGEND_LINE = 18
LEGEND_PAD = 14
SWATCH_W = 26
SWATCH_H = 16


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _check_prefix(id_prefix: str) -> None:
    if not ID_PREFIX_RE.match(id_prefix):
        raise ValueError(
            f"id_prefix {id_prefix!r} must start with a letter and hold only letters, "
            "digits, '-' and '_'"
        )


def _check_known(bm: BodyMap, ids: Sequence[str], what: str) -> None:
    unknown = [r for r in ids if r not in bm.regions]
    if unknown:
        known = ", ".join(bm.regions)
        raise ValueError(
            f"{what}: unknown body-map region(s) {', '.join(unknown)}; the artwork has {known}"
        )


def _dedupe(ids: Sequence[str]) -> list[str]:
    out: list[str] = []
    for r in ids:
        if r not in out:
            out.append(r)
    return out


def _geometry(bm: BodyMap) -> tuple[float, float, float, float]:
    x, y, w, h = (float(p) for p in bm.view_box.split())
    return x, y, w, h


def _label_markup(bm: BodyMap, view_labels: tuple[str, str]) -> str:
    x, y, w, _ = _geometry(bm)
    positions = bm.label_positions or ((x + w / 4, y + 17), (x + 3 * w / 4, y + 17))
    texts = "".join(
        f'<text x="{_num(px)}" y="{_num(py)}">{_text(_one_line(label))}</text>'
        for (px, py), label in zip(positions, view_labels, strict=True)
    )
    return (
        f'<g class="bodymap-labels" font-size="{LABEL_SIZE}" font-weight="bold" '
        f'fill="{LABEL_FILL}" text-anchor="middle">{texts}</g>'
    )


def _wrap(text: str, max_chars: int) -> list[str]:
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


def _svg_open(
    *, prefix: str, cls: str, x: float, y: float, w: float, h: float, aria: str, links: bool
) -> str:
    xlink = f' xmlns:xlink="{XLINK_NS}"' if links else ""
    return (
        f'<svg xmlns="{SVG_NS}"{xlink} id="{prefix}" class="bodymap {cls}" '
        f'viewBox="{_num(x)} {_num(y)} {_num(w)} {_num(h)}" '
        f'width="{_num(w)}" height="{_num(h)}" {aria}>'
    )


def render_condition_map(
    bm: BodyMap,
    *,
    main: Sequence[str],
    sometimes: Sequence[str],
    id_prefix: str,
    title: str,
    description: str,
    legend_main: str,
    legend_sometimes: str,
    view_labels: tuple[str, str] = ("Front", "Back"),
    sides: Literal["one", "both"] = "both",
    legend_one_side: str = "",
) -> str:
    """One standalone, accessible SVG showing where a condition's pain is usually felt.

    ``main`` regions are solid; ``sometimes`` regions are hatched and lighter, so the two differ
    by pattern, not colour alone; every other region keeps only a faint outline so readers can
    still see the map. With ``sides="one"`` only the person's left side (and the midline) of the
    named regions is shaded, and ``legend_one_side`` says so under the legend. A legend at the
    bottom explains both styles; a legend row is left out when its list is empty. Raises
    ``ValueError`` for an unknown region id, a region in both lists, or an unsafe ``id_prefix``
    (content checks should have caught these earlier).
    """
    _check_prefix(id_prefix)
    main_ids, some_ids = _dedupe(main), _dedupe(sometimes)
    _check_known(bm, main_ids, "main")
    _check_known(bm, some_ids, "sometimes")
    both = [r for r in main_ids if r in some_ids]
    if both:
        raise ValueError(f"region(s) {', '.join(both)} are listed as both main and sometimes")

    p = id_prefix
    x, y, w, h = _geometry(bm)

    # Legend rows below the artwork, wrapped to the width so long translations still fit.
    text_x = x + LEGEND_PAD + SWATCH_W + 10
    max_chars = max(12, int((x + w - LEGEND_PAD - text_x) / (LEGEND_SIZE * 0.55)))
    rows: list[tuple[str, str, list[str]]] = []
    if main_ids:
        rows.append(("bodymap-main", legend_main, _wrap(legend_main, max_chars)))
    if some_ids:
        rows.append(("bodymap-sometimes", legend_sometimes, _wrap(legend_sometimes, max_chars)))
    legend: list[str] = []
    cursor = y + h + 6
    for cls, _, lines in rows:
        swatch_fill = MAIN_FILL if cls == "bodymap-main" else f"url(#{p}-hatch)"
        swatch_stroke = MAIN_STROKE if cls == "bodymap-main" else HATCH_LINE
        block = max(SWATCH_H, len(lines) * LEGEND_LINE)
        legend.append(
            f'<rect class="bodymap-swatch {cls}" x="{_num(x + LEGEND_PAD)}" '
            f'y="{_num(cursor + (LEGEND_LINE - SWATCH_H) / 2)}" '
            f'width="{SWATCH_W}" height="{SWATCH_H}" '
            f'rx="2" fill="{swatch_fill}" stroke="{swatch_stroke}" stroke-width="1"/>'
        )
        tspans = "".join(
            f'<tspan x="{_num(text_x)}" y="{_num(cursor + LEGEND_LINE * i + 13)}">'
            f"{_text(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        legend.append(f"<text>{tspans}</text>")
        cursor += block + 8
    note = legend_one_side if sides == "one" and rows and legend_one_side else ""
    if note:
        lines = _wrap(note, int((w - 2 * LEGEND_PAD) / (LEGEND_SIZE * 0.55)))
        tspans = "".join(
            f'<tspan x="{_num(x + LEGEND_PAD)}" y="{_num(cursor + LEGEND_LINE * i + 13)}">'
            f"{_text(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        legend.append(f'<text class="bodymap-side-note">{tspans}</text>')
        cursor += len(lines) * LEGEND_LINE + 8
    total_h = (cursor - y + 4) if rows else h

    out = [
        _svg_open(
            prefix=p,
            cls="bodymap-condition",
            x=x,
            y=y,
            w=w,
            h=total_h,
            aria=f'role="img" aria-labelledby="{p}-title {p}-desc"',
            links=False,
        ),
        f'<title id="{p}-title">{_text(title)}</title>',
        f'<desc id="{p}-desc">{_text(description)}</desc>',
        (
            "<defs>"
            f'<pattern id="{p}-hatch" class="bodymap-hatch" patternUnits="userSpaceOnUse" '
            'width="8" height="8">'
            f'<rect class="bodymap-hatch-bg" width="8" height="8" fill="{HATCH_BG}"/>'
            f'<path class="bodymap-hatch-line" d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="{HATCH_LINE}" '
            'stroke-width="2.2"/>'
            "</pattern></defs>"
        ),
        f'<g class="bodymap-body">{bm.base_markup}</g>',
        '<g class="bodymap-regions">',
    ]
    idle = (
        'class="bodymap-region bodymap-none" fill="none" '
        f'stroke="{IDLE_STROKE}" stroke-width="0.6"'
    )
    shaded_sides = ONE_SIDE if sides == "one" else None
    for rid in bm.regions:
        if rid in main_ids:
            style = (
                f'class="bodymap-region bodymap-main" fill="{MAIN_FILL}" '
                f'stroke="{MAIN_STROKE}" stroke-width="1"'
            )
        elif rid in some_ids:
            style = (
                f'class="bodymap-region bodymap-sometimes" fill="url(#{p}-hatch)" '
                f'stroke="{HATCH_LINE}" stroke-width="1"'
            )
        else:
            out.append(f'<g id="{p}-region-{rid}" data-region="{rid}" {idle}>'
                       f"{bm.markup(rid)}</g>")
            continue
        shaded = bm.markup(rid, shaded_sides)
        other = "" if shaded_sides is None else bm.markup(rid, ("right",))
        side_attr = ' data-side="left"' if shaded_sides is not None else ""
        if shaded:
            out.append(f'<g id="{p}-region-{rid}" data-region="{rid}"{side_attr} {style}>'
                       f"{shaded}</g>")
        if other:
            out.append(f'<g data-region="{rid}" data-side="right" {idle}>{other}</g>')
    out.append("</g>")
    out.append(_label_markup(bm, view_labels))
    if legend:
        out.append(
            f'<g class="bodymap-legend" font-size="{LEGEND_SIZE}" fill="{TEXT_FILL}">'
            + "".join(legend)
            + "</g>"
        )
    out.append("</svg>")
    return "\n".join(out)


_UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


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
    _check_prefix(id_prefix)
    seen: set[str] = set()
    for rid, _, href in regions:
        if rid in seen:
            raise ValueError(f"region {rid} is listed twice in the picker")
        seen.add(rid)
        if _UNSAFE_SCHEME.match(href):
            raise ValueError(f"unsafe link for region {rid}: {href!r}")
    _check_known(bm, [r for r, _, _ in regions], "picker")

    p = id_prefix
    x, y, w, h = _geometry(bm)
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
        name = _one_line(label)
        out.append(
            f'<a {link_attrs(href)} class="bodymap-link" '
            f'data-region="{rid}" aria-label={_attr(name)}>'
            f"<title>{_text(name)}</title>"
            f'<g id="{p}-region-{rid}" class="bodymap-region bodymap-pick" fill="{PICK_FILL}" '
            f'stroke="{PICK_STROKE}" stroke-width="1">{bm.markup(rid)}</g></a>'
        )
    out.append("</g>")
    out.append(_label_markup(bm, view_labels))
    out.append("</svg>")
    return "\n".join(out)


def view_labels(r: Resolved) -> tuple[str, str]:
    """The words over the two views: the content's own strings when it sets them, else the
    artwork's ``label-front``/``label-back`` texts, else the engine's defaults."""
    sw = r.strings["where"]
    own = (str(sw["view_front"]), str(sw["view_back"]))
    defaults = load_strings(r.site.language)["where"]
    if own != (defaults["view_front"], defaults["view_back"]) or r.bodymap.view_labels is None:
        return own
    return r.bodymap.view_labels


def condition_map(r: Resolved, slug: str, *, id_prefix: str) -> str:
    """The map of one condition with the words of the content (used by pages and handouts)."""
    cond = r.conditions[slug]
    sw = r.strings["where"]
    main = [r.region_label(x) for x in cond.where_felt.main]
    some = [r.region_label(x) for x in cond.where_felt.sometimes]
    sides_text = str(r.strings["condition"][f"sides_{cond.where_felt.sides}"])
    description = sw["map_condition_desc"].format(main=", ".join(main),
                                                  sometimes=", ".join(some) or "-")
    return render_condition_map(
        r.bodymap,
        main=cond.where_felt.main,
        sometimes=cond.where_felt.sometimes,
        id_prefix=id_prefix,
        title=map_title(r, slug),
        description=f"{description} {sides_text}",
        legend_main=sw["legend_main"],
        legend_sometimes=sw["legend_sometimes"],
        view_labels=view_labels(r),
        sides=cond.where_felt.sides,
        legend_one_side=sw["legend_one_side"],
    )


def map_title(r: Resolved, slug: str) -> str:
    return str(r.strings["where"]["map_condition_title"]).format(name=r.conditions[slug].name)
