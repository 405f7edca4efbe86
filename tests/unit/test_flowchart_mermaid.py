"""Mermaid emitter: golden output, label escaping and wrapping (no rendering here; see _svg)."""

from __future__ import annotations

import re

from flowchart_chart import fixture_chart
from test_flowchart_fixtures import GOLDEN, STRINGS

from generator.emit.flowchart.mermaid import (
    COLOUR_STYLES,
    WRAP,
    ZWSP,
    label,
    label_text,
    to_mermaid,
    wrap,
)


def fixture_source() -> str:
    chart = fixture_chart()
    return to_mermaid(chart, title=chart.fc.title,
                      description=STRINGS["flowchart"]["diagram_desc"])


def test_golden_mermaid(update_golden: bool) -> None:
    expected = GOLDEN / "expected.mmd"
    actual = fixture_source()
    if update_golden:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8"), (
        "Mermaid output changed; if intended, rerun with --update-golden "
        "(or HIPBACK_UPDATE_GOLDEN=1) and review the diff of tests/golden/flowchart/expected.mmd"
    )


def test_output_is_deterministic_and_complete() -> None:
    src = fixture_source()
    assert src == fixture_source()
    assert src.startswith("flowchart TD\naccTitle: Is my hip pain coming from my back or my hip?\n")
    assert "\naccDescr: The flowchart starts with warning signs." in src
    fc = fixture_chart().fc
    # one node per question and outcome, one edge per answer, one link per outcome
    assert len(re.findall(r"^Q\d+\(", src, re.MULTILINE)) == len(fc.questions)
    assert len(re.findall(r"^O\d+\[", src, re.MULTILINE)) == len(fc.outcomes)
    assert len(re.findall(r" -->\|", src)) == sum(len(q.answers) for q in fc.questions)
    assert re.findall(r'^click (O\d+) href "#outcome-([a-z-]+)"$', src, re.MULTILINE)[0] == (
        "O1",
        "get-help-now",
    )
    # the tier's label in words, not only colour; a sign-list question shows its question only
    assert 'O1["Emergency<br/>Get help now"]' in src
    assert 'Q1("Do you have any of these<br/>warning signs?")' in src
    assert "numbness" not in src
    assert "class O1 fcRed" in src and f"classDef fcRed {COLOUR_STYLES['red']}" in src
    assert "class O2 fcOrange" in src and "class O3,O4,O5 fcBlue" in src
    assert "class O6,O7 fcGreen" in src
    # only the colours the tiers in use need a class
    assert "fcYellow" not in src and "fcGrey" not in src


def test_link_to_condition_pages_instead_of_cards() -> None:
    src = to_mermaid(fixture_chart(), title="t", description="d", link_to="condition")
    assert 'click O2 href "../conditions/sciatica/"' in src
    assert 'click O1 href "#outcome-get-help-now"' in src  # no condition: falls back to the card


def test_escaping_quotes_brackets_and_angle_brackets() -> None:
    assert label_text('Is it "sharp" or [dull] (or {both})?') == (
        "Is it \u201csharp\u201d or [dull] (or {both})?"
    )
    assert label_text("Pain <worse> & better") == "Pain #lt;worse#gt; #amp; better"
    assert label_text("<script>alert(1)</script>") == "#lt;script#gt;alert(1)#lt;/script#gt;"
    # entity-like text, "\n", a leading backtick and mermaid's style pre-processor are defused
    assert label_text("item #1; next") == f"item #{ZWSP}1; next"
    assert label_text("a\\nb") == f"a\\{ZWSP}nb"
    assert label_text("`code`") == f"{ZWSP}`code`"
    assert "sty" + ZWSP + "le" in label_text("Lifestyle:x&y;")
    # pipes, semicolons, percent signs and markdown marks pass through (quoted labels keep them)
    assert label_text("a|b; 50%% *c* _d_") == "a|b; 50%% *c* _d_"
    # newlines and runs of spaces fold
    assert label_text("  one\n two  ") == "one two"


def test_labels_never_contain_a_raw_quote_or_angle_bracket() -> None:
    tricky = 'He said "no" <b>& left [x] {y} (z) `q` #35; \\n'
    out = label(tricky)
    assert out.startswith('"') and out.endswith('"')
    inner = out[1:-1].replace("<br/>", "")
    assert '"' not in inner and "<" not in inner and ">" not in inner


def test_wrap() -> None:
    text = "Is it worse after walking or standing, and better when you sit or bend forward?"
    lines = wrap(text)
    assert all(len(line) <= WRAP for line in lines)
    assert " ".join(lines) == text
    assert wrap("Supercalifragilisticexpialidocious-and-more words", 10) == [
        "Supercalifragilisticexpialidocious-and-more",
        "words",
    ]
    assert label("short") == '"short"'
    assert label("Emergency", "Get help now") == '"Emergency<br/>Get help now"'
