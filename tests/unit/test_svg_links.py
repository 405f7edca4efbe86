"""Links inside inline SVGs carry SVG 2 ``href`` as well as ``xlink:href`` (emit/svglinks.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from generator.emit.svglinks import SVG_NS, XLINK_NS, add_svg2_href, link_attrs

ROOT = Path(__file__).resolve().parents[2]
A = f"{{{SVG_NS}}}a"
XHREF = f"{{{XLINK_NS}}}href"


def test_link_attrs_writes_both_escaped() -> None:
    attrs = link_attrs('a.html?x=1&y="2"<')
    assert attrs == ('href="a.html?x=1&amp;y=&quot;2&quot;&lt;" '
                     'xlink:href="a.html?x=1&amp;y=&quot;2&quot;&lt;"')
    svg = ET.fromstring(f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"><a {attrs}/></svg>')
    a = svg.find(A)
    assert a is not None and a.get("href") == a.get(XHREF) == 'a.html?x=1&y="2"<'


def test_add_svg2_href_copies_xlink_only_on_links() -> None:
    svg = ET.fromstring(
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}">'
        '<a xlink:href="#one"><text>1</text></a>'
        '<g><a xlink:href="#old" href="#kept"/></g>'
        "<a/>"
        '<use xlink:href="#shape"/></svg>'
    )
    add_svg2_href(svg)
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
