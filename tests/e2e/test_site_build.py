"""End-to-end: real builds with MkDocs --strict, checked page by page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hb_testlib import BUNDLED, FIXTURE

pytestmark = pytest.mark.e2e


def _conditions(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "conditions").glob("*.yml"))


@pytest.mark.parametrize("which", ["fixture", "bundled"])
def test_every_public_url_exists(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(f"{which}_site")
    root = FIXTURE if which == "fixture" else BUNDLED
    for rel in ["index.html", "compare/index.html", "where-does-it-hurt/index.html",
                "flowchart/index.html", "flowchart/graph.json", "handouts/index.html",
                "api/conditions.json", "handouts/overview.pdf", "handouts/booklet.pdf",
                "sitemap.xml", "search/search_index.json", "conditions/index.html"]:
        assert (site / rel).is_file(), rel
    for slug in _conditions(root):
        page = site / "conditions" / slug / "index.html"
        assert page.is_file(), slug
        assert (site / "handouts" / f"{slug}.pdf").is_file(), slug


@pytest.mark.parametrize("which", ["fixture", "bundled"])
def test_condition_pages_have_every_section(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(f"{which}_site")
    root = FIXTURE if which == "fixture" else BUNDLED
    for slug in _conditions(root):
        html = (site / "conditions" / slug / "index.html").read_text()
        for anchor in ["where-felt", "how-it-causes", "feels-like", "worse-with",
                       "better-with", "when-to-get-help", "self-care", "diagnosis", "treatment",
                       "sources", "review"]:
            assert f'id="{anchor}"' in html, (slug, anchor)
        # when to get help comes before treatment (the NHS order)
        assert html.index('id="when-to-get-help"') < html.index('id="treatment"'), slug
        assert "hb-care" in html and "Get help now" in html  # the care cards
        assert "Not yet reviewed by a clinician." in html
        assert "Next review due" in html and "Last reviewed" in html
        assert 'class="hb-disclaimer"' in html
        assert f"handouts/{slug}.pdf" in html
        assert "<svg" in html  # its body map
        # the theme filled both slots: the page's own map and every on-every-page sign list
        assert re.search(rf'<figure class="hb-bodymap">\s*<svg [^>]*id="map-{slug}"', html), slug
        for list_id in _everywhere_lists(root):
            assert re.search(rf'<section class="hb-care [^"]*" id="signs-{list_id}"', html), (
                slug, list_id)
        assert "hipback:" not in html  # no marker or slot left over


def _everywhere_lists(root: Path) -> list[str]:
    lists = yaml.safe_load((root / "red-flags.yml").read_text(encoding="utf-8"))["lists"]
    found = [x["id"] for x in lists if x.get("on_every_page", True)]  # the default
    assert found
    return found


def test_no_third_party_urls_in_pages(bundled_site: Path) -> None:
    bad = re.compile(r'(?:src|href)="(?:https?:)?//(?!hiporback\.example\.org)[^"]+"')
    for page in bundled_site.rglob("*.html"):
        text = page.read_text()
        for m in bad.finditer(text):
            # links *to* sources are fine (a reader clicks them); resources are not
            tag_start = text.rfind("<", 0, m.start())
            tag = text[tag_start : tag_start + 8]
            assert tag.startswith("<a "), (page, m.group(0))


def test_csp_on_every_page(bundled_site: Path) -> None:
    for page in bundled_site.rglob("*.html"):
        text = page.read_text()
        assert 'http-equiv="Content-Security-Policy"' in text, page
        policy = re.search(r'Content-Security-Policy" content="([^"]+)"', text).group(1)
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(";")[1]
