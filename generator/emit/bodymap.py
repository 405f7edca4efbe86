"""Draw body maps from the parsed artwork: one small SVG per use (condition map, region picker).

See :mod:`generator.load.artwork` for how the artwork is read and checked, and
:mod:`generator.resolve.bodymap` for what a condition's map shows (regions, words, legend and its
layout, decided once); this module only formats, through the Jinja templates in ``templates/``
(``condition-map.svg.j2``, ``region-picker.svg.j2``): every value is escaped for XML by the
environment's ``finalize``, and only the artwork's own shapes and trusted attributes are marked
as markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

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
    geometry,
    known_regions,
    label_lines,
    one_line,
)
from ..text.escape import xml_attr as _attr
from ..text.escape import xml_text as _text
from .fragments import environment
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

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _check_prefix(id_prefix: str) -> None:
    if not ID_PREFIX_RE.match(id_prefix):
        raise ValueError(
            f"id_prefix {id_prefix!r} must start with a letter and hold only letters, "
            "digits, '-' and '_'"
        )


@cache
def _env() -> jinja2.Environment:
    """Every ``{{ value }}`` of the map templates is escaped for XML (characters XML cannot hold
    dropped, so the map still parses) unless trusted code marked it as markup."""
    env = environment(_text, TEMPLATES)
    env.filters["num"] = _num
    env.filters["attr"] = lambda value: Markup(_attr(str(value)))
    env.globals.update(
        SVG_NS=SVG_NS, XLINK_NS=XLINK_NS, MAIN_FILL=MAIN_FILL, MAIN_STROKE=MAIN_STROKE,
        HATCH_BG=HATCH_BG, HATCH_LINE=HATCH_LINE, IDLE_STROKE=IDLE_STROKE, PICK_FILL=PICK_FILL,
        PICK_STROKE=PICK_STROKE, PICK_ACTIVE=PICK_ACTIVE, LABEL_FILL=LABEL_FILL,
        TEXT_FILL=TEXT_FILL, LABEL_SIZE=LABEL_SIZE, LEGEND_SIZE=LEGEND_SIZE, SWATCH_W=SWATCH_W,
        SWATCH_H=SWATCH_H)
    # this module's constants (the upper-case names), escaped once here rather than on every
    # print: a map prints them a hundred times
    env.globals.update({name: Markup(_text(str(value))) for name, value in env.globals.items()
                        if name.isupper()})
    return env


def legend_key_svg(kind: str) -> str:
    """A legend key drawn like the map's own regions: solid for ``"main"``, else hatched (the
    handouts set it as the background of their legend rows)."""
    return _env().get_template("legend-key.svg.j2").render(kind=kind)


def _groups(bm: BodyMap, view: ConditionMap) -> list[dict[str, object]]:
    """One ``<g>`` per region as the map decided it; a region shaded on one side only is split
    in two, its right side outlined like a region the condition does not touch."""
    out: list[dict[str, object]] = []
    for rid, kind in view.regions:
        if kind == "none":
            out.append({"region": rid, "kind": kind, "named": True, "side": "",
                        "markup": Markup(bm.markup(rid))})
            continue
        shaded = bm.markup(rid, ONE_SIDE if view.one_side else None)
        other = bm.markup(rid, ("right",)) if view.one_side else ""
        if shaded:
            out.append({"region": rid, "kind": kind, "named": True,
                        "side": "left" if view.one_side else "", "markup": Markup(shaded)})
        if other:
            out.append({"region": rid, "kind": "none", "named": False, "side": "right",
                        "markup": Markup(other)})
    return out


def render_condition_map(bm: BodyMap, view: ConditionMap, *, id_prefix: str) -> str:
    """One standalone, accessible SVG showing where a condition's pain is usually felt.

    ``main`` regions are solid; ``sometimes`` regions are hatched and lighter, so the two differ
    by pattern, not colour alone; every other region keeps only a faint outline so readers can
    still see the map. The legend at the bottom is the one ``view`` laid out. Raises
    ``ValueError`` for an unsafe ``id_prefix``.
    """
    _check_prefix(id_prefix)
    return _env().get_template("condition-map.svg.j2").render(
        p=id_prefix, view=view, base=Markup(bm.base_markup), groups=_groups(bm, view))


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
    picks = [{"region": rid, "name": one_line(label), "link": Markup(link_attrs(href)),
              "markup": Markup(bm.markup(rid))} for rid, label, href in regions]
    return _env().get_template("region-picker.svg.j2").render(
        p=id_prefix, box=geometry(bm), title=title, description=description,
        base=Markup(bm.base_markup), picks=picks, label_lines=label_lines(bm, view_labels))


def condition_map(r: Resolved, slug: str, *, id_prefix: str) -> str:
    """The map of one condition as resolve decided it (used by pages and handouts)."""
    return render_condition_map(r.bodymap, r.maps[slug], id_prefix=id_prefix)
