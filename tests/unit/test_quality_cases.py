"""The quality-case corpus (``tests/quality_cases``): each case breaks a copy of the fixture in one
way and states the exact findings ``hipback check`` must add. Rewrite with ``--update-golden``."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml
from hb_testlib import FIXTURE, ROOT, copy_content

CASES = ROOT / "tests" / "quality_cases"
TODAY = dt.date(2026, 11, 25)


def _apply(root: Path, edit: dict[str, Any]) -> None:
    # Same edit format as the validation corpus (tests/errors/cases).
    spec = importlib.util.spec_from_file_location(
        "hb_error_corpus", ROOT / "tests" / "errors" / "test_corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._apply(root, edit)


def findings(root: Path, today: dt.date) -> list[str]:
    from generator.checks import load_and_check
    from generator.checks.quality import check_quality

    content, report = load_and_check(root, "content")
    assert content is not None, "\n".join(d.format() for d in report.errors)
    return [f.format() for f in check_quality(content, today=today)]


@functools.cache
def baseline(today: dt.date) -> frozenset[str]:
    return frozenset(findings(FIXTURE, today))


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.yml"))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.stem)
def test_quality_case(case: Path, tmp_path: Path, update_golden: bool) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    today = spec.get("today") or TODAY  # the baseline is always judged on TODAY
    root = copy_content(tmp_path)
    for edit in spec["edits"]:
        _apply(root, edit)
    got = findings(root, today)
    new = [line for line in got if line not in baseline(TODAY)]
    if update_golden:
        spec["expected"] = new
        case.write_text(
            yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
        )
        return
    assert new == spec["expected"]


def test_every_rule_has_a_case() -> None:
    from generator.checks.quality import RULES

    fired = set()
    for case in _cases():
        for line in yaml.safe_load(case.read_text(encoding="utf-8"))["expected"]:
            fired.add(line.rsplit("[", 1)[1].rstrip("]"))
    # the clinical sign-off rules only run in `hipback check` (tested in test_signoff.py), the
    # site address only with --publish (tested in test_site_address.py)
    assert fired >= set(RULES) - {"validate", "clinical-review-missing",
                                  "clinical-review-changed", "site-address"}
