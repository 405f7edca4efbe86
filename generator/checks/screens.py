"""The flowchart's screening questions and its tiers: urgent signs come first.

* every outcome names a tier from care-tiers.yml;
* a question that ``asks_about`` a sign list names one from red-flags.yml;
* the start question asks about a sign list of the most urgent tier.

Where a "yes" to a list leads is an engine invariant (:mod:`.invariants`): every answer but the
one marked ``none: true`` ends only in the list's tier or a more urgent one.
"""

from __future__ import annotations

from ..diagnostics import Report, suggest
from ..model.chart import graph_of
from ..model.content import Content
from .tiers import TIERS, tier_order_problem, tier_ref

FILE = "flowchart.yml"


def check_screens(content: Content, report: Report) -> None:
    if not content.has(FILE):
        return
    flowchart = content.flowchart
    graph = graph_of(flowchart)

    def add(loc: tuple[str | int, ...], message: str) -> None:
        path, line, col = content.where(FILE, loc)
        report.add(path, line, col, message)

    for i, outcome in enumerate(flowchart.outcomes):
        tier_ref(content, report, FILE, ("outcomes", i, "tier"), outcome.tier)
    if not (content.has("red-flags.yml") and content.has(TIERS)):
        return
    lists = {x.id: x for x in content.red_flags.lists}
    for i, question in enumerate(flowchart.questions):
        if question.asks_about is None:
            continue
        if question.asks_about not in lists:
            add(("questions", i, "asks_about"), f'there is no sign list "{question.asks_about}" in '
                f"red-flags.yml.{suggest(question.asks_about, lists)}")
    start = graph.questions.get(flowchart.start)
    if start is None or tier_order_problem(content) is not None:
        return  # reported by the graph checks, or at the order of the tiers
    first = content.tiers.tiers[0].id if content.tiers.tiers else ""
    if start.asks_about is not None and start.asks_about not in lists:
        return  # its unknown list is reported above; which list it meant is not known
    asked = lists.get(start.asks_about or "")
    if asked is None or asked.tier != first:
        urgent = [x.id for x in content.red_flags.lists if x.tier == first]
        which = f' (for example "{urgent[0]}")' if urgent else ""
        add(("start",), f'the first question ("{flowchart.start}") must ask about the warning '
            f'signs of the most urgent tier, "{first}": give it asks_about: with a sign list of '
            f"that tier{which}. Signs that need help now come before anything else.")

