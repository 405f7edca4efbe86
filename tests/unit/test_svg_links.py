"""Links inside inline SVGs carry SVG 2 ``href`` as well as ``xlink:href`` (emit/svglinks.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import yaml
from hb_testlib import ROOT

from generator.emit.svglinks import (
    LINE_BREAK,
    SVG_NS,
    XLINK_NS,
    finish_svg_links,
    link_attrs,
)

A = f"{{{SVG_NS}}}a"
XHREF = f"{{{XLINK_NS}}}href"


def test_link_attrs_writes_both_escaped() -> None:
    attrs = link_attrs('a.html?x=1&y="2"<')
    assert attrs == ('href="a.html?x=1&amp;y=&quot;2&quot;&lt;" '
                     'xlink:href="a.html?x=1&amp;y=&quot;2&quot;&lt;"')
    svg = ET.fromstring(f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"><a {attrs}/></svg>')
    a = svg.find(A)
    assert a is not None and a.get("href") == a.get(XHREF) == 'a.html?x=1&y="2"<'


def test_finish_copies_xlink_href_only_on_links() -> None:
    svg = ET.fromstring(
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}">'
        '<a xlink:href="#one"><text>1</text></a>'
        '<g><a xlink:href="#old" href="#kept"/></g>'
        "<a/>"
        '<use xlink:href="#shape"/></svg>'
    )
    finish_svg_links(svg)
    first, second, bare = svg.iter(A)
    assert first.get("href") == "#one"
    assert second.get("href") == "#kept"  # an existing SVG 2 href wins, as in browsers
    assert "href" not in bare.attrib
    use = svg.find(f"{{{SVG_NS}}}use")
    assert use is not None and "href" not in use.attrib
    out = ET.tostring(svg, encoding="unicode")
    assert out.count(' href="#one"') == 1


def test_instant_navigation_stays_off() -> None:
    # Material's instant navigation (and its link previews) assign el.href on every element
    # with an href attribute, which throws on an SVG <a>: plain href is only safe without it.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    features = config["theme"]["features"]
    assert features and not [f for f in features if f.startswith("navigation.instant")]


def test_finish_separates_the_lines_of_a_links_text() -> None:
    # axe reads "EmergencyGet help now" from bare tspans; a zero-width space draws nothing
    svg = ET.fromstring(
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"><a xlink:href="#o"><g><text>'
        '<tspan x="0" y="0"><tspan font-weight="bold">Emergency</tspan></tspan>'
        '<tspan x="0" y="1em"><tspan>Get help now</tspan></tspan>'
        '<tspan x="0" y="2em">Often linked to:</tspan> <tspan x="0" y="3em">Sciatica</tspan>'
        "</text></g></a><text><tspan>Yes</tspan><tspan>No</tspan></text></svg>"
    )
    finish_svg_links(svg)
    link_text = svg.find(f"{A}/*/{{{SVG_NS}}}text")
    assert link_text is not None
    lines = list(link_text)
    assert [t.tail for t in lines] == [LINE_BREAK, LINE_BREAK, " ", None]
    assert "".join(link_text.itertext()) == (
        f"Emergency{LINE_BREAK}Get help now{LINE_BREAK}Often linked to: Sciatica")
    inner = lines[0][0]
    assert inner.tail is None  # only the lines, not the words inside one
    outside = svg.find(f"{{{SVG_NS}}}text")
    assert outside is not None and all(t.tail is None for t in outside)  # not a link: as it was
