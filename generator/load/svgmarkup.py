"""SVG markup helpers for the body-map artwork: what may be in it, and how shapes are written.

Split from :mod:`.artwork` (which reads the file and finds the silhouette, labels and regions):
the allow-list and the refusals with their reasons, serialising an element without namespace
prefixes, ids or colours, and writing numbers one way. Text and attribute values are escaped by
:mod:`generator.text.escape`, like every other output.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..text.escape import xml_attr, xml_text

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "title", "desc", "metadata", "defs",
    }
)  # fmt: skip
"""SVG elements the artwork may use: shapes and text. Everything else is refused by name."""

SKIPPED_ELEMENTS = frozenset({"title", "desc", "metadata", "defs"})
"""Allowed but not copied into the output (each map gets its own title and description)."""

REFUSED_WHY = {
    "script": "scripts are not allowed in the body map",
    "style": (
        "a <style> element would restyle the whole web page when the map is inlined; "
        "use attributes such as fill and stroke instead"
    ),
    "a": "links are added by the generator; draw the region shapes without <a>",
    "foreignObject": "<foreignObject> is not shown in PDF handouts; use plain SVG shapes and text",
    "use": "<use> references are not supported; draw the shape itself",
    "image": "images are not allowed in the body map; draw it with vector shapes",
}

GEOMETRY_ATTRS = frozenset(
    {
        "d", "points", "x", "y", "width", "height", "cx", "cy", "r", "rx", "ry",
        "x1", "y1", "x2", "y2", "transform", "fill-rule", "pathLength",
    }
)  # fmt: skip
"""Attributes kept on region shapes; colours are dropped so the renderer alone styles regions."""


def split_tag(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def check_safety(root: ET.Element, fail: Callable[[ET.Element, str], Exception]) -> None:
    """Refuse anything that could run code, fetch a resource or restyle the host page."""
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments and processing instructions
            continue
        ns, local = split_tag(el.tag)
        if local in REFUSED_WHY:
            raise fail(el, f"<{local}> is not allowed: {REFUSED_WHY[local]}")
        if ns == SVG_NS and local not in ALLOWED_ELEMENTS:
            raise fail(
                el,
                f"<{local}> is not allowed in the body map; use simple shapes "
                "(g, path, rect, circle, ellipse, line, polyline, polygon) and text",
            )
        for name, value in el.attrib.items():
            _, attr = split_tag(name)
            low = attr.lower()
            if low.startswith("on"):
                raise fail(
                    el,
                    f'event-handler attribute "{attr}" is not allowed in the body map; remove it',
                )
            if low == "href":
                if value.strip().startswith("#"):
                    raise fail(
                        el, "references between elements are not supported; draw the shape itself"
                    )
                raise fail(
                    el, f'links to external resources ("{value}") are not allowed in the body map'
                )
            flat = re.sub(r"\s+", "", value).lower()
            if "url(" in flat or "javascript:" in flat or "@import" in flat:
                raise fail(
                    el,
                    f'attribute "{attr}" refers to another resource ({value.strip()[:40]}); '
                    "use plain colours",
                )


def serialize(
    el: ET.Element,
    *,
    keep_id: bool,
    geometry_only: bool = False,
    skip_regions: bool = False,
) -> str:
    """SVG markup for ``el`` without namespace prefixes, foreign elements or (optionally) ids."""
    if not isinstance(el.tag, str):
        return xml_text(el.tail or "") if not geometry_only else ""
    ns, local = split_tag(el.tag)
    if ns != SVG_NS or local in SKIPPED_ELEMENTS:
        return ""
    if skip_regions and (el.get("id") or "").startswith("region-"):
        return ""
    attrs: list[str] = []
    for name, value in el.attrib.items():
        attr_ns, attr = split_tag(name)
        if attr_ns:
            continue  # editor metadata such as inkscape:label; links were refused earlier
        if attr == "id" and not keep_id:
            continue
        if geometry_only and attr not in GEOMETRY_ATTRS:
            continue
        attrs.append(f" {attr}={xml_attr(value)}")
    text = "" if geometry_only else xml_text(el.text or "")
    children = "".join(
        serialize(c, keep_id=keep_id, geometry_only=geometry_only, skip_regions=skip_regions)
        + ("" if geometry_only else xml_text(c.tail or ""))
        for c in el
    )
    body = text + children
    if geometry_only:
        body = body.strip()
    if not body:
        return f"<{local}{''.join(attrs)}/>"
    return f"<{local}{''.join(attrs)}>{body}</{local}>"


# --------------------------------------------------------------------------------------------
# Numbers (shared with the renderer in generator.emit.bodymap)


def fmt_num(value: float) -> str:
    """Numbers written one way: at most two decimals, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
