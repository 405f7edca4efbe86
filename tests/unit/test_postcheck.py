"""The built-site link check sees links MkDocs cannot (raw HTML, SVG, JSON)."""

from __future__ import annotations

from pathlib import Path

from generator.publish.linkcheck import check_built_site


def test_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="top"><a href="a/">ok</a> <a href="a/#x">ok anchor</a> <a href="#top">self</a>'
        ' <a href="missing/">broken</a> <a href="a/#nope">bad anchor</a>'
        ' <a href="https://example.org/">external</a>'
        '<svg><a xlink:href="gone.pdf"><text>t</text></a></svg></p>'
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2>')
    (tmp_path / "api.json").write_text('{"items": [{"url": "a/"}, {"url": "nowhere/"}]}')
    problems = check_built_site(tmp_path)
    assert problems == [
        "index.html: link to 'a/#nope': no anchor #nope",
        "index.html: link to 'gone.pdf': gone.pdf is not in the site",
        "index.html: link to 'missing/': missing/index.html is not in the site",
        "api.json: link to 'nowhere/': nowhere/index.html is not in the site",
    ]


def test_absolute_links_to_the_site_itself_are_checked(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>")
    (tmp_path / "api.json").write_text(
        '{"url": "https://site.example/a/", "handout_url": "https://site.example/h.pdf",'
        ' "other": {"url": "https://elsewhere.example/x"}}'
    )
    assert check_built_site(tmp_path, public_url="https://site.example/") == [
        "api.json: link to 'https://site.example/h.pdf': h.pdf is not in the site"
    ]


def test_links_to_files_that_are_not_pages_are_checked(tmp_path: Path) -> None:
    """A handout, an image, a download: every target must be in the site, not only pages."""
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "here.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "conditions" / "x").mkdir(parents=True)
    (tmp_path / "conditions" / "x" / "index.html").write_text(
        '<a href="../../handouts/here.pdf" download>ok</a>'
        '<a href="../../handouts/x.pdf" download>gone</a><img src="../../map.png" alt="">')
    assert check_built_site(tmp_path) == [
        ("conditions/x/index.html: link to '../../handouts/x.pdf': handouts/x.pdf is not in "
         "the site"),
        "conditions/x/index.html: link to '../../map.png': map.png is not in the site",
    ]


def test_the_404_page_is_checked_from_the_sites_root(tmp_path: Path) -> None:
    """The 404 page links from the root of the site's address (it is served at any address);
    on a site published below a path, that path is part of every such link."""
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("<p>about</p>")
    (tmp_path / "404.html").write_text(
        '<a href="/hip/about/">ok</a><a href="/hip/.">home</a><a href="/hip/gone/">gone</a>')
    (tmp_path / "index.html").write_text("<p>home</p>")
    assert check_built_site(tmp_path, public_url="https://site.example/hip/") == [
        "404.html: link to '/hip/gone/': gone/index.html is not in the site",
    ]


def test_a_drawing_the_page_loads_is_checked_as_part_of_the_page(tmp_path: Path) -> None:
    """The flowchart page names its drawing (``data-hb-svg``) and its script puts it into the
    page: the drawing's ``#outcome`` links are the page's anchors, and its links to other pages
    start from the page. A missing drawing is the page's broken link."""
    (tmp_path / "flowchart").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>")
    (tmp_path / "flowchart" / "index.html").write_text(
        '<div data-hb-svg="diagram.svg"><svg class="hb-flowchart__slot"></svg></div>'
        '<section id="outcome-ok">ok</section><a href="#in-drawing">to the drawing</a>')
    (tmp_path / "flowchart" / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="in-drawing"/>'
        '<a href="#outcome-ok"/><a href="#outcome-gone"/><a href="../a/"/><a href="../b/"/></svg>')
    (tmp_path / "other.html").write_text('<p data-hb-svg="nowhere.svg">x</p>')
    assert check_built_site(tmp_path) == [
        "flowchart/index.html: link to '#outcome-gone': no anchor #outcome-gone",
        "flowchart/index.html: link to '../b/': b/index.html is not in the site",
        "other.html: link to 'nowhere.svg': nowhere.svg is not in the site",
    ]


def test_json_addresses_are_found_in_order_with_each_object_reduced_as_read() -> None:
    """The link check reads a JSON file's addresses without holding the whole document (each
    object is reduced to its addresses as it is read); what it finds, and in what order, is what
    a walk of the whole document finds."""
    import json

    from generator.publish.linkcheck import _json_urls, _object_urls

    text = ('[{"url": "a", "x": [{"href": "b"}, "c", {"d": {"e_url": "f", "url": 3}}]}, "g", '
            '[{"url": "h", "name": "not-an-address"}], {"handout_url": null}]')
    assert _json_urls(json.loads(text, object_pairs_hook=_object_urls)) == ["a", "b", "f", "h"]
