"""Quality checks (``hipback check``): the API, the text and JSON reports, the bundled content.

Each rule's exact finding lines are in the case corpus (``tests/quality_cases``, run by
``test_quality_cases.py``); this module tests the pieces and the command around them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hb_testlib import BUNDLED, FIXTURE, copy_content, run_cli, set_public_url, sign_folder

if TYPE_CHECKING:
    from generator.model.content import Content

TODAY = dt.date(2026, 11, 25)


def _load(root: Path, display: str = "content") -> Content:
    from generator.checks import load_and_check

    content, report = load_and_check(root, display)
    assert content is not None, "\n".join(d.format() for d in report.errors)
    return content


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{name}: {old!r} not found exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------- which text is measured
# (how it is measured, syllables offline and sentence splitting: tests/unit/text/)


def test_prose_of_condition_uses_summary_explanation_and_sentence_bullets() -> None:
    from generator.checks.quality.reading import prose_of_condition
    from generator.text.readability import sentences_of_prose

    content = _load(FIXTURE)
    cond = content.conditions["sciatica"]
    units = prose_of_condition(cond)
    summary = sentences_of_prose(cond.summary)
    assert units[: len(summary)] == summary
    assert units[0].startswith("Sciatica is pain from an irritated nerve in your lower back.")
    assert units[len(summary)].startswith("Nerves leave your lower spine")
    assert "Sharp, shooting or burning pain travels down your leg." in units
    # format v2: things to avoid, cited treatment items and every get-help tier are read too
    assert "Heat packs on skin that feels numb, because you may not feel a burn." in units
    assert "Physiotherapy can give you exercises to ease pain and help you move." in units
    assert ("Numbness around your genitals or bottom, or new trouble peeing, needs help "
            "straight away.") in units
    assert all(u.endswith((".", "?", "!")) for u in units)


def test_prose_of_flowchart_reads_the_sign_lists_it_asks_about() -> None:
    from generator.checks.quality.reading import prose_of_flowchart

    content = _load(FIXTURE)
    units = prose_of_flowchart(content)
    # a question with asks_about is read as the reader sees it: the list's intro and signs
    assert any("or go to A&E straight away if you have hip or back pain" in u for u in units)
    assert any("numbness around your genitals or bottom" in u for u in units)
    assert any("a hip that is hot, red or swollen" in u for u in units)
    assert "Weakness can happen without any pain." in units
    # answer labels and outcome titles are labels, not sentences
    assert not any(u.startswith("Try self-care and watch for changes") for u in units)


def test_page_reading_grades_cover_every_page() -> None:
    from generator.checks.quality.reading import page_reading_grades

    content = _load(FIXTURE)
    grades = page_reading_grades(content)
    assert sorted(grades) == [
        "conditions/hip-osteoarthritis",
        "conditions/sciatica",
        "conditions/spinal-stenosis",
        "flowchart",
        "pages/about",
        "pages/index",
        "pages/telling-back-from-hip",
        "pages/when-to-get-help",
    ]
    assert all(isinstance(g, float) and 0 < g <= 8 for g in grades.values()), grades


# ---------------------------------------------------------------- review status and footer


def test_review_line_under_a_condition_page() -> None:
    from generator.checks.quality.reading import page_reading_grades
    from generator.resolve import resolve

    content = _load(FIXTURE)
    grades = page_reading_grades(content)
    line = resolve(content).review_line("sciatica")
    assert line == (
        f"Reading level: about grade {grades['conditions/sciatica']:.1f} (US school grade; we "
        "aim for 8 or lower). Reviewed on 20 November 2026; next review due by 20 November 2027."
    )


# ---------------------------------------------------------------- findings


def test_findings_are_frozen_sorted_and_convert_to_diagnostics(tmp_path: Path) -> None:
    from generator.checks.quality import check_quality
    from generator.diagnostics import Diagnostic

    root = copy_content(tmp_path)
    _edit(root, "conditions/sciatica.yml", "reviewed_by: Hip or Back? editorial team",
          "reviewed_by: todo")
    content = _load(root)
    findings = check_quality(content, today=TODAY)
    assert findings == sorted(findings, key=lambda f: (f.path, f.line, f.col, f.rule, f.message))
    first = findings[0]
    assert isinstance(first, Diagnostic)
    with pytest.raises(AttributeError):
        first.rule = "x"  # type: ignore[misc]
    assert [d.format() for d in findings if d.severity == "error"] == [
        (
            'content/conditions/sciatica.yml:110:3: error: reviewed_by is "todo"; name the real person '
            'or team who reviewed this page (for example "Hip or Back? editorial team"). '
            "[reviewer-missing]"
        )
    ]


def test_scaffolded_condition_is_all_placeholders(tmp_path: Path) -> None:
    """A condition made by ``hipback new condition`` validates, but the check flags every
    sentence the editor still has to write."""
    from generator.checks.quality import check_quality

    root = copy_content(tmp_path)
    assert run_cli(["new", "condition", "hip-bursitis", "--content", str(root)])[0] == 0
    _edit(root, "flowchart.yml", "  conditions:\n  - hip-osteoarthritis\n- id: outer-hip-pattern",
          "  conditions:\n  - hip-osteoarthritis\n  - hip-bursitis\n- id: outer-hip-pattern")
    content = _load(root)
    flagged = [
        f.message.split(" ", 1)[0]
        for f in check_quality(content, today=TODAY)
        if f.rule == "required-sections" and f.path.endswith("hip-bursitis.yml")
    ]
    for section in ("summary", "how_it_causes_pain", "feels_like", "worse_with",
                    "better_with", "diagnosis", "self_care", "treatment", "get_help.today",
                    "get_help.routine"):
        assert section in flagged, (section, flagged)
    assert any(f.startswith("compare.") for f in flagged)


# ---------------------------------------------------------------- the command


TINNITUS = "  - id: tinnitus\n    term: tinnitus\n    definition: A ringing sound in your ears.\n"
"""A glossary entry no page uses: one warning (the fixture itself has none)."""


def _signed_off(root: Path) -> Path:
    """A copy of the fixture with a clinical sign-off (test data, never published), so the
    table and JSON tests below see only the findings they set up."""
    return sign_folder(root)


def test_check_warns_when_no_clinician_signed_off(tmp_path: Path) -> None:
    copy_content(tmp_path)
    code, out, err = run_cli(["check", "--content", "content", "--today", "2026-11-25"],
                             cwd=tmp_path)
    assert code == 0, err
    rows = [line for line in out.splitlines() if "clinical-review" in line]
    assert len(rows) == 1 and rows[0].startswith("warning   clinical-review-missing  "
                                                 "content/signoff.yml:1:1")
    set_public_url(tmp_path / "content")  # the fixture's placeholder address is refused too
    code, out, err = run_cli(["check", "--content", "content", "--today", "2026-11-25",
                              "--publish"], cwd=tmp_path)
    assert code == 1
    assert sum(line.startswith("error     clinical-review-missing")
               for line in out.splitlines()) == 1
    _signed_off(tmp_path / "content")
    code, out, err = run_cli(["check", "--content", "content", "--today", "2026-11-25",
                              "--publish"], cwd=tmp_path)
    assert code == 0 and "clinical-review" not in out


def _two_warnings(root: Path) -> None:
    with (root / "glossary.yml").open("a", encoding="utf-8") as fh:
        fh.write(TINNITUS)
    _edit(root, "conditions/sciatica.yml", "next_review: 2027-11-20", "next_review: 2027-01-10")


def test_check_text_table(tmp_path: Path) -> None:
    _two_warnings(_signed_off(copy_content(tmp_path)))
    code, out, err = run_cli(["check", "--content", "content", "--today", "2026-11-25"],
                             cwd=tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["SEVERITY", "RULE", "WHERE", "MESSAGE"]
    assert lines[1] == (
        "warning   review-due-soon  content/conditions/sciatica.yml:112:3  the next review is "
        "due on 2027-01-10, in 46 days; plan the review."
    )
    assert lines[2] == ""  # grouped by file: a blank line between files
    assert lines[3] == (
        "warning   glossary-unused  content/glossary.yml:108:5             the glossary term "
        '"tinnitus" is not used on any page; use it where it helps, or remove the entry.'
    )
    # columns line up: the message starts in the same column on every row
    starts = {line.index("MESSAGE" if i == 0 else "the ") for i, line in enumerate(lines[:4])
              if line}
    assert len(starts) == 1
    assert lines[-2].startswith("reading grade: median ")
    assert lines[-1] == "0 error(s), 2 warning(s)"


def test_check_without_findings_says_so(tmp_path: Path) -> None:
    _signed_off(copy_content(tmp_path))
    code, out, err = run_cli(["check", "--content", "content", "--today", "2026-11-25"],
                             cwd=tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "No quality problems found."
    assert lines[-1] == "0 error(s), 0 warning(s)"


def test_check_exit_code_reflects_errors_only(tmp_path: Path) -> None:
    root = _signed_off(copy_content(tmp_path))
    _two_warnings(root)
    _edit(root, "conditions/sciatica.yml", "reviewed_by: Hip or Back? editorial team",
          "reviewed_by: TBD")
    code, out, _err = run_cli(["check", "--content", "content", "--today", "2026-11-25"],
                              cwd=tmp_path)
    assert code == 1
    assert "error     reviewer-missing  content/conditions/sciatica.yml:110:3" in out
    assert out.splitlines()[-1] == "1 error(s), 2 warning(s)"


def test_check_warnings_as_errors_exit_1(tmp_path: Path) -> None:
    root = _signed_off(copy_content(tmp_path))
    _two_warnings(root)
    code, _out, _err = run_cli(["check", "--content", "content", "--today", "2026-11-25"],
                               cwd=tmp_path)
    assert code == 0
    _edit(root, "site.yml", "warnings_as_errors: false", "warnings_as_errors: true")
    code, out, _err = run_cli(["check", "--content", "content", "--today", "2026-11-25"],
                              cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[-1] == "2 error(s), 0 warning(s)"


def test_check_json(tmp_path: Path) -> None:
    root = _signed_off(copy_content(tmp_path))
    _edit(root, "conditions/sciatica.yml", "next_review: 2027-11-20", "next_review: 2027-01-10")
    code, out, err = run_cli(
        ["check", "--content", "content", "--format", "json", "--today", "2026-11-25"],
        cwd=tmp_path,
    )
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == {"version", "today", "findings", "pages", "summary"}
    assert doc["version"] == 1 and doc["today"] == "2026-11-25"
    assert doc["summary"] == {"errors": 0, "warnings": 1, "reading_grade_max": 8}
    for f in doc["findings"]:
        assert set(f) == {"severity", "rule", "path", "line", "col", "message"}
        assert f["severity"] in ("error", "warning")
        assert isinstance(f["line"], int) and isinstance(f["col"], int)
    assert {
        "severity": "warning",
        "rule": "review-due-soon",
        "path": "content/conditions/sciatica.yml",
        "line": 112,
        "col": 3,
        "message": "the next review is due on 2027-01-10, in 46 days; plan the review.",
    } in doc["findings"]
    pages = [p["page"] for p in doc["pages"]]
    assert pages == sorted(pages) and "conditions/sciatica" in pages and "flowchart" in pages
    for p in doc["pages"]:
        assert set(p) == {"page", "reading_grade", "words", "sentences"}
        assert p["words"] > p["sentences"] > 0
    # deterministic: the same run gives the same bytes
    assert run_cli(["check", "--content", "content", "--format", "json", "--today",
                    "2026-11-25"], cwd=tmp_path)[1] == out


def test_check_invalid_content_reports_like_validate(tmp_path: Path) -> None:
    root = _signed_off(copy_content(tmp_path))
    _edit(root, "flowchart.yml",
          "  text: This pattern is often linked to an irritated nerve in the lower back or buttock.",
          "  text: You have sciatica.")
    v_code, _v_out, v_err = run_cli(["validate", "--content", "content"], cwd=tmp_path)
    code, out, err = run_cli(["check", "--content", "content"], cwd=tmp_path)
    assert code == v_code == 1
    assert out == ""
    assert err == v_err
    assert err.startswith('content/flowchart.yml:111:3: the outcome "nerve-pattern" says "You '
                          'have sciatica"; a flowchart result must never tell the reader')

    code, out, err = run_cli(["check", "--content", "content", "--format", "json",
                              "--today", "2026-11-25"], cwd=tmp_path)
    assert code == 1
    doc = json.loads(out)
    assert doc["pages"] == []
    assert doc["summary"]["errors"] == 1
    assert doc["findings"][0]["rule"] == "validate"
    assert doc["findings"][0]["line"] == 111


def test_check_includes_validation_warnings(tmp_path: Path) -> None:
    root = _signed_off(copy_content(tmp_path))
    _edit(root, "site.yml", "uncovered_conditions: error", "uncovered_conditions: warning")
    _edit(root, "flowchart.yml", "  conditions:\n  - spinal-stenosis\n- id: nerve-pattern",
          "  conditions: []\n- id: nerve-pattern")
    _edit(root, "flowchart.yml", "  conditions:\n  - sciatica\n  - spinal-stenosis\n",
          "  conditions:\n  - sciatica\n")
    code, out, err = run_cli(["check", "--content", "content", "--today", "2026-11-25"],
                             cwd=tmp_path)
    assert code == 0, err
    assert any(line.startswith("warning   validate ") for line in out.splitlines()), out


def test_check_bad_today_is_a_usage_error(tmp_path: Path) -> None:
    _signed_off(copy_content(tmp_path))
    code, _out, err = run_cli(["check", "--content", "content", "--today", "2026-13-01"],
                              cwd=tmp_path)
    assert code == 2
    assert err == ('error: --today "2026-13-01" is not a date; write it as YYYY-MM-DD, for '
                   "example 2027-01-31.\n")


def test_run_check_defaults_to_text_and_accepts_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli.report import run_check

    assert run_check(FIXTURE, today=TODAY) == 0
    # the fixture's three pages have no clinical sign-off: the only findings
    assert capsys.readouterr().out.splitlines()[-1] == "0 error(s), 1 warning(s)"


# ---------------------------------------------------------------- the bundled content


def _bundled_review_day() -> dt.date:
    """Judge the bundled content on the day after its latest review: repeatable, no clock."""
    content = _load(BUNDLED)
    return max(c.review.last_reviewed for c in content.conditions.values()) + dt.timedelta(1)


def test_bundled_content_passes_check() -> None:
    from generator.checks.quality import check_quality
    from generator.checks.quality.reading import page_reading_grades

    content = _load(BUNDLED)
    findings = check_quality(content, today=_bundled_review_day())
    assert [f.format() for f in findings if f.severity == "error"] == []
    assert [f.format() for f in findings if f.rule == "reading-level"] == []
    grades = page_reading_grades(content)
    assert len(grades) == len(content.conditions) + len(content.pages) + 1
    assert all(g <= content.site.quality.reading_grade_max for g in grades.values()), grades


def test_bundled_content_check_command() -> None:
    code, out, err = run_cli(["check", "--content", str(BUNDLED), "--today",
                              _bundled_review_day().isoformat()])
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("0 error(s)")
