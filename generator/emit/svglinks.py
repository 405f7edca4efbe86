"""How a link inside an inline SVG is written: SVG 2 ``href``, with ``xlink:href`` beside it.

Search engines and Lighthouse (12.8 and later: "Links are not crawlable") only count an
``<a>`` as a link when it has a plain ``href`` attribute; SVG 1.1's ``xlink:href`` alone is
invisible to them, though every browser follows it. Every current browser reads SVG 2's
``href`` (and prefers it when both are present), so both are written with the same value:

* ``href`` for crawlers and current browsers;
* ``xlink:href`` for older SVG readers (Safari before 12.1). WeasyPrint reads either and draws an
  SVG link as a plain group in the handouts (links inside SVG are not clickable in its PDFs), so
  the handouts are the same with one or both.

A plain ``href`` on an SVG link is safe here only because the site does not use Material's
``navigation.instant``: its page swap assigns ``el.href`` on every element with an ``href``
attribute, which throws on an SVG link (its ``href`` property is read-only).
``tests/unit/test_svg_links.py`` fails if that feature is switched on.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..text.escape import xml_attr

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_XLINK_HREF = f"{{{XLINK_NS}}}href"


def link_attrs(href: str) -> str:
    """``href="…" xlink:href="…"`` for an SVG ``<a>`` written as text (escaped here); the
    ``<svg>`` must declare ``xmlns:xlink``."""
    value = xml_attr(href)
    return f"href={value} xlink:href={value}"


def add_svg2_href(root: ET.Element) -> None:
    """Give every ``<a>`` in a parsed SVG that has only ``xlink:href`` a plain ``href`` with
    the same value (run after any clean-up that rewrites or drops the ``xlink:href``)."""
    for a in root.iter(f"{{{SVG_NS}}}a"):
        value = a.get(_XLINK_HREF)
        if value is not None and "href" not in a.attrib:
            a.set("href", value)
