"""The flowchart as versioned JSON: the step-by-step guide's data, and an export for tools.

Written next to the page (``flowchart/graph.json``), so every URL in it is relative to the page
and to the JSON file alike (``../conditions/<slug>/``). Prose is exported as segments
(``{"kind": "text"|"strong"|"em"|"link", "text": …, "href": …}``) so the guide script can build
the DOM with ``textContent`` only, never parsing markup. Keys are sorted and lists keep content
order, so the same flowchart always gives the same bytes.

Schema, version 1::

    {"version": 1, "title": str, "intro": [segment] | null, "start": question id,
     "questions": {id: {"id", "question", "help": [segment] | null, "screens_red_flags",
                        "answers": [{"label", "next"}]}},
     "outcomes": {id: {"id", "action", "action_label", "title", "text": [segment],
                       "anchor", "conditions": [{"slug", "name", "url"}]}},
     "order": {"questions": [id…], "outcomes": [id…]},
     "strings": {reader-facing words the guide needs}}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ...model import Flowchart
from ...model.graph import Graph
from .mermaid import outcome_anchor
from .prose import parse_inline
from .words import action_labels, word

VERSION = 1

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


def graph_data(
    fc: Flowchart,
    *,
    condition_names: Mapping[str, str],
    condition_url: Callable[[str], str],
    strings: Mapping[str, Any],
) -> dict[str, Any]:
    """The export as plain data (see the module docstring for the schema)."""
    graph = Graph.from_flowchart(fc)
    actions = action_labels(strings)

    def segs(text: str | None) -> list[dict[str, str]] | None:
        return None if text is None else [s.as_json() for s in parse_inline(text, condition_url)]

    questions = {
        qid: {
            "id": qid,
            "question": q.question,
            "help": segs(q.help),
            "screens_red_flags": q.screens_red_flags,
            "answers": [{"label": a.label, "next": a.next} for a in q.answers],
        }
        for qid, q in graph.questions.items()
    }
    outcomes = {
        oid: {
            "id": oid,
            "action": o.action,
            "action_label": actions[o.action],
            "title": o.title,
            "text": segs(o.text),
            "anchor": outcome_anchor(oid),
            "conditions": [
                {"slug": c, "name": condition_names.get(c, c), "url": condition_url(c)}
                for c in o.conditions
            ],
        }
        for oid, o in graph.outcomes.items()
    }
    return {
        "version": VERSION,
        "title": fc.title,
        "intro": segs(fc.intro),
        "start": fc.start,
        "questions": questions,
        "outcomes": outcomes,
        "order": {"questions": list(graph.questions), "outcomes": list(graph.outcomes)},
        "strings": {key: word(strings, key) for key in GUIDE_STRINGS},
    }


def graph_json(
    fc: Flowchart,
    *,
    condition_names: Mapping[str, str],
    condition_url: Callable[[str], str],
    strings: Mapping[str, Any],
) -> str:
    """The export as JSON text: sorted keys, 2-space indent, UTF-8 characters, final newline."""
    data = graph_data(
        fc, condition_names=condition_names, condition_url=condition_url, strings=strings
    )
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
