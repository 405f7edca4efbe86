"""What the engine's invariants and the content's rules say about this guide, worked out once
for the pages that describe them ("How we check this guide", the hazard log).

The facts come from :mod:`generator.model.invariants`, the same functions the checks prove, so
a page can only describe what ``validate`` proved. A rule that merely repeats an invariant is
kept apart (``repeated``): the pages show it once, as the invariant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..checks.tiers import tier_rank
from ..model.content import Content
from ..model.graph import Graph
from ..model.invariants import (
    Promise,
    Screen,
    after_steps,
    least_urgent,
    promises,
    repeats_invariant,
    screens,
)
from ..model.scenarios import Rule
from ..model.walk import Walk


@dataclass(frozen=True, kw_only=True)
class Safety:
    """The invariants made concrete for one guide, and its own rules."""

    low: tuple[str, ...]  # the two least urgent tier ids
    screens: tuple[Screen, ...]  # what every path to ``low`` asks first
    promises: tuple[Promise, ...]  # answers held to a tier, in file order
    rules: tuple[Rule, ...]  # the content's rules that add to the invariants
    repeated: tuple[Rule, ...]  # rules an invariant already proves (shown as the invariant)
    evidence: Mapping[tuple[str, str], tuple[str, ...]]  # (question, answer) → stories through it

    def stories_through(self, question: str, answer: str) -> tuple[str, ...]:
        return self.evidence.get((question, answer), ())

    def guarding(self, promise: Promise, graph: Graph) -> tuple[Rule, ...]:
        """The content's rules about this answer (the ones an invariant repeats included)."""
        return tuple(r for r in (*self.rules, *self.repeated)
                     if (promise.question, promise.label) in after_steps(graph, r))

    def screening(self, screen: Screen, graph: Graph) -> tuple[Rule, ...]:
        """The content's rules that also ask for this screen before some tiers."""
        tags = {screen.id} if screen.kind == "list" else set(graph.questions[screen.id].all_tags)
        return tuple(r for r in (*self.rules, *self.repeated)
                     if r.must_ask and tags & set(r.must_ask))


def resolve_safety(content: Content, graph: Graph, walks: Mapping[str, Walk]) -> Safety:
    """The invariants' facts for this guide; ``walks`` are the stories, walked once."""
    rank = tier_rank(content)
    lists = content.red_flags.lists
    held = tuple(promises(graph, {x.id: x.tier for x in lists}, rank))
    needed = tuple(screens(graph, [x.id for x in lists if x.on_every_page]))
    low = least_urgent([t.id for t in content.tiers.tiers])
    own: list[Rule] = []
    repeated: list[Rule] = []
    for rule in content.scenarios.rules:
        (repeated if repeats_invariant(rule, graph, rank, held, needed, low) else own).append(rule)
    evidence: dict[tuple[str, str], list[str]] = {}
    for story, walked in walks.items():
        for step in walked.steps:
            evidence.setdefault(step, []).append(story)
    return Safety(low=low, screens=needed, promises=held, rules=tuple(own),
                  repeated=tuple(repeated),
                  evidence={k: tuple(v) for k, v in evidence.items()})
