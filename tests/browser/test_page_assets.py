"""What every built page loads (issue 15): one stylesheet, preloaded fonts that are really used,
page scripts only where they work, no table of contents or previous/next links on health pages,
and precompressed copies of every text file for static hosts.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import brotli
import pytest
from hb_browser import PHONE, language_roots, open_page, site_pages, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>')
_SCRIPT_SRC = re.compile(r'<script src="([^"]+)"')


def _html(site: Path, path: str) -> str:
    rel = "index.html" if path == "/" else path.strip("/") + ("" if path.endswith(".html")
                                                              else "/index.html")
    return (site / rel).read_text(encoding="utf-8")


def test_every_page_links_one_stylesheet_and_preloads_the_fonts(site_dir: Path) -> None:
    """One stylesheet a tree: the source language's, and each translated language's own
    (its tree is a site of its own, publish/languages.py)."""
    bundles: dict[str, set[str]] = {}
    roots = language_roots(site_dir)
    for path in site_pages(site_dir, every_language_page=True):
        html = _html(site_dir, path)
        sheets = _STYLESHEET.findall(html)
        assert len(sheets) == 1, f"{path}: {sheets}"
        tree = next((r for r in roots if path.startswith(f"/{r}/")), "")
        bundles.setdefault(tree, set()).add(sheets[0].rsplit("/", 1)[-1])
        preloads = [p.rsplit("/", 1)[-1] for p in _PRELOAD.findall(html)]
        assert preloads == ["AtkinsonHyperlegibleNext-Regular.woff2",
                            "AtkinsonHyperlegibleNext-Bold.woff2"], path
    assert sorted(bundles) == sorted(["", *roots]), bundles
    for tree, names in bundles.items():
        assert len(names) == 1 and re.fullmatch(r"site\.[0-9a-f]{10}\.css", names.pop()), tree
    assert not (site_dir / "assets" / "css").exists()


def test_page_scripts_only_where_used(site_dir: Path) -> None:
    for path in site_pages(site_dir):
        html = _html(site_dir, path)
        scripts = [s.rsplit("/", 1)[-1] for s in _SCRIPT_SRC.findall(html)]
        assert ("compare.js" in scripts) == ("data-hb-compare" in html), path
        assert ("guide.js" in scripts) == ('class="hb-guide"' in html), path


def test_health_pages_have_no_toc_sidebar_or_previous_next(site_dir: Path) -> None:
    for path in site_pages(site_dir):
        if path == "/404.html":  # MkDocs' own page (its table of contents is empty)
            continue
        html = _html(site_dir, path)
        toc = re.search(r'<div class="md-sidebar md-sidebar--secondary"[^>]*>', html)
        assert toc is None or "hidden" in toc.group(0), path
        assert "md-footer__link" not in html, path


def test_preloaded_fonts_are_used_on_every_page_type(browser: Any, base_url: str) -> None:
    """A preloaded face that a page does not use is a wasted download (and a console warning)."""
    for path in ("/", "/conditions/sciatica/", "/compare/", "/where-does-it-hurt/",
                 "/flowchart/", "/handouts/", "/when-to-get-help/"):
        with open_page(browser, viewport=PHONE, is_mobile=True) as (page, _):
            page.goto(base_url + path)
            wait_ready(page)
            loaded = page.evaluate(
                """() => [...document.fonts].filter(f => f.status === 'loaded')
                         .map(f => f.style + ' ' + f.weight)""")
            assert "normal 400" in loaded and "normal 700" in loaded, (path, loaded)


def test_text_files_have_identical_precompressed_copies(site_dir: Path) -> None:
    suffixes = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
    files = [p for p in sorted(site_dir.rglob("*")) if p.is_file() and p.suffix in suffixes]
    assert len(files) > 20
    checked = 0
    for p in files:
        data = p.read_bytes()
        gz, br = p.with_name(p.name + ".gz"), p.with_name(p.name + ".br")
        if len(data) > 1000:
            assert gz.is_file() and br.is_file(), p
        if gz.is_file():
            assert gzip.decompress(gz.read_bytes()) == data, gz
            checked += 1
        if br.is_file():
            assert brotli.decompress(br.read_bytes()) == data, br
    assert checked > 20


def test_pages_that_can_arrive_in_one_round_trip_do(site_dir: Path) -> None:
    """Brotli's slow setting (10) only where it saves a reader a round trip (publish/compress.py):
    the guide and the home pages fit a new connection's first round trip, which at setting 8
    they did not; no page that setting 10 would bring into an earlier round trip was left at 8."""
    from generator.publish.compress import FLIGHT_ENDS, PAGE_QUALITY, QUALITY

    def round_trips(size: int) -> int:
        return next(i for i, end in enumerate(FLIGHT_ENDS, 1) if size <= end)

    for path in ("/", "/flowchart/", "/cy/", "/ar/"):
        br = site_dir / _html_path(path)
        assert round_trips(len(br.with_name(br.name + ".br").read_bytes())) == 1, path
    slow = 0
    for page in sorted(site_dir.rglob("*.html")):
        data = page.read_bytes()
        copy = page.with_name(page.name + ".br").read_bytes()
        best = len(brotli.compress(data, quality=PAGE_QUALITY))
        assert round_trips(len(copy)) == round_trips(best), page
        slow += len(copy) < len(brotli.compress(data, quality=QUALITY))
    assert 0 < slow < 40  # most pages keep the fast setting


def _html_path(path: str) -> str:
    return "index.html" if path == "/" else path.strip("/") + "/index.html"
