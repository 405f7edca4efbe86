"""The flowchart as versioned JSON: the step-by-step guide's data, and an export for tools.

Written next to the page (``flowchart/graph.json``), so every URL in it is relative to the page
and to the JSON file alike (``../conditions/<slug>/``). Prose is exported as the tree
:mod:`generator.text.inline` parsed it, so the guide script builds the DOM with ``textContent``
only and never parses markup, and shows exactly the words and emphasis the page and the handout
show. Keys are sorted and lists keep content order, so the same flowchart gives the same bytes.

Schema, version 2 (version 1 had flat segments, ``action``/``action_label`` on outcomes and
``screens_red_flags`` on questions)::

    segment  = {"kind": "text", "text": str}
             | {"kind": "strong" | "em", "children": [segment]}
             | {"kind": "link", "href": str, "children": [segment]}
               (a link whose target is not allowed is exported as its children)
    prose    = [segment]

    {"version": 2,
     "title": str, "intro": prose | null, "start": question id,
     "questions": {id: {"id", "question": str,          # a sign list's question when generated
                        "help": prose | null,           # the editor's help text
                        "sign_list": list id | null,    # asks_about
                        "signs": [prose] | null,        # the list's signs, shown as a list
                        "tags": [str],                  # incl. the sign list's id
                        "answers": [{"label", "next"}]}},
     "outcomes": {id: {"id", "title", "text": prose, "anchor",
                       "tier": tier id, "tier_label": str, "colour": str,
                       "action": prose,                 # the tier's action, numbers filled in
                       "conditions": [{"slug", "name", "url"}]}},
     "tiers": [{"id", "label", "title", "colour"}],    # most urgent first
     "order": {"questions": [id…], "outcomes": [id…]},
     "strings": {reader-facing words the guide needs}}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ...text.inline import Em, Link, Node, Strong, Text, output_href, parse
from .chart import Chart
from .mermaid import outcome_anchor
from .words import word

VERSION = 2

GUIDE_STRINGS = (
    "guide_heading",
    "question_number",
    "back",
    "start_over",
    "result",
    "linked_to",
    "confirm",
)
"""The words guide.js shows; it reads them from the JSON so it holds no text of its own."""

Segment = dict[str, Any]


def segments(nodes: Iterable[Node], chart: Chart) -> list[Segment]:
    """A parsed prose tree as JSON segments (see the schema), links resolved for the page."""
    out: list[Segment] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append({"kind": "text", "text": node.text})
        elif isinstance(node, Strong | Em):
            kind = "strong" if isinstance(node, Strong) else "em"
            out.append({"kind": kind, "children": segments(node.children, chart)})
        elif isinstance(node, Link):
            href = output_href(node.target, chart.data_link)
            children = segments(node.children, chart)
            if href is None:
                out.extend(children)
            else:
                out.append({"kind": "link", "href": href, "children": children})
    return out


def prose_json(text: str | None, chart: Chart) -> list[Segment] | None:
    return None if text is None else segments(parse(text), chart)


def graph_data(chart: Chart) -> dict[str, Any]:
    """The export as plain data (see the module docstring for the schema)."""
    graph = chart.graph
    questions = {}
    for qid, q in graph.questions.items():
        signs = chart.signs(qid)
        questions[qid] = {
            "id": qid,
            "question": chart.question(qid),
            "help": prose_json(chart.help(qid), chart),
            "sign_list": q.asks_about,
            "signs": [segments(parse(x), chart) for x in signs] if signs else None,
            "tags": list(q.all_tags),
            "answers": [{"label": a.label, "next": a.next} for a in q.answers],
        }
    outcomes = {}
    for oid, o in graph.outcomes.items():
        tier = chart.tier(oid)
        outcomes[oid] = {
            "id": oid,
            "tier": tier.id,
            "tier_label": tier.label,
            "colour": tier.colour,
            "action": prose_json(tier.action, chart),
            "title": o.title,
            "text": prose_json(o.text, chart),
            "anchor": outcome_anchor(oid),
            "conditions": [
                {"slug": c, "name": chart.name(c), "url": chart.data_condition_url(c)}
                for c in o.conditions
            ],
        }
    return {
        "version": VERSION,
        "title": chart.fc.title,
        "intro": prose_json(chart.fc.intro, chart),
        "start": chart.fc.start,
        "questions": questions,
        "outcomes": outcomes,
        "tiers": [{"id": t.id, "label": t.label, "title": t.title, "colour": t.colour}
                  for t in chart.tiers.values()],
        "order": {"questions": list(graph.questions), "outcomes": list(graph.outcomes)},
        "strings": {key: word(chart.strings, key) for key in GUIDE_STRINGS},
    }


def graph_json(chart: Chart) -> str:
    """The export as JSON text: sorted keys, no spaces (the step-by-step guide downloads it on
    every visit to /flowchart/, a third of its size was indentation), UTF-8, final newline."""
    return json.dumps(graph_data(chart), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")) + "\n"
