"""The site in several languages (issue 25, item 4): the switcher's and head's alternates, each
tree's sitemap alternates, Material's script kept off the hreflang links, search in each
language, and dates and numbers written in the page's language."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.emit.flowchart.tspans import drop_plain_runs
from generator.emit.pages import human_size
from generator.publish.assets import drop_unused_search_languages
from generator.publish.languages import alternates, search_options
from generator.publish.markup import (
    OWN_LINKS_ONLY,
    drop_indentation,
    drop_language_head_links,
    leave_hreflang_links_alone,
)
from generator.publish.mkdocs import BuildError
from generator.publish.sitemap import add_alternates
from generator.resolve import format_date, format_number


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "20 November 2026"),  # as English pages have always had it
    ("en-GB", "20 November 2026"),
    ("en-US", "November 20, 2026"),
    ("cy", "20 Tachwedd 2026"),
    ("ar", "20 نوفمبر 2026"),
    ("xx", "20 November 2026"),  # a language Babel does not know: English
])
def test_dates_in_the_language(lang: str, text: str) -> None:
    assert format_date(dt.date(2026, 11, 20), lang) == text


def test_dates_keep_no_leading_zero() -> None:
    assert format_date(dt.date(2027, 3, 1)) == "1 March 2027"
    assert format_date(dt.date(2027, 3, 1), "cy") == "1 Mawrth 2027"


def test_numbers_and_sizes_in_the_language() -> None:
    assert human_size(270_000) == "264 KB"  # English as before: no grouping
    assert human_size(1_500_000) == "1.4 MB"
    assert human_size(1_500_000, "de") == "1,4 MB"  # a language with a decimal comma
    assert format_number(1234.5, "de", decimals=1) == "1234,5"


def test_search_in_the_language_or_plain_words() -> None:
    assert search_options("en") is None  # the theme's own
    assert search_options("ar") == {"lang": ["ar"],
                                    "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}
    assert search_options("cy") == {"lang": ["en"], "pipeline": []}  # lunr has no Welsh


def test_lunr_files_only_for_the_index_languages(tmp_path: Path) -> None:
    lunr = tmp_path / "assets/javascripts/lunr"
    (lunr / "min").mkdir(parents=True)
    for name in ("min/lunr.ar.min.js", "min/lunr.de.min.js", "min/lunr.stemmer.support.min.js",
                 "min/lunr.multi.min.js", "tinyseg.js"):
        (lunr / name).write_text("x")
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text('{"config": {"lang": ["ar"]}}')
    assert drop_unused_search_languages(tmp_path) == (
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/javascripts/lunr/min/lunr.multi.min.js",
        "assets/javascripts/lunr/tinyseg.js")
    assert sorted(p.name for p in (lunr / "min").iterdir()) == [
        "lunr.ar.min.js", "lunr.stemmer.support.min.js"]


def test_alternates_relative_and_absolute() -> None:
    cy = alternates("en", ["ar", "cy"], "cy", "https://e.org/site/")
    assert [(a["lang"], a["link"], a["root"]) for a in cy] == [
        ("en", "../", "https://e.org/site/"),
        ("ar", "../ar/", "https://e.org/site/ar/"),
        ("cy", "./", "https://e.org/site/cy/")]
    assert [a["name"] for a in cy] == ["English", "العربية", "Cymraeg"]
    en = alternates("en", ["cy"], "en", "https://e.org")
    assert [(a["link"], a["root"]) for a in en] == [("./", "https://e.org/"),
                                                     ("cy/", "https://e.org/cy/")]


def test_only_materials_head_links_are_dropped() -> None:
    html = ('<link rel="alternate" href="../" hreflang="en">\n'
            '<link rel="alternate" hreflang="en" href="https://e.org/a/">\n')
    assert drop_language_head_links(html) == (
        '<link rel="alternate" hreflang="en" href="https://e.org/a/">\n')


def _bundle(site: Path, text: str) -> Path:
    js = site / "assets/javascripts"
    js.mkdir(parents=True, exist_ok=True)
    (js / "bundle.abc.min.js").write_text(text + "\n//# sourceMappingURL=bundle.abc.min.js.map")
    (js / "bundle.abc.min.js.map").write_text("{}")
    return js


@pytest.mark.parametrize("selector", ['"link[rel=alternate]"',  # Material 9.8
                                      '"link[rel=alternate][hreflang]"'])  # Zensical's
def test_materials_script_leaves_hreflang_links_alone(tmp_path: Path, selector: str) -> None:
    for tree in (tmp_path, tmp_path / "cy"):
        _bundle(tree, f'a(M({selector}));b("sitemap.xml")')
        (tree / "index.html").write_text('<script src="assets/javascripts/bundle.abc.min.js">'
                                         "</script>")
    renamed = leave_hreflang_links_alone(tmp_path)
    name = renamed["bundle.abc.min.js"]
    assert name != "bundle.abc.min.js" and name.endswith(".min.js")
    for tree in (tmp_path, tmp_path / "cy"):
        js = tree / "assets/javascripts"
        assert sorted(p.name for p in js.iterdir()) == [name]  # no old copy, no stale map
        assert (js / name).read_text() == f'a(M({OWN_LINKS_ONLY}));b("sitemap.xml")'
        assert f"/{name}\"" in (tree / "index.html").read_text()
    assert leave_hreflang_links_alone(tmp_path) == {}  # done once


def test_an_unknown_script_that_fetches_sitemaps_stops_the_build(tmp_path: Path) -> None:
    _bundle(tmp_path, 'a(M("link[rel=\'alternate\']"));b("sitemap.xml")')
    with pytest.raises(BuildError, match="download every language's sitemap"):
        leave_hreflang_links_alone(tmp_path)


def test_sitemaps_list_every_language_and_x_default(tmp_path: Path) -> None:
    urlset = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
              "    <url>\n         <loc>{root}a/?x=1&amp;y=2</loc>\n"
              "         <lastmod>2026-01-02</lastmod>\n    </url>\n</urlset>\n")
    (tmp_path / "cy").mkdir()
    (tmp_path / "sitemap.xml").write_text(urlset.format(root="https://e.org/"))
    (tmp_path / "cy/sitemap.xml").write_text(urlset.format(root="https://e.org/cy/"))
    roots = [("en", "https://e.org/"), ("cy", "https://e.org/cy/")]
    assert add_alternates(tmp_path, roots) == 2
    text = (tmp_path / "cy/sitemap.xml").read_text()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in text
    assert ("<loc>https://e.org/cy/a/?x=1&amp;y=2</loc>\n"
            "         <lastmod>2026-01-02</lastmod>\n"
            '         <xhtml:link rel="alternate" hreflang="en" href="https://e.org/a/?x=1&amp;y=2"/>\n'
            '         <xhtml:link rel="alternate" hreflang="cy" href="https://e.org/cy/a/?x=1&amp;y=2"/>\n'
            '         <xhtml:link rel="alternate" hreflang="x-default" '
            'href="https://e.org/a/?x=1&amp;y=2"/>\n    </url>') in text
    assert (tmp_path / "cy/sitemap.xml.gz").is_file()
    assert add_alternates(tmp_path, roots[:1]) == 0  # one language: nothing to add


def test_indentation_goes_except_where_white_space_is_kept() -> None:
    html = ('<ul>\n    <li><a>x</a>\n      <b>y</b></li>\n</ul>\n'
            '<pre>\n    code\n</pre>\n<script>\n  var a;\n</script>\n  <code>a\n   b</code>')
    assert drop_indentation(html) == ('<ul>\n<li><a>x</a>\n<b>y</b></li>\n</ul>\n'
                                      '<pre>\n    code\n</pre>\n<script>\n  var a;\n</script>\n'
                                      '<code>a\n   b</code>')


def test_plain_runs_of_a_diagram_label_lose_what_they_inherit() -> None:
    ns = "http://www.w3.org/2000/svg"
    root = ET.fromstring(
        f'<svg xmlns="{ns}"><text y="1">'
        '<tspan x="0"><tspan font-style="normal" font-weight="bold">Now</tspan></tspan>'
        '<tspan x="0"><tspan font-style="normal" font-weight="normal">Get help</tspan></tspan>'
        '</text><text font-weight="bold"><tspan x="0">'
        '<tspan font-weight="normal">kept</tspan></tspan></text></svg>')
    drop_plain_runs(root)
    out = ET.tostring(root, encoding="unicode").replace("ns0:", "").replace(":ns0", "")
    assert '<tspan x="0"><tspan font-weight="bold">Now</tspan></tspan>' in out
    assert '<tspan x="0">Get help</tspan>' in out
    assert '<tspan font-weight="normal">kept</tspan>' in out  # the text is bold: not restated
