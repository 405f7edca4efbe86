"""The hazard log (generator/emit/hazard_log.py): a row per sign list, per answer that
promises a tier and per scope question; a rule that repeats an invariant listed once; every
content value escaped."""

from __future__ import annotations

import dataclasses
import re
from html import unescape
from pathlib import Path

import pytest
from hb_testlib import BUNDLED, FIXTURE, copy_content, site_html

from generator.emit.hazard_log import hazard_log_html, hazard_log_page, hazard_rows
from generator.emit.how_we_check import how_we_check_page
from generator.emit.markdown.renderer import Renderer
from generator.model.content import load_content
from generator.resolve import Resolved, resolve


def _resolved(root: Path) -> Resolved:
    content, report = load_content(root)
    assert content is not None, [d.format() for d in report.errors]
    return resolve(content, readings=())


@pytest.fixture(scope="module")
def bundled() -> Resolved:
    return _resolved(BUNDLED)


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page_text(md: str) -> str:
    """A generated page's words as the reader gets them (its Markdown made into HTML)."""
    return text_of(site_html(md))


def test_a_row_per_sign_list_and_promising_answer(bundled: Resolved) -> None:
    rows = hazard_rows(bundled)
    promising = [p for p in bundled.safety.promises if p.promised is not None]
    scoped = [s for s in bundled.safety.screens if s.kind == "scope"]
    assert len(rows) == len(bundled.sign_lists) + len(promising) + len(scoped)
    assert [r.id for r in rows] == [f"H{i}" for i in range(1, len(rows) + 1)]
    for row, sl in zip(rows, bundled.sign_lists, strict=False):
        assert f"“{sl.heading}”" in row.hazard and sl.tier.label in row.hazard
        assert row.causes and row.controls and row.evidence and row.residual
    html = hazard_log_html(bundled)
    assert html.count("<tr id=") == len(rows)
    text = text_of(html)
    assert bundled.site.description in text
    assert "No clinician has reviewed this guide yet." in text


@pytest.fixture(scope="module")
def fixture_content() -> Resolved:
    """The test fixture: unlike the bundled content, it keeps rules that repeat an invariant."""
    return _resolved(FIXTURE)


def test_a_rule_equal_to_an_invariant_is_listed_once(fixture_content: Resolved) -> None:
    bundled = fixture_content
    assert bundled.safety.repeated, "the fixture has rules that repeat an invariant"
    text = text_of(hazard_log_html(bundled))
    for rule in bundled.safety.repeated:
        assert " ".join(rule.says.split()) not in text  # shown as the invariant, not again
        assert text.count(f"“{rule.id}”") == 1
    page = page_text(how_we_check_page(Renderer(bundled)))
    for rule in bundled.safety.repeated:
        assert " ".join(rule.says.split()) not in page
    for rule in bundled.safety.rules:
        assert " ".join(rule.says.split()) in page


def test_promising_answers_and_scope_questions_get_rows(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    chart = root / "flowchart.yml"
    text = chart.read_text(encoding="utf-8")
    text = text.replace("    next: nerve-weakness-today\n",
                        "    next: nerve-weakness-today\n    promises: today\n", 1)
    text = text.replace("- id: red-flags\n  asks_about: emergency-signs\n",
                        "- id: red-flags\n  asks_about: emergency-signs\n  scope: true\n", 1)
    chart.write_text(text, encoding="utf-8")
    r = _resolved(root)
    rows = hazard_rows(r)
    assert len(rows) == len(r.sign_lists) + 2
    promise, scope = rows[-2], rows[-1]
    assert "“Yes, and my leg or foot is getting weaker”" in promise.hazard
    assert any(c.startswith("I3:") for c in promise.controls)
    assert any("painless-foot-drop" in e for e in promise.evidence)
    assert any(c.startswith("I2:") for c in scope.controls)
    page = how_we_check_page(Renderer(r))
    assert "Yes, and my leg or foot is getting weaker" in page
    assert "(who this guide is for)" in page


def test_every_value_is_escaped(bundled: Resolved) -> None:
    evil = "<img src=x onerror=alert(1)>"
    lists = tuple(dataclasses.replace(x, heading=evil) for x in bundled.sign_lists)
    site = bundled.site.model_copy(update={"description": evil})
    content = dataclasses.replace(bundled.content, site=site)
    r = dataclasses.replace(bundled, sign_lists=lists, content=content)
    html = hazard_log_html(r)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    md = hazard_log_page(Renderer(r))
    assert "<img" not in md
