"""Walking the flowchart: a reader story answer by answer, and every path at once.

Pure functions over :class:`.graph.Graph`, used by the checks (scenarios and safety rules) and by
the public "How we check this guide" page, so both describe exactly the same walks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .graph import Graph

Step = tuple[str, str]
"""(question id, the answer label given)."""


@dataclass(frozen=True, kw_only=True)
class Walk:
    """Where a story went: the answers given in order, and the outcome it reached.

    ``stuck`` says why it stopped early: ``"unanswered"`` (the story does not say how the reader
    answers ``at``), ``"no-such-answer"`` (its answer is not one of the question's labels) or
    ``"loop"``; ``outcome`` is then ``None``.
    """

    steps: tuple[Step, ...]
    outcome: str | None
    stuck: str = ""
    at: str = ""

    def describe(self) -> str:
        """``question → answer → question → … → outcome``, for error messages."""
        parts = [f"{q} → “{a}”" for q, a in self.steps]
        end = self.outcome if self.outcome else f"{self.at} (stuck)"
        return " → ".join([*parts, end])


def walk(graph: Graph, answers: Mapping[str, str]) -> Walk:
    """Follow ``answers`` (question id → answer label) from the start to an outcome."""
    node = graph.start
    steps: list[Step] = []
    seen: set[str] = set()
    while node in graph.questions:
        if node in seen:
            return Walk(steps=tuple(steps), outcome=None, stuck="loop", at=node)
        seen.add(node)
        label = answers.get(node)
        if label is None:
            return Walk(steps=tuple(steps), outcome=None, stuck="unanswered", at=node)
        edge = next((e for e in graph.out_edges(node) if e.label == label), None)
        if edge is None:
            return Walk(steps=tuple(steps), outcome=None, stuck="no-such-answer", at=node)
        steps.append((node, label))
        node = edge.target
    return Walk(steps=tuple(steps), outcome=node if node in graph.outcomes else None,
                stuck="" if node in graph.outcomes else "no-such-answer", at=node)


def all_paths(graph: Graph, limit: int = 100_000) -> Iterator[tuple[Step, ...]]:
    """Every path from the start to an outcome, as its steps (depth first, answer order).

    The chart is checked to be free of loops before this is used; ``limit`` stops a runaway
    count on a huge chart (the checks report that as its own problem).
    """
    count = 0
    stack: list[tuple[str, tuple[Step, ...]]] = [(graph.start, ())]
    while stack:
        node, steps = stack.pop()
        if node in graph.outcomes:
            yield steps + ((node, ""),)
            count += 1
            if count >= limit:
                return
            continue
        if node not in graph.questions or any(q == node for q, _a in steps):
            continue
        for edge in reversed(graph.out_edges(node)):
            stack.append((edge.target, (*steps, (node, edge.label))))


def path_outcome(path: tuple[Step, ...]) -> str:
    """The outcome at the end of a path from :func:`all_paths`."""
    return path[-1][0]
