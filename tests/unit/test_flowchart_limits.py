"""Big content must not break the diagram: boxes list a few names; Mermaid errors never ship."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from flowchart_chart import fixture_chart

from generator.emit.flowchart import svg as svgmod
from generator.emit.flowchart.mermaid import MAX_NAMES_IN_BOX, to_mermaid


def _fc_yaml(n: int) -> str:
    return yaml.safe_dump({
        "title": "T", "start": "q",
        "questions": [{"id": "q", "asks_about": "emergency-signs",
                       "answers": [{"label": "Yes", "next": "a"}, {"label": "No", "next": "b"}]}],
        "outcomes": [
            {"id": "a", "tier": "emergency", "title": "Get help now", "text": "Call 999."},
            {"id": "b", "tier": "routine", "title": "See a GP", "text": "Book.",
             "conditions": [f"c{i}" for i in range(n)]},
        ],
    })


def test_outcome_box_lists_a_few_names_then_a_count() -> None:
    names = {f"c{i}": f"Condition {i}" for i in range(50)}
    chart = dataclasses.replace(fixture_chart(_fc_yaml(50)), condition_names=names)
    src = to_mermaid(chart, title="t", description="d")
    assert f"Condition {MAX_NAMES_IN_BOX - 1}" in src
    assert f"Condition {MAX_NAMES_IN_BOX}," not in src and "Condition 49" not in src
    assert f"and {50 - MAX_NAMES_IN_BOX} more" in src


def test_mermaid_error_picture_is_an_error_not_a_diagram(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Fake:
        def __init__(self, *a: object, **k: object) -> None:
            pass

        def svg(self) -> str:
            return '<svg xmlns="http://www.w3.org/2000/svg"><text>Maximum text size in diagram exceeded</text></svg>'

    monkeypatch.setattr(svgmod.mermaidx, "render", Fake)
    with pytest.raises(svgmod.FlowchartRenderError, match="could not be drawn"):
        svgmod.render_svg("flowchart TD\nA-->B", cache_dir=tmp_path, id_prefix="x",
                          font_family="Arial")
    assert not list(tmp_path.glob("flowchart-*.svg"))  # nothing cached
