"""Shared helpers for the flowchart tests (imported by the other test_flowchart_* modules).

Content is built in memory from YAML text: the flowchart goes through the real positioned loader
and model, so error positions are true, while the other files a Content needs are stand-ins (the
flowchart checks read only the conditions' names and one site setting).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.model.content import Content
from generator.diagnostics import Report
from generator.checks.flowchart import check_flowchart
from generator.model import Condition, Flowchart, Quality, Site
from generator.load.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "flowchart"
FIXTURE_YAML = (GOLDEN / "flowchart.yml").read_text(encoding="utf-8")
STRINGS: dict[str, Any] = yaml.safe_load((ROOT / "generator" / "strings" / "en.yml").read_text())

FIXTURE_CONDITIONS = {
    "sciatica": "Sciatica",
    "piriformis-syndrome": "Piriformis syndrome",
    "spinal-stenosis": "Spinal stenosis",
    "hip-osteoarthritis": "Hip osteoarthritis",
    "facet-joint-pain": "Facet joint pain",
    "sacroiliac-joint-pain": "Sacroiliac joint pain",
    "greater-trochanteric-pain": "Greater trochanteric pain",
}


def condition_url(slug: str) -> str:
    return f"../conditions/{slug}/"


def make_content(
    flowchart_yaml: str,
    conditions: dict[str, str] | None = None,
    *,
    uncovered: str = "error",
) -> Content:
    """A Content holding this flowchart (from YAML text, positions kept) and named conditions."""
    loaded, errors = parse_yaml(flowchart_yaml, "content/flowchart.yml")
    assert loaded is not None and not errors, errors
    fc = Flowchart.model_validate(loaded.data)
    names = FIXTURE_CONDITIONS if conditions is None else conditions
    return Content(
        root=Path("content"),
        display_root="content",
        site=Site.model_construct(quality=Quality(uncovered_conditions=uncovered)),  # type: ignore
        regions=None,  # type: ignore[arg-type]
        features=None,  # type: ignore[arg-type]
        glossary=None,  # type: ignore[arg-type]
        sources=None,  # type: ignore[arg-type]
        red_flags=None,  # type: ignore[arg-type]
        flowchart=fc,
        conditions={slug: _condition(name) for slug, name in names.items()},
        pages=(),
        bodymap=None,
        files={"flowchart.yml": loaded},
        condition_slugs=frozenset(names),
    )


def _condition(name: str) -> Condition:
    """A stand-in condition: the flowchart only ever reads its name."""
    construct: Any = Condition.model_construct
    result: Condition = construct(name=name)
    return result


def fixture_flowchart() -> Flowchart:
    return make_content(FIXTURE_YAML).flowchart


def check_lines(
    flowchart_yaml: str, conditions: dict[str, str] | None = None, *, uncovered: str = "error"
) -> list[str]:
    """Every diagnostic for this flowchart, formatted as the CLI prints it."""
    report = Report()
    check_flowchart(make_content(flowchart_yaml, conditions, uncovered=uncovered), report)
    return [d.format() for d in report.sorted()]
