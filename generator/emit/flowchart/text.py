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

from ...model import Outcome
from ...text.escape import html_escape
from ...text.inline import prose_html
from .chart import Chart
from .mermaid import outcome_anchor
from .words import word


def question_anchor(question_id: str) -> str:
    return f"question-{question_id}"


def outcome_card_html(o: Outcome, chart: Chart, *, heading: str = "h4") -> str:
    """One outcome card: the tier's label (colour is extra), title, the tier's action, the text,
    linked conditions, and the reminder that only a professional can confirm the cause."""
    tier = chart.tier(o.id)
    strings = chart.strings
    lines = [
        (f'<section class="hb-outcome hb-care--{html_escape(tier.colour)}" '
        f'id="{outcome_anchor(o.id)}" data-tier="{html_escape(tier.id)}">'),
        f'<p class="hb-outcome__action">{html_escape(tier.label)}</p>',
        f'<{heading} class="hb-outcome__title">{html_escape(o.title)}</{heading}>',
        f'<p class="hb-outcome__tier">{prose_html(tier.action, link=chart.link)}</p>',
        f'<p class="hb-outcome__text">{prose_html(o.text, link=chart.link)}</p>',
    ]
    if o.conditions:
        lines.append(f'<p class="hb-outcome__linked">{html_escape(word(strings, "linked_to"))}</p>')
        lines.append('<ul class="hb-outcome__conditions">')
        for slug in o.conditions:
            name = html_escape(chart.name(slug))
            lines.append(f'<li><a href="{html_escape(chart.condition_url(slug))}">{name}</a></li>')
        lines.append("</ul>")
    lines.append(f'<p class="hb-outcome__confirm">{html_escape(word(strings, "confirm"))}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def text_version_html(chart: Chart) -> str:
    """The whole chart as nested lists, then the outcome cards (see the module docstring)."""
    graph = chart.graph
    strings = chart.strings
    expanded: set[str] = set()
    lines: list[str] = ['<div class="hb-flowchart-text">']

    def answer_target(target: str) -> None:
        if target in graph.outcomes:
            o = graph.outcomes[target]
            tier = chart.tier(target)
            text = html_escape(f"{tier.label}: {o.title}")
            lines.append(
                f'<a class="hb-tree__outcome" data-tier="{html_escape(tier.id)}" '
                f'href="#{outcome_anchor(o.id)}">{text}</a>'
            )
        elif target in expanded:
            link = (f'<a href="#{question_anchor(target)}">'
                    f"{html_escape(chart.question(target))}</a>")
            go = link.join(html_escape(part) for part in
                           word(strings, "go_to_question", question="\0").split("\0"))
            lines.append(f'<span class="hb-tree__goto">{go}</span>')
        elif target in graph.questions:
            question(target)

    def question(qid: str) -> None:
        expanded.add(qid)
        lines.append(f'<div class="hb-tree__question" id="{question_anchor(qid)}">')
        lines.append(
            f'<p class="hb-tree__ask"><strong>{html_escape(chart.question(qid))}</strong></p>')
        help_text = chart.help(qid)
        if help_text:
            lines.append(f'<p class="hb-tree__help">{prose_html(help_text, link=chart.link)}</p>')
        signs = chart.signs(qid)
        if signs:
            lines.append('<ul class="hb-tree__signs">')
            lines.extend(f"<li>{prose_html(x, link=chart.link)}</li>" for x in signs)
            lines.append("</ul>")
        lines.append('<ul class="hb-tree__answers">')
        for edge in graph.out_edges(qid):
            answer = html_escape(word(strings, "if_answer", answer=edge.label))
            lines.append(f'<li class="hb-tree__answer"><span class="hb-tree__if">{answer}</span>')
            answer_target(edge.target)
            lines.append("</li>")
        lines.append("</ul>")
        lines.append("</div>")

    if chart.fc.start in graph.questions:
        lines.append('<div class="hb-tree">')
        question(chart.fc.start)
        lines.append("</div>")
    lines.append('<div class="hb-outcomes">')
    lines.append(
        f'<h3 class="hb-outcomes__heading">{html_escape(word(strings, "outcomes_heading"))}</h3>'
    )
    for o in graph.outcomes.values():
        lines.append(outcome_card_html(o, chart))
    lines.append("</div>")
    lines.append("</div>")
    return "\n".join(lines)
