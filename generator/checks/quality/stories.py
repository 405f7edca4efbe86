"""The ``story-coverage`` rule: every answer of the guide is walked by at least one reader story.

The safety rules are proved over every path, but a rule only says what it was written to say;
the stories in ``scenarios.yml`` are where a clinician reads the guide as a reader would. An
answer that no story gives is a branch nobody has looked at with a reader in mind, which is
where the second clinical review found its worst routes. So an editor who adds a question, an
answer or an outcome is told to add the story that walks it.

Stories that do not walk to an outcome are validation errors (:mod:`..scenarios`); they are left
out here rather than reported twice.
"""

from __future__ import annotations

from ...model.chart import graph_of
from ...model.content import Content
from ...model.walk import walk
from .base import Collector, quote

FILE = "flowchart.yml"


def check_story_coverage(report: Collector, content: Content) -> None:
    """Warn at each answer, and each outcome, that no story in scenarios.yml reaches."""
    if not (content.has(FILE) and content.has("scenarios.yml")):
        return
    graph = graph_of(content.flowchart)
    if graph.start not in graph.questions or graph.cycles() or graph.dangling():
        return  # the flowchart's own errors come first
    walked: set[tuple[str, str]] = set()
    reached: set[str] = set()
    for story in content.scenarios.scenarios:
        route = walk(graph, story.answers)
        walked.update(route.steps)
        if route.outcome is not None:
            reached.add(route.outcome)
    for qi, question in enumerate(content.flowchart.questions):
        if question.id not in graph.questions:
            continue
        for ai, answer in enumerate(question.answers):
            if (question.id, answer.label) not in walked:
                report.add("warning", "story-coverage",
                           report.at(FILE, ("questions", qi, "answers", ai, "label")),
                           f"no reader story gives the answer {quote(answer.label)} to "
                           f'"{question.id}"; add a story to scenarios.yml that walks it.')
    for oi, outcome in enumerate(content.flowchart.outcomes):
        if outcome.id in graph.outcomes and outcome.id not in reached:
            report.add("warning", "story-coverage", report.at(FILE, ("outcomes", oi, "id")),
                       f'no reader story ends at "{outcome.id}"; add a story to scenarios.yml '
                       "that reaches it.")
