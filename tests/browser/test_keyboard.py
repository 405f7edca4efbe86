"""Keyboard at every width (issue 23): wherever Tab goes, the reader can see it.

Below 1220 px Material's navigation is a drawer that slides off screen; its links used to stay
tab stops, the menu button (a <label>) was no tab stop at all, the search results were reached
with the arrow keys only and Escape dropped focus to <body>. The fixes are
overrides/partials/hb-keyboard.html and the keyboard section of overrides/assets/css/site.css.

These tests tab through whole pages at a phone's width (390 px, also what 200 % zoom of a
laptop gives) and at a desktop's (1280 px) and check after every Tab that the focused element
has a size, is not hidden, not inert, not see-through, on screen once the browser has scrolled
it into view, and not covered by something else (the drawer, the header, the search).
"""

from __future__ import annotations

from typing import Any

import pytest
from hb_browser import NO_TRANSITIONS, SCREENSHOTS, open_page, run_axe, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
WIDTHS = {"390": NARROW, "1280": WIDE}
PAGES = ["/", "/conditions/sciatica/", "/flowchart/"]

# What the focused element looks like on screen; None when nothing has focus. Material's palette
# toggle is a radio button of no size whose focus ring is drawn on the label after it, so the
# label is what the reader sees there.
FOCUS_PROBLEMS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = el.matches('input.md-option') ? el.nextElementSibling : el;
  const r = shown.getBoundingClientRect();
  const what = `${el.tagName.toLowerCase()} ${el.getAttribute('class') || ''} `
    + `"${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40)}"`;
  const problems = [];
  if (r.width < 1 || r.height < 1) problems.push('no size');
  if (getComputedStyle(shown).visibility !== 'visible') problems.push('hidden');
  if (shown.closest('[inert]')) problems.push('inert');
  for (let a = shown; a && a.nodeType === 1; a = a.parentElement) {
    if (parseFloat(getComputedStyle(a).opacity) === 0) { problems.push('transparent'); break; }
  }
  const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  if (right - left < 1 || bottom - top < 1) {
    problems.push(`off screen at ${Math.round(r.left)},${Math.round(r.top)}`);
  } else {
    // a shape in a drawing (the body map) is not its box: any part of the same drawing will do
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    const svg = shown.closest('svg');
    if (!hit || !(shown.contains(hit) || hit.contains(shown) || (svg && svg.contains(hit))))
      problems.push(`covered by ${hit ? hit.tagName + '.' + hit.getAttribute('class') : 'nothing'}`);
  }
  return {what, problems};
}"""


def _focus(page: Any) -> dict[str, Any] | None:
    result: dict[str, Any] | None = page.evaluate(FOCUS_PROBLEMS)
    return result


def _press(page: Any, key: str, seen: list[str], bad: list[str]) -> dict[str, Any] | None:
    """Press ``key``, then record where focus went and anything wrong with how it shows."""
    page.keyboard.press(key)
    state = _focus(page)
    if state is not None:
        seen.append(state["what"])
        if state["problems"]:
            bad.append(f"after {key} #{len(seen)}: {state['what']}: {', '.join(state['problems'])}")
    return state


def _open(page: Any, url: str) -> None:
    page.goto(url)
    wait_ready(page)
    page.add_style_tag(content=NO_TRANSITIONS)  # the final look at once, not mid-slide


def _tab_to_the_end(page: Any, seen: list[str], bad: list[str], limit: int = 400) -> None:
    """Tab until focus leaves the page (back to the browser), checking every stop."""
    for _ in range(limit):
        if _press(page, "Tab", seen, bad) is None:
            return
    raise AssertionError(f"Tab never left the page after {limit} stops: {seen[-5:]}")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_tab_stop_is_on_screen(browser: Any, base_url: str, width: str, path: str) -> None:
    with open_page(browser, viewport=WIDTHS[width]) as (page, rec):
        _open(page, base_url + path)
        seen: list[str] = []
        bad: list[str] = []
        _tab_to_the_end(page, seen, bad)
        assert len(seen) >= 5, seen
        assert not bad, "\n".join(bad)
        # the closed drawer's links are not among them, and neither are the results of a
        # closed search
        assert page.locator(".md-sidebar--primary a:focus, .md-search a:focus").count() == 0
        assert not rec.problems(), rec.problems()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_whole_guide_by_keyboard_stays_on_screen(browser: Any, base_url: str,
                                                     width: str) -> None:
    with open_page(browser, viewport=WIDTHS[width]) as (page, rec):
        _open(page, base_url + "/flowchart/")
        guide = page.locator(".hb-guide")
        guide.locator(".hb-guide__answer").first.wait_for(state="visible")
        seen: list[str] = []
        bad: list[str] = []
        on_answer = "() => document.activeElement.matches('.hb-guide__answer')"
        for _ in range(200):
            _press(page, "Tab", seen, bad)
            if page.evaluate(on_answer):
                break
        else:
            raise AssertionError(f"Tab never reached the guide's answers: {seen[-5:]}")
        for step in range(30):
            # the last answer ("No" to the warning signs) leads the longest way
            while page.evaluate("() => !!document.activeElement.closest('.hb-guide__answer')"
                                " && !!document.activeElement.nextElementSibling"):
                _press(page, "Tab", seen, bad)
            assert page.evaluate(on_answer), seen[-3:]
            _press(page, "Space" if step % 2 else "Enter", seen, bad)
            if guide.locator(".hb-outcome").count():
                break
            for _ in range(20):  # from the new question's heading to its first answer
                _press(page, "Tab", seen, bad)
                if page.evaluate(on_answer):
                    break
        else:
            raise AssertionError(f"no outcome by keyboard: {seen[-10:]}")
        assert guide.locator(".hb-outcome").is_visible()
        assert step >= 1, "the last answers should lead through more than one question"
        _tab_to_the_end(page, seen, bad)  # the outcome's links, "start again", the rest
        assert not bad, "\n".join(bad)
        assert not rec.problems(), rec.problems()


def _tab_until(page: Any, selector: str, seen: list[str], bad: list[str],
               limit: int = 60) -> None:
    for _ in range(limit):
        _press(page, "Tab", seen, bad)
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}: {seen}")


ARIA_RULES = ["aria-allowed-role", "aria-allowed-attr", "aria-prohibited-attr", "button-name",
              "nested-interactive"]
MENU = "label.md-header__button[for=__drawer] > [role=button]"
SEARCH_BUTTON = "label.md-header__button[for=__search] > [role=button]"
IN_DRAWER = "() => !!document.activeElement.closest('.md-sidebar--primary')"
DRAWER_OPEN = "() => document.getElementById('__drawer').checked"
SEARCH_OPEN = "() => document.getElementById('__search').checked"


def test_menu_button_opens_and_closes_the_drawer_by_keyboard(browser: Any,
                                                             base_url: str) -> None:
    with open_page(browser, viewport=NARROW, is_mobile=True, has_touch=True) as (page, rec):
        _open(page, base_url + "/")
        seen: list[str] = []
        bad: list[str] = []
        _tab_until(page, MENU, seen, bad, limit=5)  # after "Skip to content"
        menu = page.locator(MENU)
        assert menu.get_attribute("role") == "button"
        assert (menu.get_attribute("aria-label") or "").strip()
        assert menu.get_attribute("aria-expanded") == "false"
        _press(page, "Enter", seen, bad)
        assert page.evaluate(DRAWER_OPEN) and page.evaluate(IN_DRAWER), seen[-1:]
        assert menu.get_attribute("aria-expanded") == "true"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "menu-by-keyboard-390.png"))
        # the buttons are proper buttons (and no role on a <label>, which ARIA does not allow)
        found = run_axe(page, {"runOnly": {"type": "rule", "values": ARIA_RULES}})
        assert not found, found
        # every link of the open drawer, each on screen; leaving the drawer closes it
        links = page.locator(".md-sidebar--primary .md-nav--primary > .md-nav__list a").count()
        for _ in range(links + 5):
            _press(page, "Tab", seen, bad)
            if not page.evaluate(IN_DRAWER):
                break
        assert not page.evaluate(DRAWER_OPEN), "focus left the drawer, the drawer stayed open"
        # Space opens it too; Escape closes it and gives focus back to the button
        page.locator(MENU).focus()
        _press(page, " ", seen, bad)
        assert page.evaluate(DRAWER_OPEN) and page.evaluate(IN_DRAWER)
        _press(page, "Tab", seen, bad)
        _press(page, "Escape", seen, bad)
        assert not page.evaluate(DRAWER_OPEN)
        assert page.evaluate("(sel) => document.activeElement.matches(sel)", MENU)
        assert not bad, "\n".join(bad)
        assert len([s for s in seen if "md-nav__link" in s]) >= 8, seen
        assert not rec.problems(), rec.problems()


def test_drawer_panels_by_keyboard_on_a_condition_page(browser: Any, base_url: str) -> None:
    """Material opens the drawer at the page's own panel; a keyboard can go back up from it."""
    with open_page(browser, viewport=NARROW, is_mobile=True, has_touch=True) as (page, rec):
        _open(page, base_url + "/conditions/sciatica/")
        seen: list[str] = []
        bad: list[str] = []
        _tab_until(page, MENU, seen, bad, limit=5)
        _press(page, "Enter", seen, bad)
        assert page.evaluate(IN_DRAWER), seen[-1:]
        back = "() => document.activeElement.matches('label.md-nav__title > [role=button]')"
        assert page.evaluate(back), f"the open panel's back button should have focus: {seen[-1:]}"
        found = run_axe(page, {"runOnly": {"type": "rule", "values": ARIA_RULES}})
        assert not found, found
        ups = 0
        while page.evaluate(back) and ups < 5:  # back up to the top panel
            _press(page, "Enter", seen, bad)
            ups += 1
            assert page.evaluate(IN_DRAWER), seen[-1:]
            for _ in range(40):
                if page.evaluate(back) or _press(page, "Shift+Tab", seen, bad) is None:
                    break
                if not page.evaluate(IN_DRAWER):
                    break
        assert ups >= 1
        assert not bad, "\n".join(bad)
        assert not rec.problems(), rec.problems()


