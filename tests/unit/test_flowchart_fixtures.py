"""Shared helpers for the flowchart tests (imported by the other test_flowchart_* modules).

Content is built in memory from YAML text: the flowchart, the care tiers, the sign lists and
(when given) the scenarios go through the real positioned loader and model, so error positions
are true, while the other files a Content needs are stand-ins (the flowchart checks read only the
conditions' names and one site setting).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from hb_testlib import FIXTURE, ROOT

from generator.checks.flowchart import check_flowchart
from generator.diagnostics import Report
from generator.load.yamlio import Loaded, parse_yaml
from generator.model import CareTiers, Condition, Flowchart, Quality, RedFlags, Scenarios, Site
from generator.model.content import Content

GOLDEN = ROOT / "tests" / "golden" / "flowchart"
FIXTURE_YAML = (GOLDEN / "flowchart.yml").read_text(encoding="utf-8")
HIP_FLOWCHART_YAML = (FIXTURE / "flowchart.yml").read_text(
    encoding="utf-8"
)
"""The hip test fixture's flowchart (format v2), with its reader stories in scenarios.yml."""
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
HIP_CONDITIONS = {
    "sciatica": "Sciatica",
    "spinal-stenosis": "Lumbar spinal stenosis",
    "hip-osteoarthritis": "Hip osteoarthritis",
}

TIERS_YAML = """\
tiers:
  - id: emergency
    label: Emergency
    title: Get help now
    action: Call {emergency_number} or go to A&E now.
    colour: red
    words: ["999", "A&E", "straight away"]
  - id: today
    label: Urgent
    title: Get medical help today
    action: Call NHS {urgent_number} or your GP surgery today.
    colour: orange
    words: [today, "111"]
  - id: soon
    label: Soon
    title: See a doctor soon
    action: Ask to be seen this week.
    colour: yellow
    words: [soon, this week]
  - id: routine
    label: Routine
    title: Book a routine appointment
    action: Book a routine appointment with your GP or a physiotherapist.
    colour: blue
    words: [routine appointment]
  - id: self-care
    label: Self-care
    title: Look after yourself
    action: Try the self-care tips and watch for changes.
    colour: green
    words: [self-care]
"""
"""The five usual care tiers, most urgent first."""

SIGNS_YAML = """\
lists:
  - id: emergency-signs
    tier: emergency
    heading: Get help now
    intro: "Call {emergency_number} or go to A&E straight away if you have any of these:"
    question: Do you have any of these warning signs?
    signs:
      - id: saddle-numbness
        text: numbness around your genitals or bottom
      - id: both-legs-weak
        text: weakness in both legs that is getting worse
  - id: urgent-signs
    tier: today
    heading: Get medical help today
    intro: "Call NHS {urgent_number} or your GP surgery today if you have any of these:"
    question: Do you have any of these signs?
    signs:
      - id: hot-swollen-hip
        text: a hip that is hot, red or swollen
"""
"""Two sign lists: the emergency warning signs and the signs that need help today."""


def condition_url(slug: str) -> str:
    return f"../conditions/{slug}/"


def _parse(text: str, key: str) -> Loaded:
    loaded, errors = parse_yaml(text, f"content/{key}")
    assert loaded is not None and not errors, errors
    return loaded


def make_content(
    flowchart_yaml: str,
    conditions: dict[str, str] | None = None,
    *,
    uncovered: str = "error",
    tiers_yaml: str = TIERS_YAML,
    signs_yaml: str = SIGNS_YAML,
    scenarios_yaml: str | None = None,
) -> Content:
    """A Content holding this flowchart, care tiers, sign lists and (optionally) scenarios, each
    from YAML text with its positions kept, and the named conditions.

    Without ``scenarios_yaml`` the content has no scenarios.yml (it counts as failed, so the
    story and rule checks stay quiet, as they do for a folder whose scenarios.yml is broken).
    """
    files = {
        "flowchart.yml": _parse(flowchart_yaml, "flowchart.yml"),
        "care-tiers.yml": _parse(tiers_yaml, "care-tiers.yml"),
        "red-flags.yml": _parse(signs_yaml, "red-flags.yml"),
    }
    failed = {"scenarios.yml"}
    scenarios = Scenarios.model_construct(rules=[], scenarios=[])
    if scenarios_yaml is not None:
        files["scenarios.yml"] = _parse(scenarios_yaml, "scenarios.yml")
        scenarios = Scenarios.model_validate(files["scenarios.yml"].data)
        failed = set()
    names = FIXTURE_CONDITIONS if conditions is None else conditions
    return Content(
        root=Path("content"),
        display_root="content",
        site=Site.model_construct(quality=Quality(uncovered_conditions=uncovered)),  # type: ignore
        regions=None,  # type: ignore[arg-type]
        features=None,  # type: ignore[arg-type]
        glossary=None,  # type: ignore[arg-type]
        sources=None,  # type: ignore[arg-type]
        tiers=CareTiers.model_validate(files["care-tiers.yml"].data),
        red_flags=RedFlags.model_validate(files["red-flags.yml"].data),
        flowchart=Flowchart.model_validate(files["flowchart.yml"].data),
        scenarios=scenarios,
        conditions={slug: _condition(name) for slug, name in names.items()},
        pages=(),
        bodymap=None,
        files=files,
        failed=frozenset(failed),
        condition_slugs=frozenset(names),
    )


def _condition(name: str) -> Condition:
    """A stand-in condition: the flowchart only ever reads its name."""
    construct: Any = Condition.model_construct
    result: Condition = construct(name=name)
    return result


def fixture_flowchart() -> Flowchart:
    return make_content(FIXTURE_YAML).flowchart


def hip_flowchart() -> Flowchart:
    return make_content(HIP_FLOWCHART_YAML, HIP_CONDITIONS).flowchart


Check = Callable[[Content, Report], None]


def check_lines(
    flowchart_yaml: str,
    conditions: dict[str, str] | None = None,
    *,
    uncovered: str = "error",
    checks: Sequence[Check] = (check_flowchart,),
    scenarios_yaml: str | None = None,
    signs_yaml: str = SIGNS_YAML,
) -> list[str]:
    """Every diagnostic these checks find in this flowchart, formatted as the CLI prints it."""
    report = Report()
    content = make_content(flowchart_yaml, conditions, uncovered=uncovered,
                           scenarios_yaml=scenarios_yaml, signs_yaml=signs_yaml)
    for check in checks:
        check(content, report)
    return [d.format() for d in report.sorted()]
