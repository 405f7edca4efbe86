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

from markupsafe import Markup

from ...text.escape import md_escape
from ...text.inline import prose_html
from ...text.rawhtml import raw_block
from ..fragments import render
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


_VIEW_BOX = re.compile(r'\sviewBox="([-\d. ]+)"')


def _diagram(chart: Chart, svg: str, svg_url: str) -> str:
    """The diagram's figure, or (no drawing: a right-to-left language) why there is none.

    With ``svg_url`` the figure holds an empty ``<svg>`` of the drawing's size and viewBox (its
    place is kept, so nothing moves when the drawing arrives) that the page's script replaces
    with the drawing from ``svg_url``; without scripts the same file is shown as an image."""
    strings = chart.strings
    if not svg:
        return raw_block(render("paragraph.html.j2", name="hb-flowchart-none",
                                text=word(strings, "diagram_unavailable")))
    width, height = svg_size(svg)
    view_box = _VIEW_BOX.search(svg[: svg.index(">")])
    return raw_block(render("flowchart-figure.html.j2", min_width=diagram_min_width(svg),
                            label=word(strings, "diagram_region"),
                            start=node_ids(chart.fc).get(chart.fc.start, ""),
                            # a blank line would end the HTML block
                            svg=Markup(re.sub(r"\n\s*\n", "\n", svg.strip())),
                            src=svg_url, width=width, height=height,
                            view_box=view_box.group(1) if view_box else f"0 0 {width} {height}",
                            alt=word(strings, "diagram_desc"),
                            caption=word(strings, "diagram_caption")))


def flowchart_page_markdown(chart: Chart, *, svg: str, json_url: str,
                            inline_graph: str | None = None, svg_url: str = "") -> str:
    """Markdown for /flowchart/ after the page title. ``svg`` comes from :func:`.svg.render_svg`,
    ``json_url`` is where :func:`.export.graph_json` was written, relative to the page;
    ``inline_graph`` the same JSON, made safe for a ``<script>`` element, for a page that cannot
    fetch it (the offline copy, opened from files). ``svg_url``: where ``svg`` is written
    beside the page, for a page that loads its drawing after its first paint (the hosted
    site); empty, the drawing is in the page."""
    fc = chart.fc
    strings = chart.strings
    intro = (Markup(prose_html(fc.intro, link=chart.link)) if fc.intro
             else word(strings, "intro"))
    blocks = [
        raw_block(render("paragraph.html.j2", name="hb-flowchart-intro", text=intro)),
        raw_block(render("flowchart-guide.html.j2", json_url=json_url,
                         graph=None if inline_graph is None else Markup(inline_graph),
                         heading=word(strings, "guide_heading"),
                         intro=word(strings, "guide_intro"))),
        f"## {md_escape(word(strings, 'diagram_heading'))}",
        _diagram(chart, svg, svg_url),
        f"## {md_escape(word(strings, 'text_heading'))}",
        raw_block(text_version_html(chart)),
    ]
    return "\n\n".join(blocks) + "\n"
