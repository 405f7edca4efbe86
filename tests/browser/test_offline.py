"""The offline copy opened as a clinic opens it: from the files, in Chromium, through file://.

``hipback build --offline`` (publish/offline.py) builds the site a second time with .html
addresses. Opened from files there is no web server: a link to a folder shows a listing, fetch
and workers are refused, font files are another origin. These tests open every page of the copy
through file:// with its Content-Security-Policy enforced (no bypass), follow every link, search,
and walk the step-by-step guide to an outcome.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hb_browser import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOCAL_SCHEMES = ("file", "data", "about", "blob")
HREFS = "as => as.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
"""Where each link goes (an SVG link's ``href`` is not a string; its attribute is)."""


class Seen:
    """What a page did that a reader would notice: errors, and requests leaving the files."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def problems(self) -> list[str]:
        away = [u for u in self.requests if urlsplit(u).scheme not in LOCAL_SCHEMES]
        return self.errors + [f"request away from the files: {u}" for u in away]


def _open(browser: Any) -> tuple[Any, Any, Seen]:
    context = browser.new_context(viewport=DESKTOP)  # the page's own CSP applies
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page, Seen(page)


def _file(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def test_every_page_opens_from_files_and_every_link_opens_a_file(browser: Any,
                                                                   offline_dir: Path) -> None:
    pages = sorted(offline_dir.rglob("*.html"))
    assert len(pages) >= 25, pages
    assert not list(offline_dir.rglob("*.gz")), "web-only compressed copies in the offline copy"
    context, page, seen = _open(browser)
    try:
        targets: set[str] = set()
        for html in pages:
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("() => document.fonts.check('1em \"Atkinson Hyperlegible Next\"')"), (
                f"{html}: the font did not load")
            hrefs = page.eval_on_selector_all("a[href]", HREFS)
            targets |= {h.split("#", 1)[0] for h in hrefs if h.startswith("file:")}
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()
    assert len(targets) >= len(pages), "too few links found"
    bad = sorted(t for t in targets if not _file(t).is_file())
    assert not bad, f"links that open a folder or nothing: {bad[:10]}"
    assert any(t.endswith(".pdf") for t in targets), "no handout is linked"


def test_search_works_from_files(browser: Any, offline_dir: Path) -> None:
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / "index.html").as_uri())
        page.wait_for_load_state("load")
        page.focus(".md-search__input")
        page.keyboard.type("sciatica", delay=20)
        page.wait_for_selector(".md-search-result__link", timeout=10_000)
        first = page.locator(".md-search-result__link").first
        href = first.get_attribute("href") or ""
        assert href.split("#")[0].split("?")[0].endswith(".html"), href
        first.click()
        page.wait_for_load_state("load")
        assert _file(page.url).is_file(), page.url
        assert "Sciatica" in page.title()
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()


def test_the_guide_walks_to_an_outcome_from_files(browser: Any, offline_dir: Path) -> None:
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / "flowchart.html").as_uri())
        page.wait_for_selector(".hb-guide__answer", state="visible")
        assert not page.eval_on_selector(".hb-guide", "g => g.hidden")
        for _ in range(20):  # always the last answer: on this guide, "No" to each screen
            if page.locator(".hb-guide .hb-outcome").count():
                break
            page.locator(".hb-guide__answer").last.click()
        outcome = page.locator(".hb-guide .hb-outcome").first
        assert outcome.is_visible(), "the guide never reached an outcome"
        links = page.eval_on_selector_all(".hb-guide a[href]", HREFS)
        assert all(_file(h.split("#")[0]).is_file() for h in links if h.startswith("file:")), links
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()


def test_the_diagram_is_in_the_page_and_its_links_work_from_files(browser: Any,
                                                                   offline_dir: Path) -> None:
    """The hosted page loads its drawing after its first paint; a page opened from files
    cannot fetch, so the offline copy carries the drawing in the page, links and all."""
    assert not (offline_dir / "diagram.svg").exists()
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / "flowchart.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator("[data-hb-svg], .hb-flowchart__slot").count() == 0
        links = page.locator("svg.flowchart a[href^='#outcome-']")
        assert links.count() >= 10
        target = links.first.get_attribute("href") or ""
        links.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("h => location.hash === h", arg=target)
        assert page.locator(f"section{target}").is_visible()
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()