# Material redraws the results after every key typed; a test that tabs while a later query is
# still being drawn loses focus with the removed link. Typing ends when the list has not
# changed for SETTLE_MS.
SETTLE_MS = 800
WATCH_RESULTS = """() => {
  window.__hbResultsChanged = performance.now();
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(() => { window.__hbResultsChanged = performance.now(); })
    .observe(list, {childList: true, subtree: true, characterData: true});
}"""
RESULTS_SETTLED = f"""() => !!document.querySelector('.md-search-result__link')
  && performance.now() - window.__hbResultsChanged > {SETTLE_MS}"""


def _type_in_search(page: Any, text: str) -> None:
    """Type ``text`` key by key, then wait until the search has drawn the results of all of it."""
    page.evaluate(WATCH_RESULTS)
    page.keyboard.type(text, delay=20)
    page.wait_for_function(RESULTS_SETTLED, timeout=10_000, polling=100)


def _search_by_keyboard(page: Any, seen: list[str], bad: list[str]) -> None:
    _type_in_search(page, "sciatica")
    results = page.locator(".md-search-result__list :not(details) > [href]").count()
    assert results >= 2
    _press(page, "Tab", seen, bad)
    assert page.evaluate("() => document.activeElement.matches('.md-search-result__link')")
    assert page.evaluate(SEARCH_OPEN), "Tab closed the search"
    first = page.evaluate("() => document.activeElement.href")
    _press(page, "Tab", seen, bad)
    assert page.evaluate("() => document.activeElement.href") != first
    _press(page, "Shift+Tab", seen, bad)
    assert page.evaluate("() => document.activeElement.href") == first
    # the results box is a scroll box a keyboard can reach now
    found = run_axe(page, {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]}})
    assert not found, found


