"""The engine's safety invariants, as facts about one flowchart (no content rule needed).

* **I1** every "yes" answer (an answer without ``none: true``) of a question that asks about a
  sign list: every path through it ends in that list's tier or a more urgent one;
* **I2** every path that ends in one of the two least urgent tiers first passes a question that
  asks about each sign list shown on every page, and every ``scope: true`` question;
* **I3** every path through an answer with ``promises: T`` ends in tier T or a more urgent one.

This module only works out what the invariants *say* for a chart and where a chart breaks them;
:mod:`generator.checks.invariants` reports the breaks, and the public pages describe the same
facts, so the page, the hazard log and ``validate`` can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .graph import Graph
from .scenarios import Rule
from .walk import Step, path_outcome

Path = tuple[Step, ...]


@dataclass(frozen=True, kw_only=True)
class Promise:
    """An answer the engine holds to a tier: a "yes" to a sign list (I1), an answer with
    ``promises:`` (I3), or both (then the more urgent of the two tiers counts)."""

    question: str
    answer_index: int
    label: str
    tier: str
    sign_list: str | None  # the list its question asks about, when the answer is a "yes"
    promised: str | None  # the answer's own promises: tier, when it has one


@dataclass(frozen=True, kw_only=True)
class Screen:
    """What every path to the least urgent tiers must pass first (I2): a sign list shown on
    every page (any question asking about it will do) or a scope question."""

    kind: Literal["list", "scope"]
    id: str  # the sign list id, or the scope question's id
    questions: tuple[str, ...]  # the questions that ask it, in file order


@dataclass(frozen=True, kw_only=True)
class Breach:
    """Where a chart breaks an invariant: the answer to change, how many paths break, the
    shortest of them, and what was promised (or which screen is skipped)."""

    question: str
    answer_index: int
    label: str
    count: int
    shortest: Path
    promise: Promise | None = None
    screen: Screen | None = None


def least_urgent(tier_ids: Sequence[str]) -> tuple[str, ...]:
    """The two least urgent tiers (the last two of care-tiers.yml)."""
    return tuple(tier_ids[-2:])


def promises(graph: Graph, list_tiers: Mapping[str, str],
             rank: Mapping[str, int]) -> list[Promise]:
    """Every answer an invariant holds to a tier, in file order. Sign lists or tiers that do
    not exist are left out (they are reported where they are named)."""
    found: list[Promise] = []
    for edge in graph.edges:
        question = graph.questions[edge.source]
        answer = question.answers[edge.answer_index]
        # which answers are "yes" is only known once exactly one says none: (checked apart)
        one_none = sum(a.none for a in question.answers) == 1
        about = question.asks_about if one_none else None
        sign_list = about if about in list_tiers and not answer.none else None
        promised = answer.promises if answer.promises in rank else None
        tiers = [t for t in (list_tiers.get(sign_list or ""), promised)
                 if t is not None and t in rank]
        if not tiers:
            continue
        found.append(Promise(question=edge.source, answer_index=edge.answer_index,
                             label=edge.label, tier=min(tiers, key=rank.__getitem__),
                             sign_list=sign_list, promised=promised))
    return found


def screens(graph: Graph, every_page: Iterable[str]) -> list[Screen]:
    """The sign lists shown on every page, then the scope questions (file order)."""
    found = [Screen(kind="list", id=lid,
                    questions=tuple(q for q, x in graph.questions.items() if x.asks_about == lid))
             for lid in every_page]
    found += [Screen(kind="scope", id=q, questions=(q,))
              for q, x in graph.questions.items() if x.scope]
    return found


def _shortest(paths: list[Path]) -> Path:
    return min(paths, key=lambda p: (len(p), [f"{q}\x00{a}" for q, a in p]))


def broken_promises(graph: Graph, paths: Sequence[Path], rank: Mapping[str, int],
                    held: Sequence[Promise]) -> list[Breach]:
    """I1 and I3: each promising answer with the paths through it that end too low."""
    by_step: dict[Step, list[Promise]] = {}
    for promise in held:
        by_step.setdefault((promise.question, promise.label), []).append(promise)
    bad: dict[Promise, list[Path]] = {}
    for path in paths:
        end = rank.get(graph.outcomes[path_outcome(path)].tier)
        if end is None:
            continue  # an unknown tier is reported at the outcome
        for step in path[:-1]:
            for promise in by_step.get(step, ()):
                if end > rank[promise.tier]:
                    bad.setdefault(promise, []).append(path)
    return [Breach(question=promise.question, answer_index=promise.answer_index,
                   label=promise.label, count=len(bad[promise]), shortest=_shortest(bad[promise]),
                   promise=promise)
            for promise in held if promise in bad]


def skipped_screens(graph: Graph, paths: Sequence[Path], rank: Mapping[str, int],
                    low: Sequence[str], needed: Sequence[Screen]) -> list[Breach]:
    """I2: for each screen, the answers that lead past it to the least urgent tiers.

    The answer blamed is the first on the path after which no question asking the screen can
    be reached any more (the one to point elsewhere). When the start cannot reach such a
    question at all, the screen gets one breach, at the first answer of the shortest path (the
    earliest place to send readers to it), counting every path."""
    reaches = {n: set(graph.reachable(n)) for n in graph.nodes}
    can = {s: {n for n, below in reaches.items() if below & set(s.questions)} for s in needed}
    groups: dict[tuple[Screen, Step | None], list[Path]] = {}
    for path in paths:
        if graph.outcomes[path_outcome(path)].tier not in low:
            continue
        asked = {q for q, _a in path[:-1]}
        for screen in needed:
            if asked & set(screen.questions):
                continue
            at: Step | None = None
            if graph.start in can[screen]:
                at = path[next(i for i in range(len(path) - 1)
                               if path[i + 1][0] not in can[screen])]
            groups.setdefault((screen, at), []).append(path)
    found = []
    for (screen, at), skipping in groups.items():
        shortest = _shortest(skipping)
        step = at or shortest[0]
        index = next(e.answer_index for e in graph.out_edges(step[0]) if e.label == step[1])
        found.append(Breach(question=step[0], answer_index=index, label=step[1],
                            count=len(skipping), shortest=shortest, screen=screen))
    return found


def after_steps(graph: Graph, rule: Rule) -> set[Step]:
    """The answers an ``after:`` rule is about (every question with its tag, or one question)."""
    ref = rule.after
    if ref is None:
        return set()
    qids = ([ref.question] if ref.question is not None else
            [q for q, x in graph.questions.items() if ref.tag in x.all_tags])
    return {(q, ref.answer) for q in qids
            if any(e.label == ref.answer for e in graph.out_edges(q))}


def repeats_invariant(rule: Rule, graph: Graph, rank: Mapping[str, int],
                      held: Sequence[Promise], needed: Sequence[Screen],
                      low: Sequence[str]) -> bool:
    """True when an invariant already proves everything ``rule`` says, so the rule is shown
    once, as the invariant (it stays in the file, and is still read)."""
    if rule.after is not None and rule.reach_at_least is not None:
        want = rank.get(rule.reach_at_least)
        if want is None:
            return False
        steps = after_steps(graph, rule)
        tiers = {(p.question, p.label): rank[p.tier] for p in held}
        return bool(steps) and all(tiers.get(step, len(rank)) <= want for step in steps)
    if rule.paths_to and rule.must_ask:
        covered = {s.id for s in needed if s.kind == "list"}
        for screen in needed:
            if screen.kind == "scope":
                covered.update(graph.questions[screen.id].all_tags)
        return set(rule.paths_to) <= set(low) and set(rule.must_ask) <= covered
    return False
