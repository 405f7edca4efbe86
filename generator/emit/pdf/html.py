"""Handout HTML: our own Jinja2 templates and print CSS, one document per handout.

Three kinds of handout are laid out from these templates (``templates/``):

* one per condition (``<slug>``), at most 2 pages: summary, body map, signs, what helps, the shared
  "get help now" box, a QR code back to the web page, review dates, sources and the disclaimer;
* ``overview``: how the groups differ, the comparison table on a landscape page (a per-group
  summary above :data:`views.OVERVIEW_TABLE_MAX` conditions), the flowchart with a printed list of
  where each answer leads (SVG links cannot be clicked on paper), and the warning signs;
* ``hazard-log``, for clinical safety officers, not readers: the body of /hazard-log/
  (:mod:`generator.emit.hazard_log`) on landscape pages.

The booklet is not laid out as one document: only its cover and contents are (``booklet.py``),
and the finished handouts are joined behind them (``publish/pdfjoin.py``).

Why it is built this way:

* The HTML is rendered in the parent process (cheap, milliseconds) and only the WeasyPrint step
  (about 0.35 s a page pair) goes to worker processes, so workers need nothing but a string.
* The cache key is the SHA-256 of the finished HTML (the CSS is inlined, so it is part of it), the
  font files, the WeasyPrint version, the PDF variant and the paper size: an unchanged handout is
  never rendered twice, and anything that can change the bytes changes the key.
* Output is byte-identical for the same content: the PDF dates come from the review dates in the
  content (never the clock), and the PDF/UA-1 variant adds no random ids (PDF/X-4 and later would).
* All reader-facing words come from the ``pdf:`` section of the strings file (and the shared
  sections the web pages use, so print and web say the same thing). Every content value is escaped
  on output: plain text with :func:`generator.text.escape.html_escape` (the ``finalize`` hook),
  prose with :func:`generator.text.inline.prose_html` and the handout's link resolver (pages of
  the site become full public addresses: a PDF has no "current page"); only markup built by
  trusted code is marked safe.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup

from ...model.content import Content
from ...model.sitemap import (
    BOOKLET,
    HAZARD_LOG,
    HAZARD_LOG_PAGE,
    OVERVIEW,
    handout_file,
)
from ...resolve import Resolved, format_date
from ...text.escape import css_string, html_escape
from ...text.inline import prose_html, prose_plain
from ..bodymap import legend_key_svg
from ..flowchart import FlowchartBuild
from ..fragments import render
from ..hazard_log import hazard_log_html
from .fonts import FONT_DIR, TEMPLATES, faces, font_stack
from .views import Ctx, condition_view, overview_view

MAX_CONDITION_PAGES = 2
"""A condition handout is one sheet of paper, printed on both sides."""

class HandoutError(Exception):
    """A handout could not be made (bad name, missing font, WeasyPrint failure)."""


# --------------------------------------------------------------------------------------------
# HTML


def _page_of(template: str) -> str:
    """``"Page {page} of {pages}"`` as a CSS content list with the page counters filled in."""
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or '""'


def _finalize(value: object) -> object:
    """Every ``{{ … }}`` is escaped with the project's own :func:`html_escape` unless trusted code
    marked it as markup (the environment autoescapes as well, so nothing escapes it twice or
    lets it through unescaped)."""
    if isinstance(value, Markup):
        return value
    return Markup(html_escape(str(value)))


@jinja2.pass_context
def _prose(context: Context, value: str) -> Markup:
    """Prose as HTML, links resolved by the document's ``link`` (see :attr:`views.Ctx.link`)."""
    return Markup(prose_html(value, link=context["link"]))


@jinja2.pass_context
def _date(context: Context, value: Any) -> str:
    """A date as the handout's readers write it (its ``lang``: "7 Rhagfyr 2026")."""
    return format_date(value, context["lang"])


def _short_url(url: str) -> str:
    """A URL as printed on paper: without the scheme (readers type it into a browser)."""
    return re.sub(r"^https?://", "", url)