def test_search_results_by_tab_and_escape_back_to_the_button_on_a_phone(
        browser: Any, base_url: str) -> None:
    with open_page(browser, viewport=NARROW, is_mobile=True, has_touch=True) as (page, rec):
        _open(page, base_url + "/conditions/sciatica/")
        seen: list[str] = []
        bad: list[str] = []
        _tab_until(page, SEARCH_BUTTON, seen, bad, limit=12)
        button = page.locator(SEARCH_BUTTON)
        assert button.get_attribute("role") == "button"
        assert (button.get_attribute("aria-label") or "").strip()
        _press(page, "Enter", seen, bad)
        assert page.evaluate(SEARCH_OPEN)
        assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
        _search_by_keyboard(page, seen, bad)
        _press(page, "Escape", seen, bad)
        assert not page.evaluate(SEARCH_OPEN)
        assert page.evaluate("(sel) => document.activeElement.matches(sel)", SEARCH_BUTTON)
        # Space opens it again; Escape from the field also returns to the button
        _press(page, " ", seen, bad)
        assert page.evaluate(SEARCH_OPEN)
        _press(page, "Escape", seen, bad)
        assert page.evaluate("(sel) => document.activeElement.matches(sel)", SEARCH_BUTTON)
        # Material's search key "/" opens it where the field is behind the button
        page.evaluate("() => document.activeElement.blur()")
        _press(page, "/", seen, bad)
        assert page.evaluate(SEARCH_OPEN)
        assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
        assert page.input_value(".md-search__input") == "sciatica", "the key was typed in"
        assert not bad, "\n".join(bad)
        assert not rec.problems(), rec.problems()


def test_search_results_by_tab_on_a_desktop(browser: Any, base_url: str) -> None:
    """At this width the search field is in the header: Escape closes the results and leaves
    focus in the field; typing opens them again."""
    with open_page(browser, viewport=WIDE) as (page, rec):
        _open(page, base_url + "/")
        seen: list[str] = []
        bad: list[str] = []
        _tab_until(page, ".md-search__input", seen, bad, limit=12)
        _search_by_keyboard(page, seen, bad)
        _press(page, "Escape", seen, bad)
        page.wait_for_function(f"() => !({SEARCH_OPEN})()")
        assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
        first = ".md-search-result__link"
        page.eval_on_selector(first, "(a) => a.setAttribute('data-old', '')")
        _type_in_search(page, " pain")
        assert page.evaluate(SEARCH_OPEN)
        # the results of the new words are drawn
        assert page.evaluate(f"() => !!document.querySelector('{first}:not([data-old])')")
        # Tab from the last result leaves the search, which closes behind it
        in_search = "() => !!document.activeElement.closest('.md-search')"
        for _ in range(200):  # Material draws more results as the box scrolls to its end
            _press(page, "Tab", seen, bad)
            if not page.evaluate(in_search):
                break
        assert not page.evaluate(in_search), "Tab never left the search results"
        assert len([s for s in seen if "md-search-result__link" in s]) >= 4, seen[-8:]
        assert not page.evaluate(SEARCH_OPEN)
        assert not bad, "\n".join(bad)
        assert not rec.problems(), rec.problems()
