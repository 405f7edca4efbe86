"""Page weight on a phone, and screenshots of every page type for review.

The weight test loads a page in a fresh phone-sized context (empty cache), waits until the network
is idle, and adds up the bytes of every response by kind. The budget sits a little above what was
measured on the bundled content; raise it only with a reason (and say it in the commit).
Screenshots go to tests/browser/screenshots/ (git-ignored): look at them after a change to CSS.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from typing import Any

import pytest

from hb_browser import DESKTOP, PHONE, SCREENSHOTS, open_page, set_palette, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KINDS = {
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "font": "fonts",
    "image": "images",
    "fetch": "data",
    "xhr": "data",
}

# Measured 2026-11-26 on the bundled content (Material 9.8.1, Atkinson Hyperlegible woff2), in
# bytes as served (the test server does not gzip; the test also prints the gzipped sizes):
#                          html   css     js      data (search)  fonts  other  total
#   /                      25.5   165.2   163.2   87.1           47.0   0.2    488.2 KB
#   /conditions/sciatica/  53.4   165.2   163.2   87.1           47.0   0.2    516.1 KB
# (gzipped: 150 KB and 157 KB). JS and CSS are Material's bundle plus our two small scripts;
# "data" is Material's search index and worker, which it loads with every page. Budgets leave
# about 5-10 % headroom; raise one only with a reason.
BUDGETS: dict[str, dict[str, int]] = {
    "/": {"html": 30_000, "css": 175_000, "js": 172_000, "data": 95_000, "fonts": 55_000,
          "images": 10_000, "total": 520_000},
    "/conditions/sciatica/": {"html": 60_000, "css": 175_000, "js": 172_000, "data": 95_000,
                              "fonts": 55_000, "images": 10_000, "total": 550_000},
}


def _kb(n: int) -> str:
    return f"{n / 1000:7.1f} KB"


@pytest.mark.parametrize("path", list(BUDGETS))
def test_page_weight_on_a_phone(
    browser: Any, base_url: str, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sizes: dict[str, int] = defaultdict(int)
    zipped: dict[str, int] = defaultdict(int)
    files: list[tuple[str, str, int]] = []
    with open_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as (page, rec):
        responses: list[Any] = []
        page.context.on("response", lambda r: responses.append(r))
        page.goto(base_url + path)
        wait_ready(page)
        page.wait_for_load_state("networkidle")
        for response in responses:
            if response.status != 200:
                continue
            body = response.body()
            kind = KINDS.get(response.request.resource_type, "other")
            sizes[kind] += len(body)
            zipped[kind] += len(gzip.compress(body, 6)) if kind != "fonts" else len(body)
            files.append((kind, response.url.replace(base_url, ""), len(body)))
        assert not rec.foreign_requests()
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\npage weight of {path} at {PHONE['width']} px (bytes as served / gzipped):")
        for kind in sorted(sizes, key=lambda k: -sizes[k]):
            print(f"  {kind:7} {_kb(sizes[kind])}  {_kb(zipped[kind])}")
        print(f"  {'total':7} {_kb(total)}  {_kb(sum(zipped.values()))}")
        for kind, url, n in sorted(files, key=lambda f: -f[2])[:8]:
            print(f"    {kind:6} {_kb(n)}  {url}")
    budget = BUDGETS[path]
    measured = {**sizes, "total": total}
    over = [f"{kind}: {measured.get(kind, 0)} bytes > budget {limit}"
            for kind, limit in budget.items() if measured.get(kind, 0) > limit]
    assert not over, f"{path} is over its page-weight budget:\n  " + "\n  ".join(over)


PAGE_TYPES = {
    "home": "/",
    "condition": "/conditions/sciatica/",
    "compare": "/compare/",
    "where-does-it-hurt": "/where-does-it-hurt/",
    "flowchart": "/flowchart/",
    "handouts": "/handouts/",
    "about": "/about/",
}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_screenshots(browser: Any, base_url: str, name: str) -> None:
    """Full-page screenshots at 375 and 1280 px (light), and at 375 px in the dark palette."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = PAGE_TYPES[name]
    shots = [("375", PHONE, "default"), ("1280", DESKTOP, "default"), ("375-dark", PHONE, "slate")]
    for label, viewport, scheme in shots:
        phone = viewport is PHONE
        with open_page(browser, viewport=viewport, is_mobile=phone, has_touch=phone) as (page, rec):
            page.goto(base_url + path)
            wait_ready(page)
            if scheme != "default":
                set_palette(page, scheme)
                page.mouse.move(0, viewport["height"] - 1)  # no hover tooltip on the toggle
            page.wait_for_timeout(300)  # colour transitions, the guide's first question
            out = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(out), full_page=True)
            assert out.stat().st_size > 10_000
            assert not rec.problems(), rec.problems()
