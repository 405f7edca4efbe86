"""The flowchart's screening questions and its tiers: urgent signs come first, and a "yes" to a
list of signs never leads anywhere less urgent than the list itself.

* every outcome names a tier from care-tiers.yml;
* a question that ``asks_about`` a sign list names one from red-flags.yml;
* the start question asks about a sign list of the most urgent tier;
* a question that asks about a list has an answer from which every reachable outcome is at least
  as urgent as the list's tier (the reader who has one of those signs is never reassured).
"""

from __future__ import annotations

from ..diagnostics import Report, suggest
from ..model.content import Content
from ..model.graph import Graph
from .tiers import TIERS, _tier_ref, tier_order_problem, tier_rank

FILE = "flowchart.yml"


def check_screens(content: Content, report: Report) -> None:
    if not content.has(FILE):
        return
    fc = content.flowchart
    graph = Graph.from_flowchart(fc)

    def add(loc: tuple[str | int, ...], message: str) -> None:
        path, line, col = content.where(FILE, loc)
        report.add(path, line, col, message)

    for i, outcome in enumerate(fc.outcomes):
        _tier_ref(content, report, FILE, ("outcomes", i, "tier"), outcome.tier)
    if not (content.has("red-flags.yml") and content.has(TIERS)):
        return
    lists = {x.id: x for x in content.red_flags.lists}
    rank = tier_rank(content)
    for i, q in enumerate(fc.questions):
        if q.asks_about is None:
            continue
        sign_list = lists.get(q.asks_about)
        if sign_list is None:
            add(("questions", i, "asks_about"), f'there is no sign list "{q.asks_about}" in '
                f"red-flags.yml.{suggest(q.asks_about, lists)}")
            continue
        want = rank.get(sign_list.tier)
        if want is None or q.id not in graph.questions:
            continue
        if not any(_all_at_least(graph, e.target, want, rank) for e in graph.out_edges(q.id)):
            add(("questions", i, "answers"), f'no answer of "{q.id}" leads only to outcomes of '
                f'the tier "{sign_list.tier}" or more urgent, yet it asks about the signs in '
                f'"{sign_list.id}". Point the "yes" answer to such an outcome.')
    start = graph.questions.get(fc.start)
    if start is None or tier_order_problem(content) is not None:
        return  # reported by the graph checks, or at the order of the tiers
    first = content.tiers.tiers[0].id if content.tiers.tiers else ""
    if start.asks_about is not None and start.asks_about not in lists:
        return  # its unknown list is reported above; which list it meant is not known
    asked = lists.get(start.asks_about or "")
    if asked is None or asked.tier != first:
        urgent = [x.id for x in content.red_flags.lists if x.tier == first]
        which = f' (for example "{urgent[0]}")' if urgent else ""
        add(("start",), f'the first question ("{fc.start}") must ask about the warning signs '
            f'of the most urgent tier, "{first}": give it asks_about: with a sign list of that '
            f"tier{which}. Signs that need help now come before anything else.")


def _all_at_least(graph: Graph, node: str, want: int, rank: dict[str, int]) -> bool:
    """True if every outcome reachable from ``node`` has a tier rank ≤ ``want``.

    An outcome with an unknown tier is left out (it is reported where it names the tier), and
    an answer that reaches only such outcomes is given the benefit of the doubt."""
    outcomes = [n for n in graph.reachable(node) if n in graph.outcomes]
    ranks = [rank[t] for o in outcomes if (t := graph.outcomes[o].tier) in rank]
    if outcomes and not ranks:
        return True
    return bool(ranks) and all(r <= want for r in ranks)
