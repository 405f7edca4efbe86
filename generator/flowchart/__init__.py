"""The decision flowchart: one graph model (:mod:`.graph`), its checks (:mod:`.check`) and small
emitters, one per output: Mermaid source (:mod:`.mermaid`) rendered to a static SVG
(:mod:`.svg`), the text version (:mod:`.text`), the JSON export (:mod:`.export`) and the page
that puts them together (:mod:`.page`). :func:`build_flowchart` runs them all in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content import Content
from .export import graph_json
from .mermaid import to_mermaid
from .page import condition_names, flowchart_page_markdown
from .svg import render_svg
from .words import word

__all__ = ["FlowchartBuild", "build_flowchart"]


@dataclass(frozen=True, kw_only=True)
class FlowchartBuild:
    """Everything the site needs for /flowchart/: write ``json`` to ``flowchart/graph.json``."""

    mermaid: str
    svg: str
    json: str
    markdown: str


def build_flowchart(
    content: Content,
    *,
    strings: Mapping[str, Any],
    cache_dir: Path,
    condition_url: Callable[[str], str] = lambda slug: f"../conditions/{slug}/",
    json_url: str = "graph.json",
    id_prefix: str = "hb-fc",
    font_family: str = "Atkinson Hyperlegible, Arial, sans-serif",
) -> FlowchartBuild:
    """Mermaid source, SVG (cached), JSON export and page body for a checked flowchart.

    ``condition_url`` and ``json_url`` are relative to the /flowchart/ page.
    """
    fc = content.flowchart
    names = condition_names(content)
    source = to_mermaid(
        fc,
        condition_names=names,
        condition_url=condition_url,
        title=fc.title,
        description=word(strings, "diagram_desc"),
        strings=strings,
    )
    svg = render_svg(source, cache_dir=cache_dir, id_prefix=id_prefix, font_family=font_family)
    data = graph_json(fc, condition_names=names, condition_url=condition_url, strings=strings)
    body = flowchart_page_markdown(
        content, svg=svg, strings=strings, condition_url=condition_url, json_url=json_url
    )
    return FlowchartBuild(mermaid=source, svg=svg, json=data, markdown=body)
