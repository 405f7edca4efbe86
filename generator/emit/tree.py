"""Stage 5 — emit: the whole generated docs tree, as ``{path: bytes}``. Nothing is written here.

Every emitter only formats resolved data; this module puts their output at its place in the
tree, with the first use of each glossary term on every page marked (:mod:`.glossary`). The
same resolved content always gives the same bytes, so the writer can skip files whose bytes did
not change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from markupsafe import Markup

from ..model.sitemap import (
    COMPARE,
    CONDITIONS_INDEX,
    FLOWCHART,
    FLOWCHART_DATA,
    FLOWCHART_DIAGRAM,
    HANDOUTS,
    HAZARD_LOG_PAGE,
    HOW_WE_CHECK,
    WHERE,
    Place,
    condition_page,
)
from ..resolve import Resolved
from ..text.escape import md_escape
from ..text.jsontext import indented_json
from .api import api_export
from .bodymap import condition_map
from .compare import excerpt_markdown
from .flowchart import FlowchartBuild
from .glossary import GlossaryMarker
from .hazard_log import hazard_log_page
from .how_we_check import how_we_check_page
from .jsonld import jsonld
from .markdown.renderer import META_DIR, Renderer
from .nav import site_settings
from .pages import compare_page, conditions_index, handouts_page, where_page
from .pdf.volumes import volumes
from .untranslated import mark_page


def build_tree(
    r: Resolved,
    flowchart: FlowchartBuild,
    *,
    handout_sizes: Mapping[str, int] | None = None,
    handouts: Collection[str] | None = None,
    sink: Callable[[str, bytes], None] | None = None,
) -> dict[str, bytes]:
    """Every generated file, keyed by path relative to the docs folder.

    ``handouts``: the handouts the site will hold (``None``: all of them). A page links only to
    these: a build without new handouts (``--no-pdf``) may not have them all, and the built
    site's link check fails on any link to a file it does not have. ``sink``: each file is
    handed to it as it is made, and not kept (the dict returned is then empty): the build
    writes the tree that way (``write.TreeWriter``) rather than hold all of it.
    """
    m = Renderer(r, sink)
    marker = GlossaryMarker(r.content.glossary)

    def page(path: str, markdown: str) -> None:
        m.text(path, marker.mark(markdown))

    for p in r.content.pages:
        page(f"{p.slug}.md", m.render_page(p.slug, p.title, p.description, mark_page(r, p.body)))
    page(CONDITIONS_INDEX, conditions_index(m))
    _conditions(m, marker, sorted(r.conditions), handouts)
    page(COMPARE, compare_page(m))
    page(WHERE, where_page(m))
    page(HANDOUTS, handouts_page(m, handout_sizes or {}, volumes(r.order),
                                      linked=handouts))
    page(FLOWCHART, flowchart_page(m, flowchart))
    m.text(r.links.data(FLOWCHART, FLOWCHART_DATA), flowchart.json)
    if flowchart.svg_file:
        m.text(r.links.data(FLOWCHART, FLOWCHART_DIAGRAM), flowchart.svg)
    page(HOW_WE_CHECK, how_we_check_page(m))
    page(HAZARD_LOG_PAGE, hazard_log_page(m))
    m.text("api/conditions.json", api_export(r, handouts=handouts))
    m.text(f"{META_DIR}/site.json",
           indented_json(site_settings(r)) + "\n")
    return m.files


def condition_pages(r: Resolved, slugs: Iterable[str]) -> dict[str, bytes]:
    """Just these conditions' pages, byte for byte as :func:`build_tree` makes them (a preview
    shows an edited page first and regenerates the rest of the tree after it)."""
    m = Renderer(r)
    _conditions(m, GlossaryMarker(r.content.glossary), sorted(slugs))
    return m.files


def _conditions(m: Renderer, marker: GlossaryMarker, slugs: Iterable[str],
                handouts: Collection[str] | None = None) -> None:
    for slug in slugs:
        extras = condition_extras(m.r, slug, handout=handouts is None or slug in handouts)
        m.text(condition_page(slug), marker.mark(
            m.render_condition(slug, m.r.conditions[slug], extras)))


def condition_extras(r: Resolved, slug: str, *, handout: bool = True) -> dict[str, str | bool]:
    """What a condition page shows besides its own fields: map, comparison, JSON-LD, footer,
    and the handout the theme links (``handout``: its path from the site root; empty when
    the site has none for it)."""
    return {
        "bodymap_svg": condition_map(r, slug, id_prefix=f"map-{slug}"),
        "compare_excerpt": Markup(excerpt_markdown(r, slug, link=r.links.href(condition_page(slug), COMPARE, f"col-{slug}",
                                                     Place.MARKDOWN))),
        "jsonld": jsonld(r, slug),
        "footer_line": r.review_line(slug),
        "handout": r.links.handout(slug) if handout else "",
    }


def flowchart_page(m: Renderer, built: FlowchartBuild) -> str:
    """/flowchart/: diagram, guide and text version (see :mod:`.flowchart`)."""
    fc = m.content.flowchart
    intro = " ".join(m.s["flowchart"]["intro"].split())
    return m.render_page("flowchart", fc.title, intro,
                         f"# {md_escape(fc.title)}\n\n" + built.markdown, kind="flowchart")
