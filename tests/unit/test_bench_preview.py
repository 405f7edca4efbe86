"""The preview benchmark's own logic: its edits, its verdict and its lines in the report.

(The measurement itself starts ``hipback serve``; ``tests/e2e/test_serve.py`` runs it for real.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hb_testlib import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synth
from bench.preview import add_sentence, rename
from bench.report import PREVIEW_MAX_S, preview_targets


@pytest.mark.parametrize("n", [5])
def test_edits_change_only_summary_or_name(tmp_path: Path, n: int) -> None:
    content = synth.generate(tmp_path / "content", n)
    for path in sorted((content / "conditions").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        before = yaml.safe_load(text)
        after = yaml.safe_load(add_sentence(text, "It often eases with rest."))
        assert after["summary"] == before["summary"] + " It often eases with rest."
        assert {k: v for k, v in after.items() if k != "summary"} == {
            k: v for k, v in before.items() if k != "summary"}
        renamed = yaml.safe_load(rename(text, before["name"] + " revised"))
        assert renamed["name"] == before["name"] + " revised"
        assert {k: v for k, v in renamed.items() if k != "name"} == {
            k: v for k, v in before.items() if k != "name"}


def _entry(median: float, *, neighbour: bool = True) -> dict[str, Any]:
    return {"preview": {"edit_s": [median, median + 0.1, median - 0.1], "median_s": median,
                        "first_build_s": 60.0, "rename_own_page_s": 1.2,
                        "rename_follow_up_s": 9.5, "neighbour": "conditions/x/",
                        "neighbour_shows_name": neighbour}}


def test_verdict_is_taken_at_the_largest_size() -> None:
    [target] = preview_targets([(100, _entry(3.0)), (1000, _entry(1.5))])
    assert target["pass"] is True and target["limit"] == PREVIEW_MAX_S
    assert "N=1000" in target["text"] and "1.50, 1.60, 1.40" in target["note"]
    [target] = preview_targets([(100, _entry(0.5)), (1000, _entry(2.5))])
    assert target["pass"] is False


def test_a_stale_neighbour_or_a_failed_preview_fails() -> None:
    [stale] = preview_targets([(1000, _entry(0.5, neighbour=False))])
    assert stale["pass"] is False and "OLD NAME" in stale["note"]
    [failed] = preview_targets([(1000, {"preview": {"error": "serve stopped\nmore"}})])
    assert failed["pass"] is False and "serve stopped" in failed["note"]
    assert preview_targets([(1000, {})]) == []


def test_report_prints_the_preview_and_its_verdict() -> None:
    import importlib.util

    from bench.report import evaluate
    from bench.table import format_table

    # the fake benchmark result of test_bench.py, with a preview measured at both sizes
    spec = importlib.util.spec_from_file_location("bench_fake", Path(__file__).with_name(
        "test_bench.py"))
    assert spec is not None and spec.loader is not None
    fake = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fake)
    result = fake._fake_result()
    result["sizes"]["10"].update(_entry(0.4))
    result["sizes"]["100"].update(_entry(2.6))
    result["sizes"]["100"]["preview"]["peak_mb"] = 321.0
    result["targets"] = evaluate(result)
    table = format_table(result)
    assert "Preview (hipback serve; write → served HTML):" in table
    assert "median 2.60 s" in table and "peak 321 MB" in table
    assert "FAIL  hipback serve: edit → served page at N=100: 2.60 s (target ≤ 2 s)" in table
