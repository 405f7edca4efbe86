"""The flowchart as nested lists and outcome cards: what a screen reader or a printed page needs.

The output is one raw HTML block for a Markdown page: it starts at column 0, has one element per
line and no blank lines, so Python-Markdown (with or without ``md_in_html``) and other
CommonMark-style engines pass it through untouched. Prose fields are rendered by
:func:`generator.text.inline.prose_html`, never handed to a Markdown engine, so the same words
render the same everywhere.

Each question is a block with its answers as a list; a question generated from a sign list shows
the list's signs right under it (so "any of these" always has its "these" in view). An answer's
item holds the next question (nested) or a link to an outcome card, so list depth equals the
number of questions asked. The chart is a graph, not a tree: a question reached by two answers is
written out in full the first time and linked ("go to the question … (above)") after that, so the
list never repeats itself and cannot grow exponentially. Outcomes are written once each, as cards
after the list (``id="outcome-<id>"``, the target of the diagram's links), in the tier's colour
with its label in words and its action sentence, and every answer that ends in one links to it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...model import Outcome
from ...text.inline import prose_html
from ..fragments import render
from .chart import Chart
from .mermaid import outcome_anchor
from .words import word


def question_anchor(question_id: str) -> str:
    return f"question-{question_id}"


def outcome_card_html(o: Outcome, chart: Chart, *, heading: str = "h4") -> str:
    """One outcome card: the tier's label (colour is extra), title, the tier's action, the text,
    linked conditions, and the reminder that only a professional can confirm the cause."""
    strings = chart.strings
    return render("flowchart-outcome.html.j2", tier=chart.tier(o.id), anchor=outcome_anchor(o.id),
                  heading=heading, title=o.title,
                  action=Markup(prose_html(chart.tier(o.id).action, link=chart.link)),
                  text=Markup(prose_html(o.text, link=chart.link)),
                  conditions=[(chart.name(slug), chart.condition_url(slug))
                              for slug in o.conditions],
                  s={"linked_to": word(strings, "linked_to"), "confirm": word(strings, "confirm")})


class _Tree:
    """The chart's questions from the start, as the template nests them: a question is written
    out the first time an answer reaches it and linked after that (``expanded``)."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        self.expanded: set[str] = set()

    def target(self, target: str) -> dict[str, Any]:
        """Where an answer leads: an outcome, a question already written out, or a new one."""
        chart = self.chart
        if target in chart.graph.outcomes:
            tier = chart.tier(target)
            return {"kind": "outcome", "anchor": outcome_anchor(target), "tier": tier.id,
                    "text": f"{tier.label}: {chart.graph.outcomes[target].title}"}
        if target in self.expanded:
            sentence = word(chart.strings, "go_to_question", question="\0")
            return {"kind": "goto", "anchor": question_anchor(target),
                    "text": chart.question(target), "parts": sentence.split("\0")}
        if target in chart.graph.questions:
            return {"kind": "question", "question": self.question(target)}
        return {"kind": "none"}

    def question(self, qid: str) -> dict[str, Any]:
        """A question, its help, the signs it asks about, and each answer (depth first)."""
        chart = self.chart
        self.expanded.add(qid)
        help_text = chart.help(qid)
        return {"anchor": question_anchor(qid), "ask": chart.question(qid),
                "help": Markup(prose_html(help_text, link=chart.link)) if help_text else None,
                "signs": [Markup(prose_html(x, link=chart.link)) for x in chart.signs(qid)],
                "answers": [{"label": word(chart.strings, "if_answer", answer=edge.label),
                             **self.target(edge.target)}
                            for edge in chart.graph.out_edges(qid)]}


def text_version_html(chart: Chart) -> str:
    """The whole chart as nested lists, then the outcome cards (see the module docstring)."""
    start = chart.fc.start
    tree = _Tree(chart).question(start) if start in chart.graph.questions else None
    return render("flowchart-text.html.j2", tree=tree,
                  heading=word(chart.strings, "outcomes_heading"),
                  cards=[Markup(outcome_card_html(o, chart)) for o in chart.graph.outcomes.values()])
