"""The decision flowchart: one graph model (:mod:`generator.model.graph`), its checks
(:mod:`generator.checks.flowchart`) and small emitters, one per output: Mermaid source
(:mod:`.mermaid`) rendered to a static SVG (:mod:`.svg`), the text version (:mod:`.text`), the
JSON export (:mod:`.export`) and the page that puts them together (:mod:`.page`).
:func:`build_flowchart` runs them all in one call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...resolve import Resolved
from .chart import Chart, default_condition_url
from .export import graph_json
from .mermaid import to_mermaid
from .page import flowchart_page_markdown
from .svg import clean_svg, render_raw
from .words import word

__all__ = ["Chart", "FlowchartBuild", "build_flowchart"]


@dataclass(frozen=True, kw_only=True)
class FlowchartBuild:
    """Everything the site needs for /flowchart/: write ``json`` to ``flowchart/graph.json``."""

    svg: str
    json: str
    markdown: str
    raw_svg: str  # the renderer's own output (cached); :meth:`svg_as` cleans it for another use

    def svg_as(self, id_prefix: str) -> str:
        """The same diagram with its own ids (a second copy on one page, or in a handout):
        the one cached render serves the site and the PDFs."""
        return clean_svg(self.raw_svg, id_prefix=id_prefix)


def build_flowchart(
    r: Resolved,
    *,
    cache_dir: Path,
    condition_url: Callable[[str], str] = default_condition_url,
    json_url: str = "graph.json",
    id_prefix: str = "hb-fc",
    font_family: str = "Atkinson Hyperlegible, Arial, sans-serif",
) -> FlowchartBuild:
    """Mermaid source, SVG (cached), JSON export and page body for a checked flowchart.

    ``condition_url`` and ``json_url`` are relative to the /flowchart/ page.
    """
    chart = Chart.of(r, condition_url=condition_url)
    source = to_mermaid(chart, title=chart.fc.title,
                        description=word(r.strings, "diagram_desc"))
    raw = render_raw(source, cache_dir=cache_dir, font_family=font_family)
    svg = clean_svg(raw, id_prefix=id_prefix)
    data = graph_json(chart)
    body = flowchart_page_markdown(chart, svg=svg, json_url=json_url)
    return FlowchartBuild(svg=svg, json=data, markdown=body, raw_svg=raw)
