"""End-to-end: the bundled content built with the second engine, Zensical, beside MkDocs.

``hipback build --engine zensical`` builds the same generated folder; these tests hold its
output to what the MkDocs e2e tests ask of condition pages (title, body map, red-flag box) and
compare it page by page with the MkDocs build of the same content. Zensical is in the ``test``
extra; when it is missing the tests fail with the install hint (they do not skip).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hb_testlib import BUNDLED

pytestmark = pytest.mark.e2e


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _first(pattern: str, html: str) -> str | None:
    m = re.search(pattern, html, re.DOTALL)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else None


def _conditions() -> dict[str, str]:
    """slug → name, read from the content files."""
    out = {}
    for path in sorted((BUNDLED / "conditions").glob("*.yml")):
        out[path.stem] = str(yaml.safe_load(path.read_text(encoding="utf-8"))["name"])
    return out


def test_same_pages_titles_and_headings_as_mkdocs(zensical_site: Path,
                                                  bundled_site: Path) -> None:
    pages = _pages(zensical_site)
    assert pages == _pages(bundled_site)
    assert len(pages) >= 20
    for rel in pages:
        ours = (zensical_site / rel).read_text(encoding="utf-8")
        theirs = (bundled_site / rel).read_text(encoding="utf-8")
        for tag in ("title", "h1"):
            pattern = rf"<{tag}[^>]*>(.*?)</{tag}>"
            assert _first(pattern, ours) == _first(pattern, theirs), (rel, tag)
            assert _first(pattern, ours), (rel, tag)


def test_condition_pages_have_title_body_map_and_red_flag_box(zensical_site: Path) -> None:
    conditions = _conditions()
    assert len(conditions) >= 5
    for slug, name in conditions.items():
        page = zensical_site / "conditions" / slug / "index.html"
        assert page.is_file(), slug
        html = page.read_text(encoding="utf-8")
        assert _first(r"<title>(.*?)</title>", html) == f"{name} - Hip or Back?", slug
        assert _first(r"<h1[^>]*>(.*?)</h1>", html) == name, slug
        # its body map, inline
        assert re.search(rf'<svg [^>]*id="map-{slug}" class="bodymap bodymap-condition"',
                         html), slug
        # the red-flag box: the emergency care card with its words
        assert re.search(r'<section class="hb-care hb-care--red[^"]*"[^>]*'
                         r'data-tier="emergency"', html), slug
        assert "Get help now" in html, slug
        for anchor in ["where-felt", "when-to-get-help", "self-care", "treatment", "sources"]:
            assert f'id="{anchor}"' in html, (slug, anchor)
        assert 'class="hb-disclaimer"' in html and f"handouts/{slug}.pdf" in html


def test_inline_svgs_and_tooltips_as_in_mkdocs(zensical_site: Path, bundled_site: Path) -> None:
    for rel in _pages(zensical_site):
        ours = (zensical_site / rel).read_text(encoding="utf-8")
        theirs = (bundled_site / rel).read_text(encoding="utf-8")
        for pattern in (r'<svg [^>]*class="bodymap', r"<abbr ", r'class="admonition ',
                        r'<section class="hb-care'):
            assert len(re.findall(pattern, ours)) == len(re.findall(pattern, theirs)), (
                rel, pattern)


def test_publish_steps_ran_on_its_output(zensical_site: Path) -> None:
    languages = {p.parent.name for p in zensical_site.glob("*/sitemap.xml")}  # cy/, ar/
    assert languages == {"ar", "cy"}  # built by default, by either engine
    sheets: dict[str, set[str]] = {}
    for page in zensical_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, page
        assert 'id="__search" autocomplete' not in html, page
        assert 'id="__drawer" autocomplete' not in html, page
        top = page.relative_to(zensical_site).parts[0]
        sheets.setdefault(top if top in languages else "", set()).update(
            re.findall(r'<link rel="stylesheet" href="[^"]*?(assets/[^"]+)"', html))
    # one merged, pruned stylesheet a language instead of the engine's and ours
    assert sorted(sheets) == ["", "ar", "cy"]
    for tree in sheets.values():
        assert len(tree) == 1 and re.fullmatch(r"assets/stylesheets/site\.[0-9a-f]{10}\.css",
                                               tree.pop())
    assert not (zensical_site / "assets" / "css").exists()
    assert not (zensical_site / "assets" / "stylesheets" / "modern").exists()
    assert (zensical_site / "index.html.gz").is_file() and (zensical_site / "search.json").is_file()
    # Zensical writes no <lastmod>; a condition page gets its review date
    sitemap = (zensical_site / "sitemap.xml").read_text(encoding="utf-8")
    reviewed = yaml.safe_load((BUNDLED / "conditions" / "sciatica.yml").read_text(
        encoding="utf-8"))["review"]["last_reviewed"]
    assert re.search(r"<loc>https://hiporback\.example\.org/conditions/sciatica/</loc>\s*"
                     rf"<lastmod>{reviewed}</lastmod>", sitemap)


def test_raw_html_links_resolve(zensical_site: Path) -> None:
    # Zensical moves raw-HTML links one level up; the build writes them back (the link check
    # inside the build would have stopped it otherwise): the comparison table links each page
    html = (zensical_site / "compare" / "index.html").read_text(encoding="utf-8")
    for slug in _conditions():
        assert f'href="../conditions/{slug}/"' in html, slug
    assert 'href="../../conditions/' not in html
