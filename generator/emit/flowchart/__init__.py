"""The decision flowchart: one graph model (:mod:`generator.model.graph`), its checks
(:mod:`generator.checks.flowchart`) and small emitters, one per output: Mermaid source
(:mod:`.mermaid`) rendered to a static SVG (:mod:`.svg`), the text version (:mod:`.text`), the
JSON export (:mod:`.export`) and the page that puts them together (:mod:`.page`).
:func:`build_flowchart` runs them all in one call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ...model.sitemap import FLOWCHART_DATA, FLOWCHART_DIAGRAM, Place, UrlStyle
from ...resolve import Resolved
from ...text.escape import json_for_script
from .chart import PAGE, Chart
from .export import graph_json
from .mermaid import to_mermaid
from .page import flowchart_page_markdown
from .svg import clean_svg, render_raw
from .words import word

__all__ = ["Chart", "FlowchartBuild", "build_flowchart"]


@dataclass(frozen=True, kw_only=True)
class FlowchartBuild:
    """Everything the site needs for /flowchart/: write ``json`` to ``flowchart/graph.json`` and,
    when ``svg_file`` is set, ``svg`` to ``flowchart/diagram.svg`` (the page loads it from there)."""

    svg: str
    json: str
    markdown: str
    raw_svg: str  # the renderer's own output (cached); :meth:`svg_as` cleans it for another use
    svg_file: bool = False

    def svg_as(self, id_prefix: str) -> str:
        """The same diagram with its own ids (a second copy on one page, or in a handout):
        the one cached render serves the site and the PDFs."""
        return clean_svg(self.raw_svg, id_prefix=id_prefix)


def build_flowchart(
    r: Resolved,
    *,
    cache_dir: Path,
    id_prefix: str = "hb-fc",
    font_family: str = "Atkinson Hyperlegible Next, Arial, sans-serif",
) -> FlowchartBuild:
    """Mermaid source, SVG (cached), JSON export and page body for a checked flowchart.

    In a language written right to left there is no diagram (``svg`` and ``raw_svg`` are
    empty): Mermaid's layout wraps such text by width and splits words apart. The page says so,
    and its guide and text version give the same steps. The page names the JSON by its address
    (``flowchart/graph.json``, from the site map); the offline copy, opened from files where a
    page cannot fetch, carries it in the page too.

    The drawing (about 100 KB, half the page) is not in the hosted page: it is its own file
    (``flowchart/diagram.svg``) that the page's script puts in place once the page has loaded.
    In the page it would make the first paint wait for a second round trip of the page's
    download and for the layout of some 800 drawing elements (Lighthouse: first paint 1.5 s on
    a slow phone, against 1.1 s for the other pages). The offline copy keeps it in the page.
    """
    chart = Chart.of(r)
    raw = svg = ""
    if r.direction == "ltr":  # the renderer breaks right-to-left words apart: no diagram there
        source = to_mermaid(chart, title=chart.fc.title,
                            description=word(r.strings, "diagram_desc"))
        raw = render_raw(source, cache_dir=cache_dir, font_family=font_family)
        svg = clean_svg(raw, id_prefix=id_prefix)
    data = graph_json(chart)
    json_url = r.links.href(PAGE, r.links.data(PAGE, FLOWCHART_DATA), place=Place.PAGE)
    offline = r.links.style is UrlStyle.FILES
    inline = json_for_script(json.loads(data)) if offline else None
    svg_url = ("" if offline or not svg else
               r.links.href(PAGE, r.links.data(PAGE, FLOWCHART_DIAGRAM), place=Place.PAGE))
    body = flowchart_page_markdown(chart, svg=svg, json_url=json_url, inline_graph=inline,
                                   svg_url=svg_url)
    return FlowchartBuild(svg=svg, json=data, markdown=body, raw_svg=raw, svg_file=bool(svg_url))
