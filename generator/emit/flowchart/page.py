"""The body of the /flowchart/ page: intro, step-by-step guide, diagram, text version.

Order matters for readers: the guide comes first (one question at a time is the easiest way in),
then the whole diagram, then the same steps in words. Without JavaScript the guide's container
stays ``hidden`` and the page still has everything: the diagram, and the text version that
screen readers and printouts use. Section headings are Markdown (``##``) so they reach the page's
table of contents; everything else is raw HTML blocks that start at column 0 with no blank lines
inside, which Python-Markdown and other engines pass through as they are.
"""

from __future__ import annotations

import re

from ...text.escape import html_escape, md_escape
from ...text.inline import prose_html
from ...text.rawhtml import raw_block
from ..fmt import NOT_SEARCHED
from .chart import Chart
from .mermaid import node_ids
from .svg import svg_size
from .text import text_version_html
from .words import word

MIN_SCALE = 0.75
"""The diagram never shrinks below 75 % of its drawn size (16 px labels stay at least 12 px)."""

MIN_WIDTH = 640
"""…and never below 640 px wide unless it is smaller than that; a phone scrolls it sideways."""


def diagram_min_width(svg: str) -> int:
    """Narrowest the diagram may be drawn while staying legible (see :data:`MIN_SCALE`)."""
    width, _ = svg_size(svg)
    return min(width, max(MIN_WIDTH, round(width * MIN_SCALE)))


def _graph_script(graph: str) -> str:
    return f'<script type="application/json" class="hb-guide__graph">{graph}</script>'


def flowchart_page_markdown(chart: Chart, *, svg: str, json_url: str,
                            inline_graph: str | None = None) -> str:
    """Markdown for /flowchart/ after the page title. ``svg`` comes from :func:`.svg.render_svg`,
    ``json_url`` is where :func:`.export.graph_json` was written, relative to the page;
    ``inline_graph`` the same JSON, made safe for a ``<script>`` element, for a page that cannot
    fetch it (the offline copy, opened from files)."""
    fc = chart.fc
    strings = chart.strings
    intro = (prose_html(fc.intro, link=chart.link) if fc.intro
             else html_escape(word(strings, "intro")))
    start_node = node_ids(fc).get(fc.start, "")
    min_width = diagram_min_width(svg)
    region = (
        f'aria-label="{html_escape(word(strings, "diagram_region"))}" '
        f'data-hb-start="{html_escape(start_node)}"'
    )
    blocks = [
        raw_block(f'<p class="hb-flowchart-intro">{intro}</p>'),
        raw_block("\n".join(
            [
                f'<div class="hb-guide" data-graph="{html_escape(json_url)}" hidden>',
                *([_graph_script(inline_graph)] if inline_graph is not None else []),
                f'<h2 class="hb-guide__heading">{html_escape(word(strings, "guide_heading"))}</h2>',
                f'<p class="hb-guide__intro">{html_escape(word(strings, "guide_intro"))}</p>',
                '<div class="hb-guide__body"></div>',
                "</div>",
            ]
        )),
        f"## {md_escape(word(strings, 'diagram_heading'))}",
        raw_block("\n".join(
            [
                f'<figure class="hb-flowchart" style="--hb-flowchart-min: {min_width}px">',
                # the labels would reach search as "YesNoYesNo…": the caption below and the
                # text version carry the words instead
                (f'<div class="hb-flowchart__scroll" tabindex="0" role="region" {region}'
                 f"{NOT_SEARCHED}>"),
                re.sub(r"\n\s*\n", "\n", svg.strip()),  # a blank line would end the HTML block
                "</div>",
                f"<figcaption>{html_escape(word(strings, 'diagram_caption'))}</figcaption>",
                "</figure>",
            ]
        )),
        f"## {md_escape(word(strings, 'text_heading'))}",
        raw_block(text_version_html(chart)),
    ]
    return "\n\n".join(blocks) + "\n"
