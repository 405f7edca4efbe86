"""What a reader does on the site, in a real browser: search, flowchart, guide, table, palette,
tooltips and handout downloads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hb_browser import DESKTOP, PHONE, open_page, set_palette, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

XLINK = "http://www.w3.org/1999/xlink"


def _assert_clean(rec: Any) -> None:
    problems = rec.problems()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("word", ["numbness", "tingling"])
def test_search_finds_a_condition_by_a_symptom_word(browser: Any, base_url: str, word: str) -> None:
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(base_url + "/")
        wait_ready(page)
        field = page.locator(".md-search__input")
        field.click()
        page.keyboard.type(word, delay=20)
        results = page.locator(".md-search-result__item a.md-search-result__link")
        results.first.wait_for(state="visible", timeout=10_000)
        hrefs = results.evaluate_all("(links) => links.map(a => a.href)")
        conditions = [h for h in hrefs if "/conditions/" in h and not h.endswith("/conditions/")]
        assert conditions, f"no condition page among the results for {word!r}: {hrefs}"
        # the results are reachable by keyboard (Material moves focus with the arrow keys)
        page.keyboard.press("ArrowDown")
        assert page.evaluate("() => document.activeElement.matches('.md-search-result__link')")
        # and a condition result opens the page
        page.locator(".md-search-result__item a.md-search-result__link[href*='/conditions/']") \
            .first.click()
        page.wait_for_url(re.compile(r".*/conditions/[a-z0-9-]+/.*"))
        assert page.locator("article h1").first.inner_text().strip()
        _assert_clean(rec)


def test_flowchart_outcome_links_lead_to_condition_pages(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(base_url + "/flowchart/")
        wait_ready(page)
        # the drawing is its own file, put in place of its slot once the page has loaded
        assert page.locator(".hb-flowchart__slot").count() == 0
        assert page.locator(".hb-flowchart__scroll[data-hb-svg] > svg.flowchart").count() == 1
        targets = page.evaluate(
            """(xlink) => Array.from(document.querySelectorAll('svg.flowchart a'))
                 .map(a => a.getAttributeNS(xlink, 'href') || a.getAttribute('href'))""", XLINK)
        outcome_links = sorted({t for t in targets if t and t.startswith("#outcome-")})
        assert len(outcome_links) >= 3, f"diagram outcome links: {targets}"
        for target in outcome_links:
            card = page.locator(f"section.hb-outcome{target}")
            assert card.count() == 1, f"diagram links to {target}, no such outcome card"
        # every card's condition links point at existing condition pages
        card_links = page.evaluate(
            """() => Array.from(document.querySelectorAll('section.hb-outcome[id] a[href]'))
                 .map(a => a.href)""")
        assert any(re.search(r"/conditions/[a-z0-9-]+/$", h) for h in card_links), card_links
        for href in sorted(set(card_links)):
            assert href.startswith(base_url + "/"), f"outcome card links off the site: {href}"
            assert page.request.get(href).status == 200, href
        # click through: diagram box -> outcome card -> condition page
        with_conditions = next(
            t for t in outcome_links
            if page.locator(f"section.hb-outcome{t} a[href*='/conditions/']").count()
        )
        box = page.locator("svg.flowchart a").nth(targets.index(with_conditions))
        box.scroll_into_view_if_needed()
        box.click()
        page.wait_for_url(re.compile(re.escape(with_conditions) + "$"))
        card = page.locator(f"section.hb-outcome{with_conditions}")
        assert card.is_visible()
        # the page scrolls to the card (Material may animate the scroll)
        page.wait_for_function(
            "(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
            " return r.top >= -1 && r.top < window.innerHeight && r.bottom > 0; }",
            arg=f"section.hb-outcome{with_conditions}", timeout=5_000)
        link = card.locator("a[href*='/conditions/']").first
        name = link.inner_text().strip()
        link.click()
        page.wait_for_url(re.compile(r".*/conditions/[a-z0-9-]+/$"))
        page.wait_for_function(
            "(name) => (document.querySelector('article h1') || {}).textContent?.trim() === name",
            arg=name)
        _assert_clean(rec)


def test_the_diagram_keeps_its_place_while_it_loads(browser: Any, base_url: str) -> None:
    """The empty slot is as big as the drawing that replaces it: nothing below it moves."""
    with open_page(browser, viewport=PHONE) as (page, rec):
        held: list[Any] = []
        page.route("**/flowchart/diagram.svg", lambda route: held.append(route))
        page.goto(base_url + "/flowchart/")
        page.wait_for_load_state("load")
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page never asked for its drawing"
        # the page's fonts in place first: a font that arrives late reflows the text above
        # (on a busy machine, by hundreds of pixels), which is not the drawing's doing
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        below = ("() => document.querySelector('#the-same-steps-in-words')"
                 ".getBoundingClientRect().top")
        before = page.evaluate(below)
        assert page.locator(".hb-flowchart__slot").is_visible()
        held[0].continue_()
        page.wait_for_function("() => !document.querySelector('.hb-flowchart__slot')")
        assert abs(page.evaluate(below) - before) < 2
        assert page.locator("svg.flowchart a").count() >= 10
        _assert_clean(rec)


def test_without_scripts_the_diagram_is_an_image(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP, java_script_enabled=False) as (page, rec):
        page.goto(base_url + "/flowchart/")
        page.wait_for_load_state("load")
        assert not page.locator(".hb-flowchart__slot").is_visible()
        image = page.locator(".hb-flowchart__scroll img.hb-flowchart__image")
        assert image.is_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 1000")
        assert (image.get_attribute("alt") or "").startswith("The flowchart starts")
        _assert_clean(rec)


def test_a_diagram_that_cannot_load_leaves_the_text_version(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP) as (page, _rec):
        page.route("**/flowchart/diagram.svg", lambda route: route.fulfill(status=404))
        page.goto(base_url + "/flowchart/")
        wait_ready(page)
        page.wait_for_selector(".hb-flowchart.hb-flowchart--failed", state="attached")
        assert not page.locator(".hb-flowchart").is_visible()
        assert page.locator(".hb-tree__question").first.is_visible()


def _tab_to(page: Any, selector: str, limit: int = 250) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_guide_can_be_completed_and_restarted_by_keyboard(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(base_url + "/flowchart/")
        wait_ready(page)
        guide = page.locator(".hb-guide")
        guide.locator(".hb-guide__answer").first.wait_for(state="visible")
        first_question = guide.locator(".hb-guide__question").inner_text().strip()
        _tab_to(page, ".hb-guide__answer")
        asked = [first_question]
        for step in range(30):
            if guide.locator(".hb-outcome").count():
                break
            # choose the last answer ("No" to the warning signs), so the path goes deep
            n = guide.locator(".hb-guide__answer").count()
            for _ in range(n - 1):
                page.keyboard.press("Tab")
            assert page.evaluate("() => document.activeElement.matches('.hb-guide__answer')")
            page.keyboard.press("Space" if step % 2 else "Enter")
            # focus moves to the new step's heading; Tab from there reaches its first answer
            assert page.evaluate(
                "() => document.activeElement.matches('.hb-guide__question, .hb-outcome__title')")
            if guide.locator(".hb-outcome").count():
                break
            asked.append(guide.locator(".hb-guide__question").inner_text().strip())
            page.keyboard.press("Tab")
        else:
            raise AssertionError(f"no outcome after {len(asked)} questions: {asked}")
        assert len(asked) >= 2, "the last answers should lead through more than one question"
        outcome = guide.locator(".hb-outcome")
        assert outcome.is_visible()
        assert outcome.locator(".hb-outcome__action").inner_text().strip()
        assert outcome.locator(".hb-outcome__title").inner_text().strip()
        # Start again, by keyboard
        _tab_to(page, ".hb-guide__again", limit=30)
        page.keyboard.press("Enter")
        assert guide.locator(".hb-outcome").count() == 0
        assert guide.locator(".hb-guide__question").inner_text().strip() == first_question
        assert page.evaluate("() => document.activeElement.matches('.hb-guide__question')")
        assert guide.locator(".hb-guide__again").is_hidden()
        _assert_clean(rec)


def _visible_conditions(page: Any) -> int:
    return int(page.evaluate(
        """() => Array.from(document.querySelectorAll('.hb-compare-table th[data-condition]'))
             .filter(th => th.getClientRects().length > 0).length"""))


def test_compare_filter_narrows_the_table(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(base_url + "/compare/")
        wait_ready(page)
        form = page.locator("form.hb-compare-filter")
        form.wait_for(state="visible")
        status = form.locator("output")
        total = _visible_conditions(page)
        assert total >= 7
        assert re.search(rf"\b{total}\b.*\b{total}\b", status.inner_text()), status.inner_text()
        form.locator("select[name=region]").select_option("groin")
        shown = _visible_conditions(page)
        assert 0 < shown < total, (shown, total)
        assert re.search(rf"\b{shown}\b.*\b{total}\b", status.inner_text()), status.inner_text()
        # every row still has one visible cell per visible condition
        widths = page.evaluate(
            """() => Array.from(document.querySelectorAll('.hb-compare-table tbody tr'))
                 .filter(tr => !tr.classList.contains('hb-rowgroup'))
                 .map(tr => Array.from(tr.querySelectorAll('td'))
                   .filter(td => td.getClientRects().length > 0).length)""")
        assert set(widths) == {shown}, widths
        groups = form.locator("select[name=group] option").evaluate_all(
            "(opts) => opts.map(o => o.value).filter(Boolean)")
        assert groups, "the group filter offers no groups"
        form.locator("select[name=group]").select_option(groups[0])
        assert _visible_conditions(page) <= shown
        form.locator("select[name=region]").select_option("")
        form.locator("select[name=group]").select_option("")
        assert _visible_conditions(page) == total
        _assert_clean(rec)


def test_compare_table_scrolls_inside_its_box_on_a_phone(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as (page, rec):
        page.goto(base_url + "/compare/")
        wait_ready(page)
        box = page.locator(".hb-compare .hb-table-scroll, .hb-table-scroll").first
        sizes = box.evaluate("(el) => ({scroll: el.scrollWidth, client: el.clientWidth})")
        assert sizes["scroll"] > sizes["client"], sizes  # the table is wider than the phone...
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        first_col = box.locator("tbody th[scope=row]").first
        before = first_col.bounding_box()
        box.evaluate("(el) => { el.scrollLeft = 300; }")
        assert box.evaluate("(el) => el.scrollLeft") > 0  # ...and scrolls inside its box
        after = first_col.bounding_box()
        assert before and after and abs(after["x"] - before["x"]) < 2  # sticky first column
        assert page.evaluate("() => window.scrollX") == 0
        # the filter still fits and works at this width
        form = page.locator("form.hb-compare-filter")
        assert form.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1")
        form.locator("select[name=region]").select_option("foot")
        assert _visible_conditions(page) < 7
        _assert_clean(rec)


def test_dark_palette_toggles_and_is_remembered(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(base_url + "/conditions/sciatica/")
        wait_ready(page)
        scheme = "() => document.body.getAttribute('data-md-color-scheme')"
        background = "() => getComputedStyle(document.body).backgroundColor"
        assert page.evaluate(scheme) == "default"
        light_bg = page.evaluate(background)
        set_palette(page, "slate")
        page.wait_for_timeout(300)
        assert page.evaluate(background) != light_bg
        page.reload()
        wait_ready(page)
        assert page.evaluate(scheme) == "slate"
        set_palette(page, "default")
        assert page.evaluate(scheme) == "default"
        _assert_clean(rec)


def test_glossary_terms_show_their_definition_as_a_tooltip(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        page.goto(base_url + "/conditions/sciatica/")
        wait_ready(page)
        # a handle, not a locator: Material moves the title away once the tooltip is set up
        abbr = page.locator("article p abbr[title]").first.element_handle()
        definition = abbr.get_attribute("title") or ""
        assert len(definition) > 10
        abbr.scroll_into_view_if_needed()
        abbr.hover()
        tip = page.locator("[role=tooltip].md-tooltip2--active")
        tip.wait_for(state="visible")
        assert " ".join(tip.inner_text().split()) == " ".join(definition.split())
        size = tip.locator(".md-tooltip2__inner").evaluate(
            "(el) => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 14, f"tooltip text is {size}px"
        # once shown, the definition is tied to the term for screen readers
        tip_id = tip.get_attribute("id")
        assert tip_id and tip_id in (abbr.get_attribute("aria-describedby") or "")
        _assert_clean(rec)
    # on a phone a tap shows it
    with open_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as (page, rec):
        page.goto(base_url + "/conditions/sciatica/")
        wait_ready(page)
        # a handle, not a locator: Material moves the title away once the tooltip is set up
        abbr = page.locator("article p abbr[title]").first.element_handle()
        definition = abbr.get_attribute("title") or ""
        abbr.scroll_into_view_if_needed()
        abbr.tap()
        tip = page.locator("[role=tooltip].md-tooltip2--active")
        tip.wait_for(state="visible")
        assert " ".join(tip.inner_text().split()) == " ".join(definition.split())
        box = tip.locator(".md-tooltip2__inner").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        _assert_clean(rec)


def test_condition_page_handout_link_downloads_a_pdf(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP, accept_downloads=True) as (page, rec):
        page.goto(base_url + "/conditions/sciatica/")
        wait_ready(page)
        link = page.locator(".hb-handout-link a")
        assert link.count() == 1
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == "sciatica.pdf"
        data = Path(download.path()).read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 5_000
        _assert_clean(rec)


def test_handouts_page_links_download_pdfs(browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=DESKTOP, accept_downloads=True) as (page, rec):
        page.goto(base_url + "/handouts/")
        wait_ready(page)
        links = page.locator("article a[href$='.pdf']")
        hrefs = links.evaluate_all("(as) => as.map(a => a.href)")
        assert len(hrefs) >= 9, hrefs  # overview, booklet, one per condition
        assert any(h.endswith("/overview.pdf") for h in hrefs)
        assert any(h.endswith("/booklet.pdf") for h in hrefs)
        for href in hrefs:
            response = page.request.get(href)
            assert response.status == 200, href
            assert response.body().startswith(b"%PDF-"), href
        with page.expect_download() as info:
            page.locator("article a[href$='overview.pdf']").click()
        assert Path(info.value.path()).read_bytes()[:5] == b"%PDF-"
        _assert_clean(rec)