def _url_parts(url: str) -> Markup:
    """A printed URL that may wrap only after a "/", never at a hyphen inside a name.

    Each piece is a no-wrap span; the text is unchanged, so copying it gives the real address.
    """
    pieces = re.findall(r"[^/]*/|[^/]+", _short_url(url))
    return Markup(render("url-parts.html.j2", pieces=pieces))


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # and _finalize escapes with the project's own html_escape first
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["prose"] = _prose
    env.filters["date"] = _date
    env.filters["css_string"] = lambda v: Markup(css_string(str(v)))
    env.filters["short_url"] = _short_url
    env.filters["url_parts"] = _url_parts
    env.filters["fmt"] = lambda template, **kw: str(template).format(**kw)
    return env


def _font_faces(language: str) -> list[dict[str, Any]]:
    """The ``@font-face`` rules of a handout in ``language`` (:mod:`.fonts`)."""
    out = []
    for face in faces(language):
        path = FONT_DIR / face.file
        if not path.is_file():
            raise HandoutError(f"the handout font {path} is missing; restore it from git.")
        # relative to the base URL: no path of this machine in the HTML (or the cache key)
        out.append({"family": face.family, "weight": face.weight, "style": face.style,
                    "url": f"{FONT_DIR.name}/{face.file}"})
    return out


SWATCH_KINDS = ("main", "sometimes")


def swatch_uri(kind: str) -> str:
    """A legend key drawn like the map's own regions (solid, or hatched), as a ``data:`` URI.

    The handout CSS sets it as the background of its legend row: WeasyPrint tags an inline SVG
    as a /Figure (which needs alt text a screen reader would read out before the row's own
    words), while backgrounds are artifacts. Only trusted constants go in (base64 has no
    character that needs escaping in CSS or HTML)."""
    svg = legend_key_svg(kind)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def review_range(content: Content) -> tuple[Any, Any, Any]:
    reviewed = [c.review.last_reviewed for c in content.conditions.values()]
    due = [c.review.next_review for c in content.conditions.values()]
    return min(reviewed), max(reviewed), min(due)


def document(
    ctx: Ctx,
    *,
    kind: str,
    template: str,
    title: str,
    subject: str,
    keywords: Iterable[str],
    created: Any,
    modified: Any,
    compact: bool = False,
    **extra: Any,
) -> str:
    """A handout's finished HTML; ``compact``: its tighter style (``.compact`` in
    handout.css.j2), for a handout that comes out longer than its page limit."""
    s = ctx.s
    site = ctx.site
    paper = "A4" if site.paper_size == "A4" else "letter"
    label = (s["pdf"]["booklet"]["label"] if kind == BOOKLET else
             s["hazard_log"]["label"] if kind == HAZARD_LOG else s["pdf"]["handout"])
    css = _env().get_template("handout.css.j2").render(
        paper=paper,
        font_stack=Markup(font_stack(site.language)),
        faces=_font_faces(site.language),
        rtl=ctx.r.direction == "rtl",
        page_of=Markup(_page_of(s["pdf"]["page_of"])),
        header_left=f"{site.title} · {label}",
        swatches={kind: swatch_uri(kind) for kind in SWATCH_KINDS},
    )
    return _env().get_template(template).render(
        kind=kind,
        lang=site.language,
        dir=ctx.r.direction,
        title=title,
        subject=subject,
        author=site.publisher,
        keywords=", ".join(dict.fromkeys(k for k in keywords if k)),
        created=created.isoformat(),
        modified=modified.isoformat(),
        css=Markup(css),
        s=s,
        site=site,
        link=ctx.link,
        online=ctx.online,
        compact=compact,
        translation=ctx.r.translator_line,  # None in the source language
        **extra,
    )


