"""``bench/handouts_scale.py``: the verdicts it prints, on made-up measurements (no timing here)."""

from __future__ import annotations

import sys
from typing import Any

from hb_testlib import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import handouts_scale as hs


def measured(*, wall: float = 66.0, warm: list[str] | None = None,
             peaks: dict[str, float] | None = None) -> dict[str, Any]:
    cold = {"wall": wall, "cpu": 3.0, "work_s": 125.0, "handouts": 102, "rendered": [],
            "condition_mean_s": 1.2, "seconds": {"overview": 9.0, "booklet": 4.0},
            "pages": {"overview": 12, "booklet": 230}, "workers": 2, "volumes": ["booklet"],
            "worker_peak_mb": peaks or {"c1": 210.0, "overview": 260.0, "booklet": 190.0},
            "main_peak_mb": 150.0}
    return {"machine": {"usable": 2, "loadavg_start": [1.0], "loadavg_end": [2.0]},
            "workers": 2,
            "sizes": {"100": {"cold": cold, "warm": {"wall": 3.0, "rendered": warm or []}}},
            "overview_only": {"1000": {"wall": 20.0, "pages": {"overview": 14},
                                       "worker_peak_mb": {"overview": 280.0},
                                       "main_peak_mb": 300.0}},
            "join_limit": {"conditions": 200, "pages": 423, "bytes": 11_000_000,
                           "wall": 10.0, "peak_mb": 343.0, "front_peak_mb": 180.0,
                           "front_s": 4.5, "join_s": 4.6}}


def verdicts(result: dict[str, Any]) -> dict[str, tuple[bool | None, float | None]]:
    return {t["id"]: (t["pass"], t["value"]) for t in hs.evaluate(result)}


def test_the_set_is_judged_against_n_handouts_over_the_workers() -> None:
    # ideal: 100 × 1.2 s ÷ 2 = 60 s
    ok = verdicts(measured(wall=66.0))["handout-set"]
    assert ok[0] is True and abs(ok[1] - 1.1) < 1e-9
    slow = verdicts(measured(wall=73.0))["handout-set"]
    assert slow[0] is False and abs(slow[1] - 73.0 / 60.0) < 1e-9


def test_the_largest_process_of_any_kind_is_the_memory_verdict() -> None:
    result = measured()
    assert verdicts(result)["worker-memory"] == (True, 343.0)  # the join at the limit
    result["overview_only"]["1000"]["worker_peak_mb"]["overview"] = 512.0
    assert verdicts(result)["worker-memory"] == (False, 512.0)
    note = next(t["note"] for t in hs.evaluate(result) if t["id"] == "worker-memory")
    assert "N=1000 overview alone" in note


def test_a_rebuild_that_renders_anything_fails() -> None:
    assert verdicts(measured())["no-change"] == (True, 0.0)
    assert verdicts(measured(warm=["booklet"]))["no-change"] == (False, 1.0)


def test_the_table_prints_every_row() -> None:
    text = hs.format_table({**measured(), "targets": hs.evaluate(measured())})
    assert "PASS  every handout at N=100" in text
    assert "join at the volume limit: 200 conditions" in text
    assert "N=1000: the overview alone" in text
    assert text.count("PASS") == 3
