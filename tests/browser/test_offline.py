"""The offline copy opened as a clinic opens it: from the files, in Chromium, through file://.

``hipback build --offline`` (publish/offline.py) builds the site a second time with .html
addresses. Opened from files there is no web server: a link to a folder shows a listing, fetch
and workers are refused, font files are another origin. These tests open every page of the copy
through file:// with its Content-Security-Policy enforced (no bypass), follow every link, search,
and walk the step-by-step guide to an outcome, in every language the web site has: each
translated language's tree (``cy/``, ``ar/``) is opened, searched, switched to and walked the
same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hb_browser import DESKTOP, SEARCH_TIMEOUT_MS, language_roots

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOCAL_SCHEMES = ("file", "data", "about", "blob")
HREFS = "as => as.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
"""Where each link goes (an SVG link's ``href`` is not a string; its attribute is)."""
HREFLANGS = ("ls => ls.map(l => [l.hreflang, "
             "new URL(l.getAttribute('href'), document.baseURI).href])")
"""Each head ``link[rel=alternate][hreflang]``: the language and where it goes."""
FONTS = {"ar": ("Atkinson Hyperlegible Next", "Vazirmatn")}
"""The fonts a tree's pages load (the others': Atkinson Hyperlegible Next only)."""
LANGUAGES = ("cy", "ar")
"""The bundled content's translations: the web site has a tree for each, so the copy must."""


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
    """Every page of every language's tree; the language switcher's links are links too, so
    every page of the other languages is reached through them."""
    pages = sorted(offline_dir.rglob("*.html"))
    assert len(pages) >= 25 * (1 + len(LANGUAGES)), len(pages)
    assert not list(offline_dir.rglob("*.gz")), "web-only compressed copies in the offline copy"
    context, page, seen = _open(browser)
    try:
        targets: set[str] = set()
        for html in pages:
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            lang = page.evaluate("document.documentElement.lang")
            for font in FONTS.get(lang, ("Atkinson Hyperlegible Next",)):
                assert page.evaluate("f => document.fonts.check(`1em \"${f}\"`)", font), (
                    f"{html}: the font {font} did not load")
            hrefs = page.eval_on_selector_all("a[href]", HREFS)
            targets |= {h.split("#", 1)[0] for h in hrefs if h.startswith("file:")}
            _check_language_links(page, html, offline_dir)
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()
    assert len(targets) >= len(pages), "too few links found"
    assert {_file(t) for t in targets if t.endswith(".html")} >= set(pages), (
        "pages no link reaches")
    bad = sorted(t for t in targets if not _file(t).is_file())
    assert not bad, f"links that open a folder or nothing: {bad[:10]}"
    assert any(t.endswith(".pdf") for t in targets), "no handout is linked"


def _check_language_links(page: Any, html: Path, offline_dir: Path) -> None:
    """The page's language switcher and hreflang links name this page in every language, as
    a file of the copy (never the web host, never a folder)."""
    rest = html.relative_to(offline_dir).as_posix()
    if rest.split("/", 1)[0] in LANGUAGES:
        rest = rest.split("/", 1)[1]
    same = {"en": offline_dir / rest, "x-default": offline_dir / rest,
            **{lang: offline_dir / lang / rest for lang in LANGUAGES}}
    heads = page.eval_on_selector_all("head link[rel=alternate][hreflang]", HREFLANGS)
    assert sorted((lang, _file(url)) for lang, url in heads) == sorted(same.items()), (
        f"{html}: hreflang links {heads}")
    switcher = page.eval_on_selector_all(
        ".md-select__link", "as => as.map(a => [a.hreflang, a.href])")
    assert sorted((lang, _file(url)) for lang, url in switcher) == sorted(
        (lang, path) for lang, path in same.items() if lang != "x-default"), (
        f"{html}: language switcher {switcher}")
    assert all(url.startswith("file:") for _, url in heads + switcher)


def test_the_copy_has_every_language_of_the_web_site(offline_dir: Path) -> None:
    """The web site's language trees, each in its own language and writing direction, with its
    own search index as a script, its handouts, and only its own fonts in its stylesheet."""
    web = offline_dir.parent / "site"
    assert language_roots(web) == sorted(LANGUAGES)
    assert sorted(p.name for p in offline_dir.iterdir() if p.name in LANGUAGES) == sorted(
        LANGUAGES), "a language of the web site is missing from the offline copy"
    for lang, direction in (("cy", "ltr"), ("ar", "rtl")):
        tree = offline_dir / lang
        home = (tree / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in home and f'<body dir="{direction}"' in home
        index = (tree / "search" / "search_index.js").read_text(encoding="utf-8")
        search_lang = "ar" if lang == "ar" else "en"  # Welsh: no stemmer, words as written
        assert index.startswith("var __index = ")
        assert f'"lang":["{search_lang}"]' in index.replace(" ", "")
        assert sorted(p.name for p in (tree / "handouts").glob("*.pdf")) == sorted(
            p.name for p in (web / lang / "handouts").glob("*.pdf"))
        assert not [n for n in ("404.html", "sitemap.xml") if (tree / n).exists()]
        (css,) = (tree / "assets" / "stylesheets").glob("*.css")
        assert ("Vazirmatn" in css.read_text(encoding="utf-8")) == (lang == "ar"), css
        page = (tree / "conditions" / "sciatica.html").read_text(encoding="utf-8")
        assert 'class="hb-untranslated" lang="en"' in page, "untranslated text not marked"
        hosted = (web / lang / "conditions" / "sciatica" / "index.html").read_text(
            encoding="utf-8")
        canonical = re.compile(r'<link rel="canonical" href="[^"]*">')
        assert canonical.findall(page) == canonical.findall(hosted) != [], (
            "the canonical link is not the hosted page's address")


@pytest.mark.parametrize(("start", "lang", "target"), [
    ("cy/conditions/sciatica.html", "en", "conditions/sciatica.html"),
    ("index.html", "ar", "ar/index.html"),
    ("ar/flowchart.html", "cy", "cy/flowchart.html"),
])
def test_the_switcher_opens_the_same_page_in_the_copy(browser: Any, offline_dir: Path,
                                                      start: str, lang: str, target: str) -> None:
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / start).as_uri())
        page.wait_for_load_state("load")
        page.locator(".md-select").first.hover()
        page.locator(f".md-select__link[hreflang={lang}]").first.click()
        page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
        assert _file(page.url) == offline_dir / target, page.url
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()


