"""How a link inside an inline SVG is written: SVG 2 ``href``, with ``xlink:href`` beside it.

Search engines and Lighthouse (12.8 and later: "Links are not crawlable") only count an
``<a>`` as a link when it has a plain ``href`` attribute; SVG 1.1's ``xlink:href`` alone is
invisible to them, though every browser follows it. Every current browser reads SVG 2's
``href`` (and prefers it when both are present), so both are written with the same value:

* ``href`` for crawlers and current browsers;
* ``xlink:href`` for older SVG readers (Safari before 12.1). WeasyPrint reads either and draws an
  SVG link as a plain group in the handouts (links inside SVG are not clickable in its PDFs), so
  the handouts are the same with one or both.

A link whose words are SVG text (the flowchart's outcome boxes) has one ``<tspan>`` per line
with nothing between them, so a tool that reads the link's visible text gets "EmergencyGet help
now" and finds it missing from the link's name "Emergency Get help now" (axe:
label-content-name-mismatch, WCAG 2.5.3). A zero-width space between the lines separates the
words for such tools and draws nothing: a real space would move each centred line by half a
space in browsers, while Chromium and WeasyPrint give the zero-width one no width at all.

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


LINE_BREAK = "\u200b"
"""Zero-width space: between the lines of a link's SVG text (see the module docstring)."""


def finish_svg_links(root: ET.Element) -> None:
    """In a parsed SVG, give every ``<a>`` that has only ``xlink:href`` a plain ``href`` with
    the same value, and separate the lines of its text by :data:`LINE_BREAK` (run after any
    clean-up that rewrites or drops the ``xlink:href``)."""
    for a in root.iter(f"{{{SVG_NS}}}a"):
        value = a.get(_XLINK_HREF)
        if value is not None and "href" not in a.attrib:
            a.set("href", value)
        for text in a.iter(f"{{{SVG_NS}}}text"):
            lines = [t for t in text if t.tag == f"{{{SVG_NS}}}tspan"]
            for line in lines[:-1]:
                if not line.tail:  # whitespace already there separates them
                    line.tail = LINE_BREAK
