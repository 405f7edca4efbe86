"""Reader scenarios: each story is walked through the flowchart, answer by answer, and must end
where its ``expect`` says. A failure is reported at the story, with the path it took.

Also reported (as warnings): an answer the story gives for a question it never meets, and an
outcome that no story reaches (an end no one has tested).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..diagnostics import Report, quoted, suggest
from ..load.yamlio import Loc
from ..model.chart import graph_of
from ..model.content import Content
from ..model.graph import Graph
from ..model.scenarios import Scenario
from ..model.walk import walk
from .tiers import tier_hint, tier_rank

FILE = "scenarios.yml"


def _and(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


Add = Callable[..., None]
"""``add(loc, message, severity="error")``: report at a key of scenarios.yml."""


def check_scenarios(content: Content, report: Report) -> None:
    if not (content.has(FILE) and content.has("flowchart.yml") and content.has("care-tiers.yml")):
        return
    graph = graph_of(content.flowchart)
    if graph.start not in graph.questions or graph.cycles() or graph.dangling():
        # the flowchart's own errors come first: a story walked into a missing step would be
        # reported as "stops at the question …" (a question that does not exist), and the
        # outcomes past it as untested
        return
    rank = tier_rank(content)
    reached: set[str] = set()

    def add(loc: tuple[str | int, ...], message: str, severity: str = "error") -> None:
        path, line, col = content.where(FILE, loc)
        report.add(path, line, col, message, severity)

    seen: dict[str, int] = {}
    for i, scenario in enumerate(content.scenarios.scenarios):
        here = ("scenarios", i)
        if scenario.id in seen:
            add((*here, "id"), f'the scenario id "{scenario.id}" is used twice (first as scenario '
                f"{seen[scenario.id] + 1}); give each story its own id.")
        seen.setdefault(scenario.id, i)
        answers_ok = _answers_exist(graph, scenario, here, add)
        if _expect_exists(graph, rank, scenario, here, add) and answers_ok:
            outcome = _walk_story(graph, rank, scenario, here, add)
            if outcome is not None:
                reached.add(outcome)
    _untested_outcomes(content, report, graph, reached)


def _answers_exist(graph: Graph, scenario: Scenario, here: Loc, add: Add) -> bool:
    """Every answer the story gives names a question and one of its answers."""
    ok = True
    for qid, label in scenario.answers.items():
        if qid not in graph.questions:
            add((*here, "answers", qid), f'there is no question "{qid}" in flowchart.yml.'
                f"{suggest(qid, graph.questions)}")
            ok = False
            continue
        labels = [e.label for e in graph.out_edges(qid)]
        if label not in labels:
            add((*here, "answers", qid), f'"{label}" is not an answer of "{qid}"; its '
                f"answers are {quoted(labels)}.{suggest(label, labels)}")
            ok = False
    return ok


def _expect_exists(graph: Graph, rank: Mapping[str, int], scenario: Scenario, here: Loc,
                   add: Add) -> bool:
    """What the story expects names outcomes and a tier that exist (and could fail)."""
    ok = True
    expect = scenario.expect
    for field, ids in (("outcome", [expect.outcome] if expect.outcome else []),
                       ("never", expect.never)):
        for oid in ids:
            if oid not in graph.outcomes:
                add((*here, "expect", field), f'there is no outcome "{oid}" in '
                    f"flowchart.yml.{suggest(oid, graph.outcomes)}")
                ok = False
    if expect.tier_at_least is not None and expect.tier_at_least not in rank:
        add((*here, "expect", "tier_at_least"), f'unknown care tier "{expect.tier_at_least}"; '
            f"it is not in care-tiers.yml.{tier_hint(expect.tier_at_least, rank)}")
        ok = False
    least = list(rank)[-1] if rank else None
    if (expect.outcome is None and not expect.never and expect.tier_at_least is not None
            and expect.tier_at_least == least):
        add((*here, "expect", "tier_at_least"), f'every outcome is at least "{least}" (the '
            f'least urgent tier), so the story "{scenario.id}" can never fail. Give it the '
            "outcome: it should reach, a more urgent tier_at_least:, or never: with the "
            "outcomes it must not reach.")
    return ok


def _walk_story(graph: Graph, rank: Mapping[str, int], scenario: Scenario, here: Loc,
                add: Add) -> str | None:
    """Walk the story; report where it stops or ends against its expect. Returns the outcome
    it reaches (``None`` when it stops at a question it gives no answer for)."""
    walked = walk(graph, scenario.answers)
    if walked.outcome is None:
        add((*here, "answers"), f'the story "{scenario.id}" stops at the question '
            f'"{walked.at}": it does not say how the reader answers it. Path so far: '
            f"{walked.describe()}.")
        return None
    expect = scenario.expect
    tier = graph.outcomes[walked.outcome].tier
    problems = []
    if expect.outcome is not None and walked.outcome != expect.outcome:
        problems.append(f'it should end at "{expect.outcome}"')
    # an outcome with an unknown tier is reported where it names it, not again here
    if expect.tier_at_least is not None and tier in rank and (
        rank[tier] > rank[expect.tier_at_least]
    ):
        problems.append(f'it should reach the tier "{expect.tier_at_least}" or a more urgent '
                        "one")
    if walked.outcome in expect.never:
        problems.append("it must never end there")
    if problems:
        add((*here, "id"), f'the story "{scenario.id}" ends at "{walked.outcome}" (tier '
            f'"{tier}"), but {_and(problems)}. Path taken: {walked.describe()}.')
    asked = {q for q, _a in walked.steps}
    for qid in scenario.answers:
        if qid not in asked:
            add((*here, "answers", qid), f'the story "{scenario.id}" never meets the question '
                f'"{qid}" (path: {walked.describe()}); remove this answer or check the path.',
                "warning")
    return walked.outcome


def _untested_outcomes(content: Content, report: Report, graph: Graph, reached: set[str]) -> None:
    reachable = set(graph.reachable())
    for i, outcome in enumerate(content.flowchart.outcomes):
        # an outcome no answer leads to is reported as such by the flowchart checks
        if outcome.id in reachable and outcome.id in graph.outcomes and outcome.id not in reached:
            path, line, col = content.where("flowchart.yml", ("outcomes", i, "id"))
            report.add(path, line, col, f'no reader story in scenarios.yml reaches the outcome '
                       f'"{outcome.id}"; add one so this end of the flowchart is tested.',
                       "warning")