def test_search_works_from_files(browser: Any, offline_dir: Path) -> None:
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / "index.html").as_uri())
        page.wait_for_load_state("load")
        page.focus(".md-search__input")
        page.keyboard.type("sciatica", delay=20)
        page.wait_for_selector(".md-search-result__link", timeout=SEARCH_TIMEOUT_MS)
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


@pytest.mark.parametrize(("lang", "word", "found"), [
    ("cy", "Cymharu", "compare.html"),  # Welsh: words as written
    ("cy", "hŷn", "flowchart.html"),
    ("ar", "قارن", "compare.html"),  # Arabic: lunr's stemmer, loaded into the worker's frame
])
def test_search_works_from_files_in_each_language(browser: Any, offline_dir: Path, lang: str,
                                                  word: str, found: str) -> None:
    """Each tree searches its own index, in its own language, and its results open its own
    files."""
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / lang / "index.html").as_uri())
        page.wait_for_load_state("load")
        page.focus(".md-search__input")
        page.keyboard.type(word, delay=20)
        results = page.locator(".md-search-result__item a.md-search-result__link")
        results.first.wait_for(state="visible", timeout=SEARCH_TIMEOUT_MS)
        hits = {_file(h.split("#")[0].split("?")[0])
                for h in results.evaluate_all("as => as.map(a => a.href)")}
        assert offline_dir / lang / found in hits, f"{found} not found for {word!r}: {hits}"
        assert all(h.is_file() and h.is_relative_to(offline_dir / lang) for h in hits), hits
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "no"), [("", "No"), ("cy", "Nac oes"), ("ar", "لا")])
def test_the_guide_walks_to_an_outcome_from_files(browser: Any, offline_dir: Path, lang: str,
                                                  no: str) -> None:
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / lang / "flowchart.html").as_uri())
        page.wait_for_selector(".hb-guide__answer", state="visible")
        assert not page.eval_on_selector(".hb-guide", "g => g.hidden")
        first = page.locator(".hb-guide__answer").last.inner_text().strip()
        assert first == no, f"the guide's first question in {lang or 'en'}: {first!r}"
        for _ in range(20):  # always the last answer: on this guide, "No" to each screen
            if page.locator(".hb-guide .hb-outcome").count():
                break
            page.locator(".hb-guide__answer").last.click()
        outcome = page.locator(".hb-guide .hb-outcome").first
        assert outcome.is_visible(), "the guide never reached an outcome"
        links = page.eval_on_selector_all(".hb-guide a[href]", HREFS)
        assert all(_file(h.split("#")[0]).is_file() and _file(h).is_relative_to(
            offline_dir / lang) for h in links if h.startswith("file:")), links
        assert not seen.problems(), "\n".join(seen.problems())
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["", "cy"])  # Arabic's guide page has no diagram
def test_the_diagram_is_in_the_page_and_its_links_work_from_files(browser: Any,
                                                                   offline_dir: Path,
                                                                   lang: str) -> None:
    """The hosted page loads its drawing after its first paint; a page opened from files
    cannot fetch, so the offline copy carries the drawing in the page, links and all."""
    assert not (offline_dir / lang / "diagram.svg").exists()
    assert (offline_dir / lang / "flowchart.html").is_file()
    context, page, seen = _open(browser)
    try:
        page.goto((offline_dir / lang / "flowchart.html").as_uri())
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