def _condition_html(ctx: Ctx, slug: str, *, compact: bool = False) -> str:
    cond = ctx.r.conditions[slug]
    s = ctx.s
    view = condition_view(ctx, slug, prefix="")
    return document(
        ctx,
        kind="condition",
        template="condition.html.j2",
        title=s["pdf"]["doc_title"].format(name=cond.name, site=ctx.site.title),
        subject=prose_plain(cond.summary),
        keywords=[cond.name, *cond.also_called, view["group_title"], ctx.site.title,
                  s["pdf"]["handout"]],
        created=cond.review.last_reviewed,
        modified=cond.review.last_reviewed,
        compact=compact,
        cond=view,
    )


def _overview_html(ctx: Ctx) -> str:
    s = ctx.s
    so = s["pdf"]["overview"]
    first, last, _due = review_range(ctx.r.content)
    return document(
        ctx,
        kind=OVERVIEW,
        template="overview.html.j2",
        title=s["pdf"]["doc_title"].format(name=so["title"], site=ctx.site.title),
        subject=so["subject"],
        keywords=[ctx.site.title, so["title"], *(g.title for g in ctx.site.groups),
                  s["pdf"]["handout"]],
        created=first,
        modified=last,
        ov=overview_view(ctx, ctx.url(handout_file(OVERVIEW))),
    )


def _hazard_log_html(ctx: Ctx) -> str:
    """The hazard log for clinical safety officers (the same body as /hazard-log/)."""
    s = ctx.s["hazard_log"]
    first, last, _due = review_range(ctx.r.content)
    return document(
        ctx,
        kind=HAZARD_LOG,
        template="hazard-log.html.j2",
        title=ctx.s["pdf"]["doc_title"].format(name=s["title"], site=ctx.site.title),
        subject=s["description"],
        keywords=[ctx.site.title, s["title"], "DCB0129"],
        created=first,
        modified=last,
        url=ctx.r.page_url(HAZARD_LOG_PAGE),
        log=Markup(hazard_log_html(ctx.r)),
    )


def compact_html(r: Resolved, flowchart: FlowchartBuild, slug: str) -> str:
    """A condition handout in its compact style: laid out when the usual one is longer than
    :data:`MAX_CONDITION_PAGES` (the same words, tighter spacing)."""
    return _condition_html(Ctx(r=r, flowchart=flowchart), slug, compact=True)


_COMPACT_BODY = '<body class="doc-condition compact">'


def tight_html(compact: str) -> str:
    """The compact handout one step tighter (``.tight`` in handout.css.j2: body type half a
    point smaller, less space between lines), laid out only when the compact one is still too
    long: a translation runs longer than the text the content limits were measured on (Welsh
    about a fifth longer than English)."""
    if _COMPACT_BODY not in compact:
        raise HandoutError("a tight layout is made from a compact condition handout")
    return compact.replace(_COMPACT_BODY, '<body class="doc-condition compact tight">', 1)


def build_html(
    r: Resolved,
    flowchart: FlowchartBuild,
    *,
    only: str | None = None,
    names: Iterable[str] | None = None,
) -> dict[str, str]:
    """The finished HTML of every laid-out handout (the conditions, the overview and the hazard
    log), or of
    ``only`` one, or of ``names``, keyed by handout name. The booklet is made of these.

    Pure: the same content gives the same strings.
    """
    known = r.links.handouts  # the site map's names
    laid_out = [n for n in known if n in r.content.conditions or n in (OVERVIEW, HAZARD_LOG)]
    if only is not None and only not in known:
        raise HandoutError(f'there is no handout "{only}"; choose one of {", ".join(known)}.')
    wanted = [only] if only is not None else list(names) if names is not None else laid_out
    ctx = Ctx(r=r, flowchart=flowchart)
    out: dict[str, str] = {}
    for name in wanted:
        if name == OVERVIEW:
            out[name] = _overview_html(ctx)
        elif name == HAZARD_LOG:
            out[name] = _hazard_log_html(ctx)
        elif name in r.content.conditions:
            out[name] = _condition_html(ctx, name)
        else:
            raise HandoutError(f'the handout "{name}" is not laid out from HTML (it is joined).')
    return out


