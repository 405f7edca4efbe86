"""Every page of the built site in a real browser: clean loads, accessibility, phone width.

One pass per page per check, with the failures of all pages gathered into one message, so a
broken page names itself and the others are still checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hb_browser import (
    DESKTOP,
    ENFORCED_BEST_PRACTICE,
    NO_TRANSITIONS,
    PHONE,
    WCAG_TAGS,
    describe_violations,
    open_page,
    run_axe,
    set_palette,
    site_pages,
    wait_ready,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> list[str]:
    found = site_pages(site_dir)
    # the bundled content: 7 conditions plus the fixed pages; a short list means a broken build
    assert "/" in found and "/compare/" in found and "/flowchart/" in found, found
    assert len([p for p in found if p.startswith("/conditions/") and p != "/conditions/"]) >= 7
    return found


def _fail_if(problems: dict[str, list[str]], what: str) -> None:
    bad = {k: v for k, v in problems.items() if v}
    if bad:
        lines = [f"{what} on {len(bad)} page(s):"]
        for page, items in bad.items():
            lines.append(f"  {page}")
            lines.extend(f"    {item}" for item in items)
        pytest.fail("\n".join(lines), pytrace=False)


def test_every_page_loads_cleanly(browser: Any, base_url: str, pages: list[str]) -> None:
    """No console errors or exceptions, no request leaves 127.0.0.1, no failed or broken image."""
    problems: dict[str, list[str]] = {}
    with open_page(browser, viewport=DESKTOP) as (page, rec):
        for path in pages:
            rec.__init__()  # type: ignore[misc]  # fresh lists, same listeners
            response = page.goto(base_url + path)
            wait_ready(page)
            page.wait_for_load_state("networkidle")
            found = rec.problems()
            if response is None or response.status != 200:
                found.append(f"status {response.status if response else None}")
            broken = page.evaluate(
                """() => Array.from(document.images)
                     .filter(img => !img.complete || img.naturalWidth === 0)
                     .map(img => img.currentSrc || img.src)"""
            )
            found += [f"broken image: {src}" for src in broken]
            problems[path] = found
    _fail_if(problems, "page load problems")


def test_every_page_fits_a_phone_screen(browser: Any, base_url: str, pages: list[str]) -> None:
    """At 375 px nothing makes the page itself scroll sideways (wide content scrolls in a box)."""
    problems: dict[str, list[str]] = {}
    with open_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as (page, _):
        for path in pages:
            page.goto(base_url + path)
            wait_ready(page)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            problems[path] = [] if width <= PHONE["width"] else [
                f"page is {width}px wide at a {PHONE['width']}px viewport; widest elements: "
                + ", ".join(page.evaluate(_WIDEST_JS, PHONE["width"]))
            ]
    _fail_if(problems, "sideways scrolling at 375 px")


_WIDEST_JS = """(limit) => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > limit + 1)
  .filter(el => !el.closest('.hb-table-scroll, .hb-flowchart__scroll, .md-sidebar, .md-search'))
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
       ? '.' + String(el.className).trim().split(/\\s+/).join('.') : ''))"""


def test_axe_wcag21_aa_in_both_palettes(
    browser: Any, base_url: str, pages: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """axe-core: zero WCAG 2.0/2.1 A and AA violations on every page, light and dark palette.

    The same run checks heading order and landmarks (axe best-practice rules we enforce);
    other best-practice findings are printed for review, not failed.
    """
    problems: dict[str, list[str]] = {}
    advice: dict[str, set[str]] = {}
    options = {"runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]},
               "resultTypes": ["violations"]}
    for path in pages:
        # a fresh context per page: empty localStorage, so the page starts in the light palette
        with open_page(browser, viewport=DESKTOP) as (page, _):
            page.goto(base_url + path)
            wait_ready(page)
            # axe must see the final colours, not a colour transition half way
            page.add_style_tag(content=NO_TRANSITIONS)
            found: list[str] = []
            for scheme in ("default", "slate"):
                set_palette(page, scheme)
                violations = run_axe(page, options)
                failing = [v for v in violations
                           if set(v["tags"]) & set(WCAG_TAGS) or v["id"] in ENFORCED_BEST_PRACTICE]
                if failing:
                    found.append(f"palette {scheme}:")
                    found += ["  " + line for line in describe_violations(failing)]
                for v in violations:
                    if v not in failing:
                        advice.setdefault(f"{v['id']}: {v['help']}", set()).add(path)
            problems[path] = found
    with capsys.disabled():
        if advice:
            print("\naxe best-practice findings (reported, not failed):")
            for rule, where in sorted(advice.items()):
                print(f"  {rule} -- {len(where)} page(s): {', '.join(sorted(where)[:4])}")
        else:
            print("\naxe best-practice findings: none")
    _fail_if(problems, "axe violations (WCAG 2.1 A/AA, heading order, landmarks)")


_STRUCTURE_JS = """() => {
  const out = [];
  const main = document.querySelectorAll('main, [role=main]');
  if (main.length !== 1) out.push(`${main.length} main landmarks`);
  const count = (sel) => document.querySelectorAll(sel).length;
  if (count('header.md-header, [role=banner]') < 1) out.push('no banner');
  if (count('footer, [role=contentinfo]') < 1) out.push('no contentinfo');
  const article = document.querySelector('main article') || document.querySelector('main');
  const heads = Array.from(article.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    .filter(h => h.getClientRects().length > 0 || h.closest('.hb-region'));
  const h1 = heads.filter(h => h.tagName === 'H1');
  if (h1.length !== 1) out.push(`${h1.length} h1 headings in the content`);
  if (heads.length && heads[0].tagName !== 'H1')
    out.push(`content starts with ${heads[0].tagName}`);
  let last = 1;
  for (const h of heads) {
    const level = Number(h.tagName[1]);
    if (level > last + 1)
      out.push(`${h.tagName} "${h.textContent.trim().slice(0, 40)}" follows H${last}`);
    last = level;
  }
  if (!document.documentElement.lang) out.push('no lang on <html>');
  if (!document.title.trim()) out.push('empty <title>');
  // every inline SVG in the content that is not decoration has a title and a description
  for (const svg of article.querySelectorAll('svg')) {
    if (svg.closest('[aria-hidden=true], .md-icon, .twemoji, .md-clipboard')) continue;
    if (svg.parentElement && svg.parentElement.closest('svg')) continue;
    const id = svg.id || svg.getAttribute('class') || 'svg';
    const role = svg.getAttribute('role');
    if (!role || !['img', 'group', 'graphics-document', 'figure'].includes(role))
      out.push(`svg ${id}: role is ${role}`);
    const title = svg.querySelector(':scope > title');
    const desc = svg.querySelector(':scope > desc');
    if (!title || !title.textContent.trim()) out.push(`svg ${id}: no <title>`);
    if (!desc || !desc.textContent.trim()) out.push(`svg ${id}: no <desc>`);
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const names = ids.map(i => document.getElementById(i)).filter(Boolean);
    if (!svg.getAttribute('aria-label') && (!names.length || names.length !== ids.length))
      out.push(`svg ${id}: aria-labelledby does not point at its title`);
    const described = (svg.getAttribute('aria-describedby') || '').split(/\\s+/).concat(ids);
    if (desc && desc.id && !described.includes(desc.id))
      out.push(`svg ${id}: its <desc> is not referenced by aria-describedby/labelledby`);
  }
  return out;
}"""


def test_headings_landmarks_and_svgs(browser: Any, base_url: str, pages: list[str]) -> None:
    """One h1 first, no skipped heading levels, one main landmark, titled and described SVGs."""
    problems: dict[str, list[str]] = {}
    with open_page(browser, viewport=DESKTOP) as (page, _):
        for path in pages:
            page.goto(base_url + path)
            wait_ready(page)
            problems[path] = page.evaluate(_STRUCTURE_JS)
    _fail_if(problems, "structure problems")


# How an element looks: the focus indicator candidates (transitions are switched off first, so
# the final look shows at once). A visually hidden control (Material's palette radio buttons)
# shows its focus on its label.
_LOOK_JS = """
const hbShown = (e) => {
  if (!e) return false;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  return r.width > 1 && r.height > 1 && s.opacity !== '0' && s.visibility !== 'hidden';
};
const hbLook = (el) => {
  const sib = el.nextElementSibling;
  const presenter = [el, ...(el.labels || []), sib && sib.tagName === 'LABEL' ? sib : null]
    .find(hbShown);
  if (!presenter) return {visible: false};
  const s = getComputedStyle(presenter);
  const kid = presenter.querySelector('.bodymap-pick');
  // Material's search field shows focus on the box around it
  const box = presenter.closest('.md-search__form');
  const b = box ? getComputedStyle(box) : null;
  const k = kid ? getComputedStyle(kid) : null;
  return {
    visible: true,
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : '',
    shadow: s.boxShadow, bg: s.backgroundColor, color: s.color,
    deco: s.textDecorationLine + ' ' + s.textDecorationThickness,
    border: s.borderColor + ' ' + s.borderWidth,
    // the areas of a body-map link are drawn by its child shapes
    kid: k ? `${k.fill} ${k.fillOpacity} ${k.stroke} ${k.strokeWidth}` : '',
    box: b ? `${b.backgroundColor} ${b.boxShadow}` : '',
  };
};
const hbSettle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
"""

# Before any key is pressed: how every element that could take focus looks without it.
_BASELINE_JS = "async () => {" + _LOOK_JS + """
  await hbSettle();
  const sel = 'a[href], a[*|href], area[href], button, input, select, textarea, summary, iframe, ' +
              '[tabindex], [contenteditable=true]';
  const els = Array.from(document.querySelectorAll(sel));
  els.forEach((e, i) => { e.dataset.hbKey = String(i); });
  return els.map(hbLook);
}"""

_FOCUSED_JS = "async () => {" + _LOOK_JS + """
  await hbSettle();
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.tagName.toLowerCase() + ' ' + (el.getAttribute('aria-label') ||
    el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40));
  return {key: el.dataset.hbKey ?? null, label, look: hbLook(el)};
}"""

FOCUS_PAGES = ["/", "/conditions/sciatica/", "/compare/", "/where-does-it-hurt/", "/flowchart/",
               "/handouts/"]


@pytest.mark.parametrize("path", FOCUS_PAGES)
def test_keyboard_focus_is_visible(browser: Any, base_url: str, path: str) -> None:
    """Tab through the page: every element that takes focus is on screen and looks different."""
    problems: list[str] = []
    with open_page(browser, viewport=DESKTOP) as (page, _):
        page.goto(base_url + path)
        wait_ready(page)
        page.add_style_tag(content=NO_TRANSITIONS)
        baseline = page.evaluate(_BASELINE_JS)
        seen: set[str] = set()
        for _ in range(200):
            page.keyboard.press("Tab")
            now = page.evaluate(_FOCUSED_JS)
            if now is None:
                break
            if now["key"] is None:
                problems.append(f"{now['label']}: takes focus but was not found as focusable")
                continue
            if now["key"] in seen:
                break  # wrapped round
            seen.add(now["key"])
            if not now["look"]["visible"]:
                problems.append(f"{now['label']}: takes focus but is not visible")
            elif now["look"] == baseline[int(now["key"])]:
                # Material opens its search box a moment after the field takes focus
                page.wait_for_timeout(400)
                later = page.evaluate(_FOCUSED_JS)
                if later is None or later["look"] == baseline[int(now["key"])]:
                    problems.append(f"{now['label']}: no visible change on keyboard focus")
        assert len(seen) > 5, f"only {len(seen)} focus stops on {path}"
    assert not problems, f"focus not visible on {path}:\n  " + "\n  ".join(problems)
