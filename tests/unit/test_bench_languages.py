"""``bench/languages.py``: the verdicts it prints (made-up measurements, no timing) and the
pseudo-translation it builds the languages from (every text translated, content still valid)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hb_testlib import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import languages, synth
from generator.checks import check_folder


def measured(one: list[float], every: list[float]) -> dict[str, Any]:
    def runs(walls: list[float], pages: int) -> list[dict[str, Any]]:
        return [{"wall": w, "pages": pages, "peak_mb": 300.0, "children_peak_mb": 280.0}
                for w in walls]

    return {"machine": {"usable": 2, "loadavg_start": [1.0], "loadavg_end": [1.5]},
            "languages": ["ar", "cy"],
            "sizes": {"1000": {"texts": {}, "site": {"one": runs(one, 1011),
                                                     "all": runs(every, 3033)}}}}


def test_three_languages_are_judged_against_one_by_the_median() -> None:
    ok = languages.evaluate(measured([40.0, 42.0, 41.0], [120.0, 130.0, 125.0]))[0]
    assert ok["id"] == "lang-site" and ok["pass"] is True
    assert abs(ok["value"] - 125.0 / 41.0) < 1e-9 and "3 languages" in ok["text"]
    too_slow = languages.evaluate(measured([40.0], [140.0]))[0]
    assert too_slow["pass"] is False and "FAIL" in languages.format_table(
        {**measured([40.0], [140.0]), "targets": [too_slow]})


def test_the_largest_process_of_either_build_is_held_to_400_mb() -> None:
    result = measured([40.0], [120.0])
    result["sizes"]["1000"]["site"]["all"][0].update(children_peak_mb=410.0, tree_peak_mb=690.0)
    row = languages.evaluate(result)[1]
    assert row["id"] == "lang-site-memory" and row["pass"] is False and row["value"] == 410.0
    assert "together at most 690 MB" in row["note"]
    result["sizes"]["1000"]["site"]["all"][0].update(children_peak_mb=280.0)
    assert languages.evaluate(result)[1]["pass"] is True


def test_the_pseudo_translation_fills_every_text_and_stays_valid(tmp_path: Path) -> None:
    content = synth.generate(tmp_path / "content", 9)
    held = synth.translate(content, ("cy", "ar"))
    checked = check_folder(content, today=synth.latest_review(content))
    assert checked.ok, [d.format() for d in checked.report.errors]
    assert sorted(checked.localised) == ["ar", "cy"] and held["cy"] == held["ar"] > 500
    untranslated = [d.format() for d in checked.report.sorted() if "[translation-" in d.format()]
    assert not untranslated, untranslated[:3]
    # the bundled Welsh is kept where it exists; the rest is the source's own words
    welsh = checked.localised["cy"]
    assert welsh.red_flags.lists[0].heading != checked.content.red_flags.lists[0].heading


def test_the_handouts_in_every_language_are_judged_against_the_ideal() -> None:
    result = measured([40.0], [120.0])
    result["workers"] = 2
    result["sizes"]["1000"]["handouts"] = {
        "wall": 1800.0, "handouts": 3007, "rendered": 3007, "conditions": 3000,
        "condition_mean_s": 1.14, "work_s": 3500.0, "worker_peak_mb": 390.0, "workers": 2,
        "languages": 3, "main_peak_mb": 350.0}
    rows = {t["id"]: t for t in languages.evaluate(result)}
    ideal = 1000 * 3 * 1.14 / 2  # 1,710 s
    assert abs(rows["lang-handouts"]["value"] - 1800.0 / ideal) < 1e-9
    assert rows["lang-handouts"]["pass"] is True and rows["lang-worker-memory"]["pass"] is True
    result["sizes"]["1000"]["handouts"]["wall"] = 2000.0  # 1.17×
    result["sizes"]["1000"]["handouts"]["worker_peak_mb"] = 420.0
    rows = {t["id"]: t for t in languages.evaluate(result)}
    assert rows["lang-handouts"]["pass"] is False and rows["lang-worker-memory"]["pass"] is False


def test_the_handouts_alone_are_judged_without_the_site() -> None:
    """``--no-site``: the handout rows only (the site's builds were not measured)."""
    result = measured([40.0], [120.0])
    result["workers"] = 2
    result["sizes"]["1000"]["site"] = {}
    result["sizes"]["1000"]["handouts"] = {
        "wall": 1800.0, "handouts": 3007, "rendered": 3007, "conditions": 3000,
        "condition_mean_s": 1.14, "work_s": 3500.0, "worker_peak_mb": 390.0, "workers": 2,
        "languages": 3, "main_peak_mb": 350.0}
    rows = languages.evaluate(result)
    assert [t["id"] for t in rows] == ["lang-handouts", "lang-worker-memory"]
    assert "handouts in every language" in languages.format_table({**result, "targets": rows})
