"""The engine's safety invariants, proved over every path of any content (no rule needed).

What they say is in :mod:`generator.model.invariants`; here the answers that give them their
meaning are checked (``none:``, ``promises:``, ``scope:``) and every break is reported at the
answer to change, with the shortest path that breaks it. Content rules in scenarios.yml add to
these; deleting a rule or a story cannot switch them off.

The fix a message offers is always to send the answer somewhere at least as urgent; it never
suggests removing an outcome, a sign list, a rule, a story, ``none:`` or ``promises:``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Report, closest
from ..load.yamlio import Loc
from ..model.chart import MAX_PATHS, graph_of, paths_of, sound
from ..model.content import Content
from ..model.graph import Graph
from ..model.invariants import (
    Breach,
    Path,
    broken_promises,
    least_urgent,
    promises,
    screens,
    skipped_screens,
)
from ..model.walk import path_outcome
from .tiers import TIERS, tier_hint, tier_rank

FILE = "flowchart.yml"

Add = Callable[[Loc, str], None]


def describe(path: Path) -> str:
    """``question → “answer” → … → outcome``, for messages."""
    return " → ".join([*(f"{q} → “{a}”" for q, a in path[:-1]), path_outcome(path)])


def check_invariants(content: Content, report: Report) -> None:
    if not content.has(FILE):
        return
    graph = graph_of(content.flowchart)

    def add(loc: Loc, message: str) -> None:
        path, line, col = content.where(FILE, loc)
        report.add(path, line, col, message)

    _answer_marks(content, add)
    if not (content.has(TIERS) and content.has("red-flags.yml") and sound(graph)):
        return
    paths = paths_of(content.flowchart)
    if len(paths) > MAX_PATHS:
        return  # reported by the safety rules as too big to prove
    rank = tier_rank(content)
    lists = {x.id: x for x in content.red_flags.lists}
    held = promises(graph, {k: x.tier for k, x in lists.items()}, rank)
    tier_ids = list(rank)
    low = least_urgent(tier_ids)
    # a misspelled asks_about is reported where it is written (with a "Did you mean"); the list
    # it probably meant is not reported again as skipped
    meant = {closest(q.asks_about, sorted(lists)) for q in graph.questions.values()
             if q.asks_about is not None and q.asks_about not in lists}
    needed = screens(graph, [x.id for x in content.red_flags.lists
                             if x.on_every_page and x.id not in meant])
    fixed_by_promise = set()
    for breach in broken_promises(graph, paths, rank, held):
        add(_at(graph, breach), _promise_message(graph, breach))
        if breach.promise is not None and breach.promise.tier not in low:
            # its fix (an outcome above the least urgent tiers) mends the skipped screen too
            fixed_by_promise.add(_at(graph, breach))
    above = tier_ids[-3] if len(tier_ids) > 2 else None
    found = skipped_screens(graph, paths, rank, low, needed)
    for breach in sorted(found, key=lambda x: (graph.nodes[x.question].index, x.answer_index)):
        if _at(graph, breach) not in fixed_by_promise:
            add(_at(graph, breach), _screen_message(graph, breach, low, above))


def _at(graph: Graph, breach: Breach) -> Loc:
    return ("questions", graph.nodes[breach.question].index, "answers", breach.answer_index)


def _answer_marks(content: Content, add: Add) -> None:
    """``none:`` on exactly one answer of each question that asks about a sign list, and on no
    other; ``promises:`` names a tier that exists."""
    known = [t.id for t in content.tiers.tiers] if content.has(TIERS) else None
    for qi, question in enumerate(content.flowchart.questions):
        marked = [ai for ai, answer in enumerate(question.answers) if answer.none]
        if question.asks_about is not None and len(marked) != 1:
            fix = ("mark the answer that means “I have none of these signs” with none: true"
                   if not marked else
                   f"{len(marked)} answers have none: true; only the one that means “I have "
                   "none of these signs” may have it, every other answer is a “yes”")
            add(("questions", qi, "answers"), f'the question "{question.id}" asks about the sign '
                f'list "{question.asks_about}", so exactly one of its answers says none: true: '
                f"{fix}.")
        if question.asks_about is None:
            for ai in marked:
                add(("questions", qi, "answers", ai, "none"), f'none: true marks the answer '
                    f'“I have none of these signs” of a question that asks about a sign list, '
                    f'but "{question.id}" asks its own question (no asks_about:). Give the '
                    "question asks_about: with its sign list, or take none: off this answer.")
        for ai, answer in enumerate(question.answers):
            if answer.promises is not None and known is not None and answer.promises not in known:
                add(("questions", qi, "answers", ai, "promises"), f'unknown care tier '
                    f'"{answer.promises}"; it is not in care-tiers.yml.'
                    f"{tier_hint(answer.promises, known)}")


def _promise_message(graph: Graph, breach: Breach) -> str:
    promise = breach.promise
    assert promise is not None
    end = graph.outcomes[path_outcome(breach.shortest)].tier
    if promise.sign_list is not None and (promise.promised is None
                                          or promise.tier != promise.promised):
        why = (f'it is not the none: true answer, so it is a “yes” to the signs in '
               f'"{promise.sign_list}", a list of the tier "{promise.tier}"')
    else:
        why = f'it promises the tier "{promise.tier}"'
    return (f'the answer "{breach.label}" of "{breach.question}" must lead only to outcomes of '
            f'the tier "{promise.tier}" or more urgent ({why}), but {breach.count} path(s) through '
            f'it end in a less urgent tier ("{end}" on the shortest). Shortest: '
            f"{describe(breach.shortest)}. Point this answer, or the answers after it on that "
            f'path, to an outcome of the tier "{promise.tier}" or more urgent.')


def _screen_message(graph: Graph, breach: Breach, low: tuple[str, ...], above: str | None) -> str:
    screen = breach.screen
    assert screen is not None
    what = (f'the question that asks about the sign list "{screen.id}" (shown on every page)'
            if screen.kind == "list"
            else f'the question "{screen.id}" (scope: true, who the guide is for)')
    tiers = " or ".join(f'"{t}"' for t in low)
    reached = set(graph.reachable())
    if any(q in reached for q in screen.questions):
        fix = f'Point this answer to "{screen.questions[0]}" (or to a question that leads to it)'
    elif screen.questions:
        what += ", which no path from the start meets"
        fix = f'Point this answer to "{screen.questions[0]}"'
    else:
        what = f'a question that asks about the sign list "{screen.id}" (shown on every page; no ' \
               "question asks about it)"
        fix = f"Add a question with asks_about: {screen.id} and point this answer to it"
    or_higher = f', or to an outcome of the tier "{above}" or more urgent' if above else ""
    return (f'the answer "{breach.label}" of "{breach.question}" leads past {what}: '
            f"{breach.count} path(s) through it reach the tier {tiers} without asking it. "
            f"Shortest: {describe(breach.shortest)}. {fix}{or_higher}.")
