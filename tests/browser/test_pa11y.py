"""pa11y (HTML_CodeSniffer, WCAG 2 AA) on every page of the built site, served.

A second, independent accessibility checker beside axe-core (test_every_page.py): different
rules find different problems (pa11y found the nameless table-of-contents checkbox on pages with
no table of contents, which axe does not flag). pa11y drives Debian's Chromium through Puppeteer
(``PUPPETEER_SKIP_DOWNLOAD=1``: it downloads no browser); the driver is ``pa11y_run.mjs``.

Documented false positives, and only these, are accepted (each must still occur, so the list
cannot outlive the problem it excuses):

* H32.2, "this form does not contain a submit button", on Material's colour-palette form and on
  its search form. Neither form submits anything: the palette switch changes the page's colours
  (a change of content, not of context, in WCAG 3.2.2's terms), and search shows its results as
  the reader types, Enter opening the first. A submit button would be a control that does
  nothing. Both are operable by keyboard (tests/browser/test_keyboard.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hb_browser import CHROMIUM, CHROMIUM_ARGS, NODE_MODULES, site_pages

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DRIVER = Path(__file__).resolve().parent / "pa11y_run.mjs"
FALSE_POSITIVES = {
    ("WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2", '<form class="md-header__option"'):
        "Material's palette switch",
    ("WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2", '<form class="md-search__form"'):
        "Material's search form",
}
"""(code, the start of the element's markup): what pa11y may report, and only on what."""


def _run(urls: list[str]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    assert node, "pa11y needs Node.js; run `make test` (it installs the test tools)"
    assert (NODE_MODULES / "pa11y").is_dir(), "pa11y is missing; run `npm ci` (make test does)"
    proc = subprocess.run(
        [node, str(DRIVER), str(CHROMIUM), json.dumps(CHROMIUM_ARGS), *urls],
        capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    found: dict[str, list[dict[str, Any]]] = json.loads(proc.stdout)
    return found


def test_pa11y_finds_nothing_but_documented_false_positives(base_url: str,
                                                            site_dir: Path) -> None:
    pages = [p for p in site_pages(site_dir) if p != "/404.html"]
    assert len(pages) >= 25, pages
    found = _run([base_url + p for p in pages])
    assert len(found) == len(pages)
    problems, excused = [], set()
    for url, issues in sorted(found.items()):
        for issue in issues:
            key = next((k for k in FALSE_POSITIVES
                        if k[0] == issue["code"] and issue["context"].startswith(k[1])), None)
            if key is not None:
                excused.add(key)
                continue
            problems.append(f"{url}: {issue['code']} at {issue['selector']}: {issue['message']}"
                            f"\n    {issue['context'][:200]}")
    assert not problems, "\n".join(problems)
    assert excused == set(FALSE_POSITIVES), (
        f"no longer found (take them off the list): {set(FALSE_POSITIVES) - excused}")
