"""Flowchart checks: the chart must be a sound graph that always ends in a safe action.

Each rule reports at the exact YAML key an editor has to change, says what is wrong and how to fix
it, and one mistake gives one message: a misspelled id is reported where it is used (with a "Did
you mean"), not again as an unreachable question, a dead end and a broken path. The rules:

* ids are unique across questions and outcomes;
* ``start`` names a question (what it must ask is checked in :mod:`.screens`);
* every answer leads to an existing question or outcome (a question none of whose answers leads
  anywhere is reported once, as a dead end);
* the chart has no cycles, and every question and outcome can be reached from the start (the
  fix offered is an answer pointing to it, never removing it: an outcome nothing reaches is
  often the one a sign list or a promising answer used to lead to);
* outcomes name existing conditions and never tell the reader "you have …" (the one wording
  rule, :mod:`generator.text.wording`);
* every condition appears in at least one outcome (an error, or a warning when
  ``site.quality.uncovered_conditions`` says so);
* readability warnings: one question per question, no path longer than :data:`MAX_QUESTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Report, closest, quoted, suggest
from ..load.yamlio import Loc
from ..model.chart import graph_of
from ..model.content import Content
from ..model.flowchart import Question
from ..model.graph import Graph
from ..text.inline import prose_plain
from ..text.wording import diagnosis_claims

FILE = "flowchart.yml"

MAX_BOXES = 60
MAX_ARROWS = 120
"""The most the diagram can draw: about 7 s of rendering at 60 boxes, and beyond that a chart no
reader could follow on a page (the text version and the step-by-step guide have no limit)."""

MAX_QUESTIONS = 9
"""Longest path a reader should have to answer; longer quizzes lose anxious readers. Nine, not
eight: a guide that first asks who it is for and screens the emergencies that only feel like back
or hip pain needs two questions more than one that does not, and the sign lists are already
grouped (one question a list), so the pattern questions are kept to two or three a path."""

Add = Callable[..., None]
"""``add(loc, message, severity="error")``: report at a key of flowchart.yml."""


def check_flowchart(content: Content, report: Report) -> None:
    """Add every flowchart problem in ``content`` to ``report``.

    Skipped when flowchart.yml itself failed validation (its errors are reported already).
    """
    if not content.has(FILE):
        return
    graph = graph_of(content.flowchart)

    def add(loc: Loc, message: str, severity: str = "error") -> None:
        path, line, col = content.where(FILE, loc)
        report.add(path, line, col, message, severity)

    def line_of(loc: Loc) -> int:
        return content.where(FILE, loc)[1]

    boxes, arrows = len(graph.nodes), len(graph.edges)
    if boxes > MAX_BOXES or arrows > MAX_ARROWS:
        add(("questions",), f"the flowchart has {boxes} boxes and {arrows} arrows; the diagram "
            f"can draw at most {MAX_BOXES} boxes and {MAX_ARROWS} arrows (it would take minutes "
            "and be unreadable). Split it into smaller flowcharts, or merge outcomes that give "
            "the same advice.")
    _unique_ids(content, add, line_of)
    start_ok = _start(graph, add)
    misspelled = _answers(graph, add)
    cycles = graph.cycles()
    for cycle in cycles:
        last, entry = cycle[-2], cycle[-1]
        edge = next(e for e in graph.out_edges(last) if e.target == entry)
        add(
            ("questions", edge.question_index, "answers", edge.answer_index, "next"),
            f"the flowchart goes round in a circle: {' → '.join(cycle)}. Point one of these "
            "answers to a later question or an outcome.",
        )
    if start_ok:
        _reachability(graph, add, misspelled)
    if start_ok and not cycles:
        asked = [n for n in graph.longest_question_path() if n in graph.questions]
        if len(asked) > MAX_QUESTIONS:
            add(
                ("questions",),
                f"a reader may have to answer {len(asked)} questions ({' → '.join(asked)}); "
                f"keep every path to {MAX_QUESTIONS} questions or fewer.",
                "warning",
            )
    _outcomes(content, add)


def _unique_ids(content: Content, add: Add, line_of: Callable[[Loc], int]) -> None:
    flowchart = content.flowchart
    seen: dict[str, Loc] = {}
    ids = [("questions", i, q.id) for i, q in enumerate(flowchart.questions)]
    ids += [("outcomes", i, o.id) for i, o in enumerate(flowchart.outcomes)]
    for kind, i, node_id in ids:
        loc: Loc = (kind, i, "id")
        first = seen.setdefault(node_id, loc)
        if first == loc:
            continue
        if first[0] == kind:
            add(
                loc,
                f'the id "{node_id}" is already used on line {line_of(first)}; give each '
                f"{kind[:-1]} its own id.",
            )
        else:
            add(
                loc,
                f'the id "{node_id}" names both a question (line {line_of(first)}) and an '
                "outcome, so answers cannot tell which one they lead to. Rename one of them.",
            )


def _start(graph: Graph, add: Add) -> bool:
    """Check ``start``; True if it names a question (so reachability can be judged)."""
    start = graph.start
    if start in graph.outcomes:
        add(
            ("start",),
            f'start is the outcome "{start}"; the flowchart must start with a question. Point '
            "start at the red-flag question.",
        )
        return False
    if start not in graph.questions:
        hint = suggest(start, graph.questions) or " Point start at the red-flag question."
        add(("start",), f'start is "{start}", but there is no question with that id.{hint}')
        return False
    return True


def _answers(graph: Graph, add: Add) -> set[str]:
    """Broken and odd answers; returns the ids broken answers probably meant (not "lost")."""
    all_ids = list(graph.nodes)
    misspelled = {
        near for edge in graph.dangling() if (near := closest(edge.target, all_ids)) is not None
    }
    for qid, question in graph.questions.items():
        qi = graph.nodes[qid].index
        edges = graph.out_edges(qid)
        missing = [edge for edge in edges if edge.target not in graph.nodes]
        if edges and len(missing) == len(edges):
            targets = list(dict.fromkeys(edge.target for edge in missing))
            add(
                ("questions", qi, "id"),
                f'the question "{qid}" is a dead end: none of its answers leads to an existing '
                f"question or outcome ({quoted(targets)}), so a reader who gets here is stuck. "
                "Write the missing steps or point the answers to existing ones."
                f"{suggest(targets[0], all_ids)}",
            )
            continue
        for edge in missing:
            hint = suggest(edge.target, all_ids) or " Add it, or point the answer elsewhere."
            add(
                ("questions", qi, "answers", edge.answer_index, "next"),
                f'this answer leads to "{edge.target}", but there is no question or outcome with '
                f"that id.{hint}",
            )
        labels: set[str] = set()
        for edge in edges:
            key = " ".join(edge.label.casefold().split())
            if key in labels:
                add(
                    ("questions", qi, "answers", edge.answer_index, "label"),
                    f'two answers of "{qid}" say "{edge.label}"; give each answer different words.',
                )
            labels.add(key)
        if len(edges) > 1 and len({edge.target for edge in edges}) == 1 and not missing:
            add(
                ("questions", qi, "answers"),
                f'every answer of "{qid}" leads to "{edges[0].target}", so the question changes '
                f"nothing. Point the answers to different steps{_or_remove(question)}.",
                "warning",
            )
        if question.question is not None and question.question.count("?") > 1:
            add(
                ("questions", qi, "question"),
                f'"{qid}" asks more than one question; ask one thing per step so every answer '
                "is clear.",
                "warning",
            )
    return misspelled


def _reachability(graph: Graph, add: Add, misspelled: set[str]) -> None:
    """Nodes the start cannot reach, reported only where the trouble starts."""
    reached = set(graph.reachable())
    lost = [n for n in graph.nodes if n not in reached]
    below = {n: set(graph.reachable(n)) for n in lost}
    order = {n: i for i, n in enumerate(graph.nodes)}
    for node_id in lost:
        # skip a node another lost node leads to, unless both are in one loop and this one
        # comes first
        upstream = [m for m in lost if m != node_id and node_id in below[m]]
        if node_id in misspelled or any(m not in below[node_id] or order[m] < order[node_id]
                                         for m in upstream):
            continue
        node = graph.nodes[node_id]
        after = [m for m in lost if m in below[node_id] and m != node_id]
        also = f" The steps after it ({quoted(after)}) cannot be reached either." if after else ""
        add(
            ("questions" if node.kind == "question" else "outcomes", node.index, "id"),
            f'the {node.kind} "{node_id}" cannot be reached: no answer on the way from the start '
            f'leads to it. Point the answer that should lead there to "{node_id}".{also}',
        )


def _or_remove(question: Question) -> str:
    """", or remove the question" — only for a question no safety check leans on. A question
    that asks about a sign list, settles the guide's scope, carries a tag a rule may name, or
    has an answer that promises a tier guards readers: removing it is never the fix offered."""
    guards = (question.asks_about is not None or question.scope or question.tags
              or any(a.promises is not None for a in question.answers))
    return "" if guards else ", or remove the question"


def _outcomes(content: Content, add: Add) -> None:
    """Outcome wording, condition references, and conditions no outcome names."""
    covered: set[str] = set()
    known = sorted(content.condition_slugs)
    names = [c.name for c in content.conditions.values()]
    names += [n for c in content.conditions.values() for n in c.also_called]
    for oi, outcome in enumerate(content.flowchart.outcomes):
        for field in ("title", "text"):
            claims = diagnosis_claims(prose_plain(getattr(outcome, field)), conditions=names)
            if claims:
                add(
                    ("outcomes", oi, field),
                    f'the outcome "{outcome.id}" says "{claims[0]}"; a flowchart result must never '
                    "tell the reader they have a condition. Say what to do, and that this "
                    "pattern is often linked to the conditions listed, which a professional "
                    "can confirm.",
                )
        listed: set[str] = set()
        for ci, slug in enumerate(outcome.conditions):
            loc: Loc = ("outcomes", oi, "conditions", ci)
            if slug in listed:
                add(loc, f'the condition "{slug}" is listed twice in this outcome; remove one.')
            listed.add(slug)
            if slug in content.condition_slugs:
                covered.add(slug)
                continue
            # the condition it probably meant is not reported again as uncovered
            covered.update(filter(None, [closest(slug, known)]))
            hint = suggest(slug, known) or " Check the spelling, or add it."
            add(loc, f'there is no condition "{slug}" (no file conditions/{slug}.yml).{hint}')
    severity = content.site.quality.uncovered_conditions if content.has("site.yml") else "error"
    # only conditions that validated: a broken file's own errors come first
    for slug in sorted(set(content.conditions) - covered):
        add(
            ("outcomes",),
            f'no outcome names the condition "{slug}" (conditions/{slug}.yml), so the flowchart '
            "never points readers to it. Add it to the conditions: list of the outcome it is "
            "most often linked to.",
            severity,
        )
