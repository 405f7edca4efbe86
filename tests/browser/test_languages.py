"""The site in the bundled content's other languages (``hipback build --languages``), opened in
Chromium: a tree per language below the site, in its own language and writing direction, the
step-by-step guide in the language's words, a switcher between the languages, and no WCAG
problem axe finds on its pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hb_browser import language_roots, open_page, run_axe, wait_ready

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
