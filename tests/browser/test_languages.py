"""The site in the bundled content's other languages (``hipback build``), opened in Chromium: a
tree per language below the site, in its own language and writing direction, the step-by-step
guide in the language's words, a switcher to the same page in the other languages, hreflang
links that no script follows, search in each language, and no WCAG problem axe finds on its
pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hb_browser import (
    DESKTOP,
    SEARCH_TIMEOUT_MS,
    language_roots,
    open_page,
    run_axe,
    wait_ready,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_each_language_is_a_tree_of_its_own(languages_dir: Path) -> None:
    assert language_roots(languages_dir) == ["ar", "cy"]
    for lang, direction in (("cy", "ltr"), ("ar", "rtl")):
        home = (languages_dir / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in home and f'<body dir="{direction}"' in home
        assert (languages_dir / lang / "flowchart" / "graph.json").is_file()
        assert not (languages_dir / lang / "404.html").exists()  # the host's one 404 page
    arabic = (languages_dir / "ar" / "flowchart" / "index.html").read_text(encoding="utf-8")
    assert "hb-flowchart-none" in arabic and "<svg" not in arabic.split("hb-flowchart-none")[1][:400]


@pytest.mark.parametrize(("lang", "yes", "no"), [("cy", "Oes", "Nac oes"), ("ar", "نعم", "لا")])
def test_the_guide_speaks_the_language(browser: Any, languages_url: str, lang: str,
                                       yes: str, no: str) -> None:
    with open_page(browser) as (page, rec):
        page.goto(f"{languages_url}/{lang}/flowchart/")
        wait_ready(page)
        answers = page.locator(".hb-guide__answer").all_inner_texts()
        assert len(answers) == 2, answers
        assert [a.strip() for a in answers] == [yes, no]
        page.locator(".hb-guide__answer").first.click()  # a warning sign: help now
        outcome = page.locator(".hb-guide .hb-outcome")
        outcome.wait_for(state="visible")
        assert "999" in outcome.inner_text()
        assert not rec.problems(), rec.problems()


@pytest.mark.parametrize("path", ["/cy/", "/ar/", "/ar/conditions/sciatica/", "/cy/flowchart/"])
def test_language_pages_pass_axe_and_switch_languages(browser: Any, languages_url: str,
                                                      path: str) -> None:
    with open_page(browser) as (page, rec):
        page.goto(languages_url + path)
        wait_ready(page)
        found = run_axe(page, AXE)
        assert not found, found
        links = page.eval_on_selector_all(".md-select__link", "as => as.map(a => a.hreflang)")
        assert sorted(links) == ["ar", "cy", "en"], links
        assert not rec.problems(), rec.problems()


@pytest.mark.parametrize(("path", "lang", "target"), [
    ("/cy/conditions/sciatica/", "en", "/conditions/sciatica/"),
    ("/conditions/sciatica/", "ar", "/ar/conditions/sciatica/"),
    ("/ar/flowchart/", "cy", "/cy/flowchart/"),
    ("/cy/", "ar", "/ar/"),
])
def test_the_switcher_opens_the_same_page_with_no_sitemap_fetched(
        browser: Any, languages_url: str, path: str, lang: str, target: str) -> None:
    """Each language link goes to this page in that language; the page's hreflang links name
    it in every language (and x-default); neither the page nor the click downloads a site
    map (Material's script would, for every hreflang link of the head)."""
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(languages_url + path)
        wait_ready(page)
        page.wait_for_load_state("networkidle")
        heads = page.eval_on_selector_all(
            "head link[rel=alternate][hreflang]",
            "ls => ls.map(l => [l.hreflang, new URL(l.href).pathname])")
        rest = _rest(path)
        assert sorted(heads) == sorted([["en", rest], ["cy", f"/cy{rest}"], ["ar", f"/ar{rest}"],
                                        ["x-default", rest]]), heads
        page.locator(".md-select").first.hover()
        page.locator(f".md-select__link[hreflang={lang}]").first.click()
        page.wait_for_url(languages_url + target)
        wait_ready(page)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == lang
        assert not [u for u in rec.requests if "sitemap" in u], rec.requests
        assert not rec.problems(), rec.problems()


def _rest(path: str) -> str:
    """The page's path below its language's root."""
    return path[3:] if re.match(r"/(cy|ar)/", path) else path


@pytest.mark.parametrize(("lang", "word", "page_path"), [
    ("cy", "Cymharu", "/cy/compare/"),  # no stemmer for Welsh: words as written
    ("cy", "hŷn", "/cy/flowchart/"),  # ŷ kept (lunr's trimmer would strip it)
    ("ar", "قارن", "/ar/compare/"),  # lunr's Arabic stemmer
])
def test_search_finds_pages_in_the_language(browser: Any, languages_url: str, lang: str,
                                            word: str, page_path: str) -> None:
    """Each tree's search index is in its own language and finds its own pages."""
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(f"{languages_url}/{lang}/")
        wait_ready(page)
        page.locator(".md-search__input").click()
        page.keyboard.type(word, delay=20)
        results = page.locator(".md-search-result__item a.md-search-result__link")
        results.first.wait_for(state="visible", timeout=SEARCH_TIMEOUT_MS)
        hrefs = results.evaluate_all("(links) => links.map(a => new URL(a.href).pathname)")
        assert page_path in hrefs, f"{page_path} not among the results for {word!r}: {hrefs}"
        assert all(h.startswith(f"/{lang}/") for h in hrefs), hrefs
        assert not rec.problems(), rec.problems()
