"""The site map (generator/model/sitemap.py): every page's address and every link between pages,
in each URL style and for each place a link is read."""

from __future__ import annotations

import pytest

from generator.model.sitemap import (
    GENERATED_PAGES,
    Place,
    SiteMap,
    UrlStyle,
    reserved_reason,
    site_map,
    volume_names,
)

WEB = SiteMap(pages=(), handouts=())
ZENSICAL = SiteMap(pages=(), handouts=(), body_from_source=True)
OFFLINE = SiteMap(pages=(), handouts=(), style=UrlStyle.FILES)


@pytest.mark.parametrize(
    ("doc", "directory", "files"),
    [
        ("conditions/sciatica.md", "conditions/sciatica/", "conditions/sciatica.html"),
        ("compare.md", "compare/", "compare.html"),
        ("index.md", "", "index.html"),
        ("README.md", "", "README.html"),
        ("guides/index.md", "guides/", "guides/index.html"),
        ("guides/walking.md", "guides/walking/", "guides/walking.html"),
        ("handouts/sciatica.pdf", "handouts/sciatica.pdf", "handouts/sciatica.pdf"),
    ],
)
def test_addresses_in_both_styles(doc: str, directory: str, files: str) -> None:
    assert WEB.url(doc) == directory
    assert OFFLINE.url(doc) == files


# from, to, Markdown link, page-relative (web), Zensical body, offline
LINKS = [
    ("flowchart.md", "conditions/sciatica.md", "conditions/sciatica.md",
     "../conditions/sciatica/", "conditions/sciatica/", "conditions/sciatica.html"),
    ("index.md", "compare.md", "compare.md", "compare/", "compare/", "compare.html"),
    ("compare.md", "index.md", "index.md", "../", "./", "index.html"),
    ("conditions/sciatica.md", "compare.md#col-sciatica", "../compare.md#col-sciatica",
     "../../compare/#col-sciatica", "../compare/#col-sciatica", "../compare.html#col-sciatica"),
    ("conditions/sciatica.md", "conditions/hip-osteoarthritis.md", "hip-osteoarthritis.md",
     "../hip-osteoarthritis/", "hip-osteoarthritis/", "hip-osteoarthritis.html"),
    ("guides/walking.md", "guides/index.md", "index.md", "../", "./", "index.html"),
    ("guides/index.md", "guides/walking.md", "walking.md", "walking/", "walking/",
     "walking.html"),
    ("compare.md", "compare.md", "compare.md", "./", "compare/", "compare.html"),
    ("compare.md", "compare.md#top", "#top", "#top", "#top", "#top"),
    ("index.md", "index.md", "index.md", "./", "./", "index.html"),
    ("handouts.md", "handouts/sciatica.pdf", "handouts/sciatica.pdf", "sciatica.pdf",
     "handouts/sciatica.pdf", "handouts/sciatica.pdf"),
    ("flowchart.md", "handouts/sciatica.pdf", "handouts/sciatica.pdf",
     "../handouts/sciatica.pdf", "handouts/sciatica.pdf", "handouts/sciatica.pdf"),
]


@pytest.mark.parametrize(("from_doc", "to", "md", "web", "zensical", "offline"), LINKS)
def test_links_for_each_engine_and_place(from_doc: str, to: str, md: str, web: str,
                                         zensical: str, offline: str) -> None:
    doc, _, anchor = to.partition("#")
    for sm in (WEB, ZENSICAL, OFFLINE):  # the engine reads Markdown links: the same for all
        assert sm.href(from_doc, doc, anchor, Place.MARKDOWN) == md
    assert WEB.href(from_doc, doc, anchor, Place.BODY) == web
    assert WEB.href(from_doc, doc, anchor, Place.PAGE) == web
    assert ZENSICAL.href(from_doc, doc, anchor, Place.BODY) == zensical
    assert ZENSICAL.href(from_doc, doc, anchor, Place.PAGE) == web  # the browser reads these
    assert OFFLINE.href(from_doc, doc, anchor, Place.BODY) == offline
    assert OFFLINE.href(from_doc, doc, anchor, Place.PAGE) == offline


def test_zensical_body_links_land_where_mkdocs_ones_do() -> None:
    """What Zensical does with a raw link (resolve it against the Markdown file, then make it
    relative to the page's address) turns the body link into the page-relative one."""
    import posixpath

    for from_doc, to, _md, web, zensical, _offline in LINKS:
        if zensical.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_doc), zensical))
        page = WEB.url(from_doc) or "."
        landed = posixpath.normpath(posixpath.join(page, web))
        assert target.rstrip("/") == landed.rstrip("/") or (target, landed) == (".", "."), (
            from_doc, to)


def test_resolvers() -> None:
    html = WEB.resolver("flowchart.md", Place.BODY)
    md = WEB.resolver("conditions/sciatica.md", Place.MARKDOWN)
    assert html("conditions/sciatica.md#causes") == "../conditions/sciatica/#causes"
    assert OFFLINE.resolver("flowchart.md", Place.BODY)("conditions/sciatica.md#causes") == (
        "conditions/sciatica.html#causes")
    assert md("compare.md") == "../compare.md"
    assert html("https://www.nhs.uk/") == "https://www.nhs.uk/"
    assert md("#causes") == "#causes"
    assert html("javascript:alert(1)") is None
    assert md("http://example.org") is None


@pytest.mark.parametrize("sm", [WEB, OFFLINE])
def test_paper_always_gets_the_hosted_sites_addresses(sm: SiteMap) -> None:
    pub = sm.public_resolver("https://example.org/guide/")
    assert pub("conditions/sciatica.md#causes") == (
        "https://example.org/guide/conditions/sciatica/#causes")
    assert pub("index.md") == "https://example.org/guide/"
    assert pub("https://www.nhs.uk/") == "https://www.nhs.uk/"
    assert pub("#causes") is None  # no page to be on
    assert pub("javascript:alert(1)") is None
    assert sm.public_resolver(None)("compare.md") is None  # no address: the words only


def test_the_map_of_a_content_folder() -> None:
    sm = site_map(["index", "about"], ["sciatica", "hip-osteoarthritis"])
    assert sm.pages[:2] == ("about.md", "index.md")
    assert set(GENERATED_PAGES) <= set(sm.pages)
    assert "conditions/sciatica.md" in sm.pages
    assert sm.handouts == ("hip-osteoarthritis", "sciatica", "overview", "hazard-log", "booklet")
    assert sm.handout("sciatica") == "handouts/sciatica.pdf"
    assert len(set(sm.pages)) == len(sm.pages)


def test_names_the_site_already_uses_are_reserved() -> None:
    for name in ("index", "overview", "booklet", "hazard-log", "booklet-2"):
        assert reserved_reason(name), name
    assert reserved_reason("sciatica") is None
    assert reserved_reason("booklet-two") is None
    assert volume_names(201) == ["booklet-1", "booklet-2"]
    assert volume_names(3) == ["booklet"]


def test_a_pages_data_sits_in_its_folder() -> None:
    assert WEB.data("flowchart.md", "graph.json") == "flowchart/graph.json"
    assert OFFLINE.data("flowchart.md", "graph.json") == "graph.json"
    assert OFFLINE.data("guides/walking.md", "x.json") == "guides/x.json"
    for sm in (WEB, OFFLINE):
        path = sm.data("flowchart.md", "graph.json")
        assert sm.href("flowchart.md", path) == "graph.json"
