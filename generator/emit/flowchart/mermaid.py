"""Flowchart → Mermaid source, for the static SVG rendered at build time.

The source is an intermediate product (never shown to readers, never run in a browser), so it is
written for what the renderer needs: safe labels, explicit line breaks, colours that are never the
only cue. Two choices worth knowing:

* **Node ids are positional** (``Q1``, ``Q2``… for questions, ``O1``… for outcomes, in file order).
  Content ids are slugs and could be Mermaid keywords (``end``, ``subgraph``), start with an edge
  marker (``o``, ``x``) or contain ``style``, which Mermaid's pre-processor treats specially.
* **Outcome nodes link to their card in the text version** (``#outcome-<id>`` on the same page),
  not to a condition page: an outcome often names several conditions, the card lists all of them
  with links and tells the reader to confirm with a professional. ``link_to="condition"`` links
  each outcome to its first condition's page instead.

Escaping was worked out against mermaidx 0.10 with ``htmlLabels: false`` (labels become SVG
``<text>``); see :func:`label_text`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from ...model import Flowchart
from ...model.chart import graph_of
from ...model.graph import Graph
from .chart import Chart
from .words import word

WRAP = 28
"""Longest box label line, in characters: we break lines ourselves so they break between words
where we choose (the renderer's own wrapping width is raised above this in :mod:`.svg`)."""

WRAP_EDGE = 20
"""Longest answer label line: mermaid re-wraps edge labels at a fixed 200 px whatever the config,
about 22 characters of its measuring font, so answer lines stay below that."""

MAX_NAMES_IN_BOX = 4
"""Most condition names an outcome box lists (the card under the diagram lists them all)."""

QUESTION_STYLE = "fill:#f4f7fb,stroke:#1d4f73,stroke-width:2px,color:#111111"

COLOUR_STYLES: Mapping[str, str] = {
    "red": "fill:#fdecea,stroke:#b3261e,stroke-width:3px,color:#111111",
    "orange": "fill:#fff1dc,stroke:#a14a00,stroke-width:3px,color:#111111",
    "yellow": "fill:#fff8d6,stroke:#7a5900,stroke-width:3px,color:#111111",
    "blue": "fill:#e6f0fa,stroke:#1a5a8a,stroke-width:3px,color:#111111",
    "green": "fill:#e7f4ea,stroke:#2e6b34,stroke-width:3px,color:#111111",
    "grey": "fill:#eceff1,stroke:#455a64,stroke-width:3px,color:#111111",
}
"""Outcome box styles by tier colour (care-tiers.yml): dark text on pale fills (contrast > 12:1)
and a strong border; the first line of every box is the tier's label in words, so colour is
never the only cue. The diagram is always drawn on white, in print and in dark mode."""


def colour_class(colour: str) -> str:
    """The Mermaid class of a tier colour (``red`` → ``fcRed``)."""
    return "fc" + colour.capitalize()


ZWSP = "\u200b"
_WS = re.compile(r"\s+")
_ENTITY_LIKE = re.compile(r"#(?=\w+;)")
_BACKSLASH_N = re.compile(r"\\(?=n)")
_PREPROCESSED = re.compile(r"(style|classDef).*:\S*#.*;")


def _smart_quotes(text: str) -> str:
    """Straight double quotes → “ ”; a ``"`` would end the Mermaid string.

    Mermaid's ``#quot;`` / ``#34;`` codes are not decoded in SVG labels by mermaidx 0.10 (they
    show up as the literal text "&quot;"), so typographic quotes are the reliable way to keep them.
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == '"':
            before = text[i - 1] if i else " "
            out.append("\u201c" if before.isspace() or before in "([{\u2014\u2013-/" else "\u201d")
        else:
            out.append(ch)
    return "".join(out)


def label_text(text: str) -> str:
    """One line of label text made safe inside a double-quoted Mermaid string.

    What mermaidx 0.10 does with raw characters in ``"…"`` labels, and what we do about it:

    * ``< > &`` could start markup or be eaten (``a --> b`` renders as ``a -- b``): written as
      ``#lt;`` ``#gt;`` ``#amp;``, the only entity codes decoded in SVG labels.
    * ``"`` ends the string: typographic quotes instead (see :func:`_smart_quotes`).
    * ``#word;`` would be read as an entity code, ``\\n`` as a line break, a leading backtick as
      a Markdown string, and ``style…:…#…;`` triggers a pre-processor that drops a character: a
      zero-width space breaks each of these patterns without changing what the reader sees.
    * Brackets, parentheses, braces, ``|``, ``;``, ``%%``, ``*``, ``_`` and backticks elsewhere are
      shown literally inside quoted labels and need nothing.
    """
    text = _WS.sub(" ", text).strip()
    text = _BACKSLASH_N.sub("\\\\" + ZWSP, text)
    text = _ENTITY_LIKE.sub("#" + ZWSP, text)
    text = text.replace("&", "#amp;").replace("<", "#lt;").replace(">", "#gt;")
    text = _smart_quotes(text)
    if text.startswith("`"):
        text = ZWSP + text
    return _defuse_preprocessor(text)


def _defuse_preprocessor(text: str) -> str:
    """Break ``style…:…#…;`` / ``classDef…`` so mermaid's pre-processor leaves the line alone."""
    if _PREPROCESSED.search(text):
        text = text.replace("style", f"sty{ZWSP}le").replace("classDef", f"class{ZWSP}Def")
    return text


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Greedy word wrap; a word longer than ``width`` keeps a line of its own."""
    lines: list[str] = []
    current = ""
    for w in text.split():
        if current and len(current) + 1 + len(w) > width:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}" if current else w
    if current:
        lines.append(current)
    return lines or [""]


def label(*paragraphs: str, width: int = WRAP) -> str:
    """A quoted Mermaid label: each paragraph starts a new line, long lines are wrapped."""
    lines = [label_text(line) for p in paragraphs for line in wrap(p, width)]
    return '"' + "<br/>".join(lines) + '"'


def acc_text(text: str) -> str:
    """Text for an ``accTitle:`` / ``accDescr:`` line (one line; entity codes decoded there)."""
    text = _WS.sub(" ", text).strip()
    text = _ENTITY_LIKE.sub("#" + ZWSP, text)
    text = text.replace("&", "#amp;").replace("<", "#lt;").replace(">", "#gt;")
    return _defuse_preprocessor(text)


def node_ids(fc: Flowchart) -> dict[str, str]:
    """Content id → Mermaid node id (``Q1``…, ``O1``…), first definition of an id wins."""
    return _node_ids(graph_of(fc))


def _node_ids(graph: Graph) -> dict[str, str]:
    return {
        nid: f"{'Q' if node.kind == 'question' else 'O'}{node.index + 1}"
        for nid, node in graph.nodes.items()
    }


def outcome_anchor(outcome_id: str) -> str:
    """The id of an outcome's card in the text version (shared with :mod:`.text`)."""
    return f"outcome-{outcome_id}"


def to_mermaid(
    chart: Chart,
    *,
    title: str,
    description: str,
    link_to: Literal["card", "condition"] = "card",
) -> str:
    """Mermaid ``flowchart TD`` source for a checked flowchart; same input, same bytes.

    Question boxes hold the question only (a sign-list question's signs are in the text version
    and the guide, under the question). Outcome boxes show the tier's label in words, the title
    and the linked conditions (``flowchart.diagram_linked``), so the diagram informs on paper
    too. ``link_to`` says where an outcome box links: its card in the text version (default) or
    its first condition's page.
    """
    linked = word(chart.strings, "diagram_linked")
    graph = chart.graph
    ids = _node_ids(graph)
    try:
        order = graph.topological_order()
    except ValueError:
        order = list(graph.nodes)

    out = ["flowchart TD", f"accTitle: {acc_text(title)}", f"accDescr: {acc_text(description)}"]
    out += _node_lines(chart, ids, order, linked)
    out += _edge_lines(graph, ids, order)
    out += _class_lines(chart, ids)
    out += _click_lines(chart, ids, order, link_to)
    return "\n".join(out) + "\n"


def _node_lines(chart: Chart, ids: Mapping[str, str], order: list[str],
                linked: str) -> list[str]:
    """One box per node, in drawing order: rounded for questions, square for outcomes."""
    graph = chart.graph
    lines: list[str] = []
    for nid in order:
        if graph.nodes[nid].kind == "question":
            lines.append(f"{ids[nid]}({label(chart.question(nid))})")
        else:
            lines.append(f"{ids[nid]}[{label(*_outcome_parts(chart, nid, linked))}]")
    return lines


def _outcome_parts(chart: Chart, oid: str, linked: str) -> list[str]:
    """An outcome box's paragraphs: the tier's label in words (colour is never the only cue),
    the title, then the linked conditions (``linked``, the ``diagram_linked`` words), cut to a
    few names.

    A box lists a few names; the text version and the outcome card list them all. (Long lists
    make Mermaid's layout crawl and break its 50,000-character limit.)
    """
    o = chart.graph.outcomes[oid]
    parts = [chart.tier(oid).label, o.title]
    if o.conditions:
        shown = [chart.name(c) for c in o.conditions[:MAX_NAMES_IN_BOX]]
        extra = len(o.conditions) - len(shown)
        if extra > 0:
            shown.append(word(chart.strings, "diagram_more").format(count=extra))
        parts.append(linked.format(conditions=", ".join(shown)))
    return parts


def _edge_lines(graph: Graph, ids: Mapping[str, str], order: list[str]) -> list[str]:
    """One arrow per answer, labelled with the answer, wrapped narrower than box labels
    (see :data:`WRAP_EDGE`); an edge to an unknown node is left out rather than invented."""
    return [f"{ids[nid]} -->|{label(edge.label, width=WRAP_EDGE)}| {ids[edge.target]}"
            for nid in order for edge in graph.out_edges(nid) if edge.target in ids]


def _class_lines(chart: Chart, ids: Mapping[str, str]) -> list[str]:
    """Styles: one ``classDef`` per tier colour actually used (in :data:`COLOUR_STYLES` order,
    so the bytes do not depend on file order), then which nodes wear which class."""
    graph = chart.graph
    colours = sorted({chart.tier(o).colour for o in graph.outcomes},
                     key=list(COLOUR_STYLES).index)
    lines = [f"classDef fcQuestion {QUESTION_STYLE}"]
    lines += [f"classDef {colour_class(colour)} {COLOUR_STYLES[colour]}" for colour in colours]
    questions = [ids[n] for n in graph.questions]
    if questions:
        lines.append(f"class {','.join(questions)} fcQuestion")
    for colour in colours:
        members = [ids[n] for n in graph.outcomes if chart.tier(n).colour == colour]
        lines.append(f"class {','.join(members)} {colour_class(colour)}")
    return lines


def _click_lines(chart: Chart, ids: Mapping[str, str], order: list[str],
                 link_to: Literal["card", "condition"]) -> list[str]:
    """Links on outcome boxes: to the outcome's card on the same page (it lists every condition
    and says to confirm with a professional) or, with ``link_to="condition"``, to the first
    condition's page. A ``"`` would end the Mermaid string, so it is percent-encoded."""
    graph = chart.graph
    lines: list[str] = []
    for nid in order:
        if nid in graph.outcomes:
            conditions = graph.outcomes[nid].conditions
            if link_to == "condition" and conditions:
                target = chart.condition_url(conditions[0])
            else:
                target = "#" + outcome_anchor(nid)
            target = target.replace('"', "%22")
            lines.append(f'click {ids[nid]} href "{target}"')
    return lines
