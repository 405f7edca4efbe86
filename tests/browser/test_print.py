"""Printing from the browser (issue 15): every condition page fits on three A4 sheets, without
the site's navigation, with its address and review date at the foot of the sheets.

Chromium's own PDF output (``page.pdf``, the engine behind "Print → Save as PDF") with the
print stylesheet (overrides/assets/css/print.css and the per-page footer in main.html).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hb_browser import DESKTOP, open_page, site_pages, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MAX_SHEETS = 3


def _print(page: Any) -> tuple[int, str]:
    from pypdf import PdfReader

    data = page.pdf(format="A4", prefer_css_page_size=True)
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def test_condition_pages_print_on_three_sheets(browser: Any, base_url: str,
                                               site_dir: Path) -> None:
    conditions = [p for p in site_pages(site_dir)
                  if p.startswith("/conditions/") and p != "/conditions/"]
    assert conditions
    problems = []
    with open_page(browser, viewport=DESKTOP) as (page, _):
        for path in conditions:
            page.goto(base_url + path)
            wait_ready(page)
            sheets, text = _print(page)
            flat = " ".join(text.split())
            canonical = page.evaluate(
                "() => document.querySelector('link[rel=canonical]').href")
            reviewed = page.evaluate(
                "() => document.querySelector('time[datetime]').getAttribute('datetime')")
            if sheets > MAX_SHEETS:
                problems.append(f"{path}: {sheets} A4 sheets > {MAX_SHEETS}")
            if canonical not in flat.replace(" ", "") and canonical not in flat:
                problems.append(f"{path}: the address {canonical} is not printed")
            if f"Last reviewed: {reviewed}" not in flat:
                problems.append(f"{path}: the review date {reviewed} is not in the footer")
            # no header, search box or site navigation on paper
            for screen_only in ("Skip to content", "Search", "Switch to dark mode"):
                if screen_only in flat:
                    problems.append(f"{path}: prints {screen_only!r}")
    assert not problems, "\n".join(problems)
