"""The flowchart as nested lists and outcome cards: what a screen reader or a printed page needs.

The output is one raw HTML block for a Markdown page: it starts at column 0, has one element per
line and no blank lines, so Python-Markdown (with or without ``md_in_html``) and other
CommonMark-style engines pass it through untouched. Prose fields are converted by
:mod:`.prose`, never handed to a Markdown engine, so the same words render the same everywhere.

Each question is a block with its answers as a list; an answer's item holds the next question
(nested) or a link to an outcome card, so list depth equals the number of questions asked.
The chart is a graph, not a tree: a question reached by two answers is written out in full the
first time and linked ("go to the question … (above)") after that, so the list never repeats
itself and cannot grow exponentially. Outcomes are written once each, as cards after the list
(``id="outcome-<id>"``, the target of the diagram's links), and every answer that ends in one
links to its card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...model import Flowchart, Outcome
from ...textrules import html_escape
from ...model.graph import Graph
from .mermaid import outcome_anchor
from .prose import prose_html
from .words import action_labels, word


def question_anchor(question_id: str) -> str:
    return f"question-{question_id}"


def outcome_card_html(
    o: Outcome,
    *,
    condition_names: Mapping[str, str],
    condition_url: Callable[[str], str],
    strings: Mapping[str, Any],
    heading: str = "h4",
) -> str:
    """One outcome card: the action in words (colour is extra), title, text, linked conditions,
    and the reminder that only a professional can confirm the cause."""
    action = action_labels(strings)[o.action]
    lines = [
        f'<section class="hb-outcome hb-outcome--{o.action}" id="{outcome_anchor(o.id)}">',
        f'<p class="hb-outcome__action">{html_escape(action)}</p>',
        f'<{heading} class="hb-outcome__title">{html_escape(o.title)}</{heading}>',
        f'<p class="hb-outcome__text">{prose_html(o.text, condition_url)}</p>',
    ]
    if o.conditions:
        lines.append(f'<p class="hb-outcome__linked">{html_escape(word(strings, "linked_to"))}</p>')
        lines.append('<ul class="hb-outcome__conditions">')
        for slug in o.conditions:
            name = html_escape(condition_names.get(slug, slug))
            lines.append(f'<li><a href="{html_escape(condition_url(slug))}">{name}</a></li>')
        lines.append("</ul>")
    lines.append(f'<p class="hb-outcome__confirm">{html_escape(word(strings, "confirm"))}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def text_version_html(
    fc: Flowchart,
    *,
    condition_names: Mapping[str, str],
    condition_url: Callable[[str], str],
    strings: Mapping[str, Any],
) -> str:
    """The whole chart as nested lists, then the outcome cards (see the module docstring)."""
    graph = Graph.from_flowchart(fc)
    actions = action_labels(strings)
    expanded: set[str] = set()
    lines: list[str] = ['<div class="hb-flowchart-text">']

    def answer_target(target: str) -> None:
        if target in graph.outcomes:
            o = graph.outcomes[target]
            text = html_escape(f"{actions[o.action]}: {o.title}")
            lines.append(
                f'<a class="hb-tree__outcome hb-tree__outcome--{o.action}" '
                f'href="#{outcome_anchor(o.id)}">{text}</a>'
            )
        elif target in expanded:
            q = graph.questions[target]
            link = f'<a href="#{question_anchor(target)}">{html_escape(q.question)}</a>'
            go = html_escape(word(strings, "go_to_question", question="\0")).replace("\0", link)
            lines.append(f'<span class="hb-tree__goto">{go}</span>')
        elif target in graph.questions:
            question(target)

    def question(qid: str) -> None:
        expanded.add(qid)
        q = graph.questions[qid]
        lines.append(f'<div class="hb-tree__question" id="{question_anchor(qid)}">')
        lines.append(f'<p class="hb-tree__ask"><strong>{html_escape(q.question)}</strong></p>')
        if q.help:
            lines.append(f'<p class="hb-tree__help">{prose_html(q.help, condition_url)}</p>')
        lines.append('<ul class="hb-tree__answers">')
        for edge in graph.out_edges(qid):
            answer = html_escape(word(strings, "if_answer", answer=edge.label))
            lines.append(f'<li class="hb-tree__answer"><span class="hb-tree__if">{answer}</span>')
            answer_target(edge.target)
            lines.append("</li>")
        lines.append("</ul>")
        lines.append("</div>")

    if fc.start in graph.questions:
        lines.append('<div class="hb-tree">')
        question(fc.start)
        lines.append("</div>")
    lines.append('<div class="hb-outcomes">')
    lines.append(
        f'<h3 class="hb-outcomes__heading">{html_escape(word(strings, "outcomes_heading"))}</h3>'
    )
    for o in graph.outcomes.values():
        lines.append(
            outcome_card_html(
                o, condition_names=condition_names, condition_url=condition_url, strings=strings
            )
        )
    lines.append("</div>")
    lines.append("</div>")
    return "\n".join(lines)
