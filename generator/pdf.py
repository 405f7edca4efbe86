"""PDF handouts: our own Jinja2 HTML and print CSS, rendered by WeasyPrint, cached and in parallel.

Three kinds of handout come out of the same templates (``generator/pdf_templates/``):

* one per condition (``<slug>``), at most 2 pages: summary, body map, signs, what helps, the shared
  "get help now" box, a QR code back to the web page, review dates, sources and the disclaimer;
* ``overview``: how back and hip pain differ, the comparison table on a landscape page, the
  flowchart with a printed list of where each answer leads (SVG links cannot be clicked on paper),
  and the warning signs;
* ``booklet``: a cover, a table of contents with page numbers, the overview, every condition and
  every source.

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
  on output: plain text with :func:`textrules.html_escape`, prose with
  :func:`textrules.prose_to_html`; only markup built by trusted code is marked safe.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import compare
from .bodymap import (
    HATCH_BG,
    HATCH_LINE,
    MAIN_FILL,
    MAIN_STROKE,
    BodyMap,
    load_bodymap,
    render_condition_map,
)
from .content import Content
from .model import Condition
from .render import format_date
from .strings import load_strings
from .textrules import html_escape, prose_to_html, prose_to_text

__all__ = [
    "BOOKLET",
    "OVERVIEW",
    "Handouts",
    "HandoutError",
    "build_html",
    "handout_names",
    "render_handouts",
]

OVERVIEW = "overview"
BOOKLET = "booklet"

TEMPLATES = Path(__file__).resolve().parent / "pdf_templates"
FONT_DIR = Path(__file__).resolve().parents[1] / "overrides" / "assets" / "fonts"
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FACES: tuple[tuple[int, str, str], ...] = (
    (400, "normal", "AtkinsonHyperlegible-Regular.woff2"),
    (700, "normal", "AtkinsonHyperlegible-Bold.woff2"),
    (400, "italic", "AtkinsonHyperlegible-Italic.woff2"),
    (700, "italic", "AtkinsonHyperlegible-BoldItalic.woff2"),
)
"""One full font file per style: WeasyPrint garbles glyphs when a family is split into subsets."""

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (``pdfinfo`` says ``Tagged: yes``); adds no dates or random ids of its own."""

RENDER_VERSION = "2"
"""Bump when the WeasyPrint call changes in a way the HTML does not show (invalidates the cache)."""

MAX_CONDITION_PAGES = 2
"""A condition handout is one sheet of paper, printed on both sides."""

_CACHE_NAME = re.compile(r"^(?P<name>.+)-(?P<key>[0-9a-f]{20})\.pdf$")

_log = logging.getLogger(__name__)


class HandoutError(Exception):
    """A handout could not be made (bad name, missing font, WeasyPrint failure)."""


# --------------------------------------------------------------------------------------------
# Names


def handout_names(content: Content) -> list[str]:
    """Every handout name: condition slugs (sorted), then ``overview`` and ``booklet``."""
    clash = sorted({OVERVIEW, BOOKLET} & set(content.conditions))
    if clash:
        raise HandoutError(
            f'a condition is called "{clash[0]}", which is also the name of a general handout '
            f"(/handouts/{clash[0]}.pdf); rename conditions/{clash[0]}.yml."
        )
    return sorted(content.conditions) + [OVERVIEW, BOOKLET]


# --------------------------------------------------------------------------------------------
# HTML


def _css_string(value: str) -> str:
    """A double-quoted CSS string, safe inside an HTML ``<style>`` element.

    Quotes, backslashes, ``<``, ``>``, ``&`` and control characters become CSS hex escapes, so
    no content value can end the string or the style element (``</style>``).
    """
    out = []
    for ch in value:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _page_of(template: str) -> str:
    """``"Page {page} of {pages}"`` as a CSS content list with the page counters filled in."""
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts) or '""'


def _finalize(value: object) -> object:
    """Every ``{{ … }}`` is escaped unless trusted code marked it as markup."""
    if isinstance(value, Markup):
        return value
    return html_escape(str(value))


def _prose(value: str) -> Markup:
    return Markup(prose_to_html(value))


def _short_url(url: str) -> str:
    """A URL as printed on paper: without the scheme (readers type it into a browser)."""
    return re.sub(r"^https?://", "", url)


def _url_parts(url: str) -> Markup:
    """A printed URL that may wrap only after a "/", never at a hyphen inside a name.

    Each piece is a no-wrap span; the text is unchanged, so copying it gives the real address.
    """
    pieces = re.findall(r"[^/]*/|[^/]+", _short_url(url))
    return Markup("".join(f'<span class="url-part">{html_escape(p)}</span>' for p in pieces))


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # escaping happens in _finalize, with the project's own html_escape
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["prose"] = _prose
    env.filters["date"] = format_date
    env.filters["css_string"] = lambda v: Markup(_css_string(str(v)))
    env.filters["short_url"] = _short_url
    env.filters["url_parts"] = _url_parts
    env.filters["fmt"] = lambda template, **kw: str(template).format(**kw)
    return env


def _font_faces() -> list[dict[str, Any]]:
    faces = []
    for weight, style, filename in FONT_FACES:
        path = FONT_DIR / filename
        if not path.is_file():
            raise HandoutError(f"the handout font {path} is missing; restore it from git.")
        faces.append({"weight": weight, "style": style, "url": path.as_uri()})
    return faces


def _qr_svg(url: str, title: str) -> Markup:
    import segno

    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True,
                        title=title, svgclass="qr", lineclass=None)
    return Markup(svg)


def _without_legend(bm: BodyMap, svg: str, title: str) -> Markup:
    """The condition map cropped to the artwork: its built-in legend is far too small on paper.

    The map is wrapped, unchanged, in an outer ``<svg>`` whose viewBox is the artwork's own size,
    so the legend rows below the artwork fall outside it; the handout prints a legend in HTML at
    a readable size instead.
    """
    _x, _y, w, h = (float(p) for p in bm.view_box.split())
    size = f'viewBox="0 0 {w:g} {h:g}" width="{w:g}" height="{h:g}"'
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bodymap-crop" {size} role="img" '
        f'font-family="{FONT_FAMILY}" '
        f'aria-label="{html_escape(title)}"><title>{html_escape(title)}</title>{svg}</svg>'
    )


def _swatch(kind: str) -> Markup:
    """A small legend key drawn like the map's own regions (solid, or hatched)."""
    box = 'x="0.5" y="0.5" width="25" height="15"'
    if kind == "main":
        body = f'<rect {box} fill="{MAIN_FILL}" stroke="{MAIN_STROKE}"/>'
    else:
        lines = "".join(
            f'<path d="M{i} 16L{i + 16} 0" stroke="{HATCH_LINE}" stroke-width="2.2"/>'
            for i in range(-16, 26, 6)
        )
        body = (
            f'<rect {box} fill="{HATCH_BG}"/>{lines}'
            f'<rect {box} fill="none" stroke="{HATCH_LINE}"/>'
        )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="swatch" viewBox="0 0 26 16" '
        f'width="26" height="16" aria-hidden="true">{body}</svg>'
    )


@dataclass(frozen=True, kw_only=True)
class _Ctx:
    """What every template needs; built once per ``build_html`` call."""

    content: Content
    s: Mapping[str, Any]
    bodymap: BodyMap
    cache_dir: Path

    @property
    def site(self) -> Any:
        return self.content.site

    def page_url(self, slug: str) -> str:
        return f"{self.site.public_url}conditions/{slug}/"

    def url(self, path: str) -> str:
        return f"{self.site.public_url}{path}"


def _intro_text(ctx: _Ctx) -> str:
    site = ctx.site
    intro = ctx.content.red_flags.intro
    for key in ("emergency_number", "emergency_label", "urgent_number", "urgent_label"):
        intro = intro.replace("{" + key + "}", getattr(site, key))
    return intro


def _red_flags(ctx: _Ctx) -> dict[str, Any]:
    site = ctx.site
    label = site.emergency_label
    number_line = (
        ""
        if site.emergency_number in label
        else ctx.s["pdf"]["emergency_number"].format(number=site.emergency_number)
    )
    return {
        "heading": ctx.s["pdf"]["red_flags_heading"],
        "intro": _intro_text(ctx),
        "flags": [f.text for f in ctx.content.red_flags.flags],
        "call": label,
        "number_line": number_line,
    }


def _condition_view(ctx: _Ctx, slug: str, cond: Condition, *, prefix: str) -> dict[str, Any]:
    s = ctx.s
    labels = {r.id: r.label for r in ctx.content.regions.regions}
    main = [labels[r] for r in cond.where_felt.main]
    some = [labels[r] for r in cond.where_felt.sometimes]
    map_title = s["where"]["map_condition_title"].format(name=cond.name)
    svg = render_condition_map(
        ctx.bodymap,
        main=cond.where_felt.main,
        sometimes=cond.where_felt.sometimes,
        id_prefix=f"{prefix}map-{slug}",
        title=map_title,
        description=s["where"]["map_condition_desc"].format(
            main=", ".join(main), sometimes=", ".join(some) or "-"),
        legend_main=s["where"]["legend_main"],
        legend_sometimes=s["where"]["legend_sometimes"],
    )
    url = ctx.page_url(slug)
    by_id = {src.id: src for src in ctx.content.sources.sources}
    group = next(g for g in ctx.site.groups if g.id == cond.group)
    return {
        "slug": slug,
        "c": cond,
        "anchor": f"condition-{slug}",
        "group_title": group.title,
        "main_regions": ", ".join(main),
        "sometimes_regions": ", ".join(some),
        "map_svg": _without_legend(ctx.bodymap, svg, map_title),
        "legend": [
            {"swatch": _swatch("main"), "label": s["where"]["legend_main"]},
            *([{"swatch": _swatch("sometimes"), "label": s["where"]["legend_sometimes"]}]
              if some else []),
        ],
        "url": url,
        "qr_svg": _qr_svg(url, s["pdf"]["qr_title"].format(url=url)),
        "sources": [by_id[i] for i in cond.sources],
    }


def _region_rows(ctx: _Ctx) -> list[dict[str, Any]]:
    """For each region someone feels pain in: the conditions felt there mainly, by group."""
    names = {slug: c.name for slug, c in ctx.content.conditions.items()}
    groups = [g.id for g in ctx.site.groups]
    rows = []
    for region in ctx.content.regions.regions:
        main = [s for s, c in compare.columns(ctx.content) if region.id in c.where_felt.main]
        if not main:
            continue
        by_group = {
            g: [names[s] for s in main if ctx.content.conditions[s].group == g] for g in groups
        }
        rows.append({"label": region.label, "by_group": by_group})
    return rows


def _group_summaries(ctx: _Ctx) -> list[dict[str, Any]]:
    """Each group with its conditions and the areas where they are most often felt."""
    labels = {r.id: r.label for r in ctx.content.regions.regions}
    order = {r.id: i for i, r in enumerate(ctx.content.regions.regions)}
    out = []
    for group in ctx.site.groups:
        items = [(s, c) for s, c in compare.columns(ctx.content) if c.group == group.id]
        if not items:
            continue
        counts: dict[str, int] = {}
        for _s, c in items:
            for r in c.where_felt.main:
                counts[r] = counts.get(r, 0) + 1
        # Areas named by at least half of the group's conditions, in body order.
        common = [r for r in sorted(counts, key=lambda r: order[r])
                  if counts[r] * 2 >= len(items)]
        out.append({
            "id": group.id,
            "title": group.title,
            "regions": ", ".join(labels[r] for r in common),
            "clues": _clues(ctx, group.id),
            "conditions": [c.name for _s, c in items],
        })
    return out


def _clues(ctx: _Ctx, group: str, limit: int = 5) -> list[str]:
    """Scale features that set a group apart, from the comparison data (never hand-written).

    A feature is a clue for a group when at least 40% of the group's conditions rate it with the
    scale's first value (for example "common") and that share is at least 30 points higher than
    among the other conditions.
    """
    top = ctx.content.features.scale[0].id
    mine = [c for _s, c in compare.columns(ctx.content) if c.group == group]
    others = [c for _s, c in compare.columns(ctx.content) if c.group != group]
    if not mine:
        return []
    scored = []
    for index, feature in enumerate(ctx.content.features.features):
        if feature.kind != "scale":
            continue

        def share(conds: list[Condition], f: Any = feature) -> float:
            if not conds:
                return 0.0
            return sum(compare.cell(ctx.content, c, f).value == top for c in conds) / len(conds)

        a, b = share(mine), share(others)
        if a >= 0.4 and a - b >= 0.3:
            scored.append((-(a - b), index, f"{feature.group}: {feature.label}"))
    return [text for *_rank, text in sorted(scored)[:limit]]


def _flowchart_svg(ctx: _Ctx) -> Markup:
    """The decision flowchart as static SVG; its labels are real text that pdftotext finds.

    Links in an SVG cannot be clicked in a PDF, so the handout prints the outcomes with their
    URLs beside it (:func:`_outcomes`). The call matches ``flowchart.build_flowchart`` (the web
    page's diagram), so both share one cached render: Mermaid takes many seconds a diagram.
    """
    from .flowchart.mermaid import to_mermaid
    from .flowchart.svg import render_svg
    from .flowchart.words import word

    fc = ctx.content.flowchart
    names = {slug: c.name for slug, c in ctx.content.conditions.items()}
    source = to_mermaid(
        fc,
        condition_names=names,
        condition_url=ctx.page_url,
        title=fc.title,
        description=word(ctx.s, "diagram_desc"),
        strings=ctx.s,
    )
    svg = render_svg(source, cache_dir=ctx.cache_dir, id_prefix="pdf-fc",
                     font_family=f"{FONT_FAMILY}, Arial, sans-serif")
    return Markup(svg)


def _flow_numbers(ctx: _Ctx) -> tuple[list[Any], dict[str, int], dict[str, int]]:
    """Questions in reading order (each after every question that leads to it), and numbers."""
    from .flowchart.graph import Graph

    fc = ctx.content.flowchart
    by_id = {q.id: q for q in fc.questions}
    order = [n for n in Graph.from_flowchart(fc).topological_order() if n in by_id]
    questions = [by_id[n] for n in order]
    q_number = {q.id: i for i, q in enumerate(questions, 1)}
    o_number = {o.id: i for i, o in enumerate(fc.outcomes, 1)}
    return questions, q_number, o_number


def _steps(ctx: _Ctx) -> list[dict[str, Any]]:
    """The flowchart in words: every question with where each answer leads."""
    so = ctx.s["pdf"]["overview"]
    questions, q_number, o_number = _flow_numbers(ctx)
    titles = {o.id: o.title for o in ctx.content.flowchart.outcomes}
    steps = []
    for q in questions:
        answers = []
        for a in q.answers:
            if a.next in q_number:
                target = so["to_question"].format(number=q_number[a.next])
            else:
                target = so["to_outcome"].format(number=o_number[a.next], title=titles[a.next])
            answers.append({"label": so["step_answer"].format(answer=a.label), "target": target})
        steps.append({"number": q_number[q.id], "question": q.question, "help": q.help,
                      "answers": answers})
    return steps


def _outcomes(ctx: _Ctx) -> list[dict[str, Any]]:
    """Every end of the flowchart, numbered, with its action in words and the printed URLs."""
    from .flowchart.words import action_labels

    names = {slug: c.name for slug, c in ctx.content.conditions.items()}
    actions = action_labels(ctx.s)
    so = ctx.s["pdf"]["overview"]
    return [
        {
            "number": so["outcome_number"].format(number=i),
            "action": o.action,
            "action_label": actions[o.action],
            "title": o.title,
            "text": o.text,
            "conditions": [
                {"name": names[slug], "url": ctx.page_url(slug)}
                for slug in o.conditions if slug in names
            ],
        }
        for i, o in enumerate(ctx.content.flowchart.outcomes, 1)
    ]


def _overview_view(ctx: _Ctx) -> dict[str, Any]:
    s = ctx.s
    table = compare.table_html(
        ctx.content,
        condition_href=ctx.site.public_url + "conditions/{slug}/",
        caption=s["compare"]["caption"],
        strings=s["compare"],
    )
    legend = [{"symbol": v.symbol, "label": v.label} for v in ctx.content.features.scale]
    return {
        "groups": _group_summaries(ctx),
        "group_heads": [{"id": g.id, "title": g.title} for g in ctx.site.groups
                        if ctx.content.conditions_in_group(g.id)],
        "region_rows": _region_rows(ctx),
        "table": Markup(table),
        "legend": legend,
        "compare_url": ctx.url("compare/"),
        "flowchart": ctx.content.flowchart,
        "flowchart_svg": _flowchart_svg(ctx),
        "flowchart_url": ctx.url("flowchart/"),
        "outcomes": _outcomes(ctx),
        "steps": _steps(ctx),
        "url": ctx.url(f"handouts/{OVERVIEW}.pdf"),
    }


def _review_range(content: Content) -> tuple[Any, Any, Any]:
    reviewed = [c.review.last_reviewed for c in content.conditions.values()]
    due = [c.review.next_review for c in content.conditions.values()]
    return min(reviewed), max(reviewed), min(due)


def _document(
    ctx: _Ctx,
    *,
    kind: str,
    template: str,
    title: str,
    subject: str,
    keywords: Iterable[str],
    created: Any,
    modified: Any,
    **extra: Any,
) -> str:
    s = ctx.s
    site = ctx.site
    paper = "A4" if site.paper_size == "A4" else "letter"
    label = s["pdf"]["booklet"]["label"] if kind == BOOKLET else s["pdf"]["handout"]
    css = _env().get_template("handout.css.j2").render(
        paper=paper,
        font_family=FONT_FAMILY,
        faces=_font_faces(),
        page_of=Markup(_page_of(s["pdf"]["page_of"])),
        header_left=f"{site.title} · {label}",
    )
    return _env().get_template(template).render(
        kind=kind,
        lang=site.language,
        title=title,
        subject=subject,
        author=site.publisher,
        keywords=", ".join(dict.fromkeys(k for k in keywords if k)),
        created=created.isoformat(),
        modified=modified.isoformat(),
        css=Markup(css),
        s=s,
        site=site,
        rf=_red_flags(ctx),
        **extra,
    )


def _condition_html(ctx: _Ctx, slug: str) -> str:
    cond = ctx.content.conditions[slug]
    s = ctx.s
    view = _condition_view(ctx, slug, cond, prefix="")
    return _document(
        ctx,
        kind="condition",
        template="condition.html.j2",
        title=s["pdf"]["doc_title"].format(name=cond.name, site=ctx.site.title),
        subject=prose_to_text(cond.summary),
        keywords=[cond.name, *cond.also_called, view["group_title"], ctx.site.title,
                  s["pdf"]["handout"]],
        created=cond.review.last_reviewed,
        modified=cond.review.last_reviewed,
        cond=view,
    )


def _overview_html(ctx: _Ctx) -> str:
    s = ctx.s
    so = s["pdf"]["overview"]
    first, last, _due = _review_range(ctx.content)
    return _document(
        ctx,
        kind=OVERVIEW,
        template="overview.html.j2",
        title=s["pdf"]["doc_title"].format(name=so["title"], site=ctx.site.title),
        subject=so["subject"],
        keywords=[ctx.site.title, so["title"], *(g.title for g in ctx.site.groups),
                  s["pdf"]["handout"]],
        created=first,
        modified=last,
        ov=_overview_view(ctx),
    )


def _booklet_html(ctx: _Ctx) -> str:
    s = ctx.s
    sb = s["pdf"]["booklet"]
    first, last, due = _review_range(ctx.content)
    conditions = [
        _condition_view(ctx, slug, cond, prefix="b-")
        for slug, cond in compare.columns(ctx.content)
    ]
    reviewed = (
        sb["reviewed_on"].format(date=format_date(first))
        if first == last
        else sb["reviewed_range"].format(first=format_date(first), last=format_date(last))
    )
    used = {i for c in ctx.content.conditions.values() for i in c.sources}
    sources = sorted(
        (src for src in ctx.content.sources.sources if src.id in used),
        key=lambda x: (x.publisher.lower(), x.title.lower()),
    )
    return _document(
        ctx,
        kind=BOOKLET,
        template="booklet.html.j2",
        title=sb["doc_title"].format(site=ctx.site.title),
        subject=sb["subject"],
        keywords=[ctx.site.title, *(c["c"].name for c in conditions), sb["label"]],
        created=first,
        modified=last,
        ov=_overview_view(ctx),
        conditions=conditions,
        reviewed=reviewed,
        next_due=sb["next_due"].format(date=format_date(due)),
        all_sources=sources,
    )


def build_html(
    content: Content, *, cache_dir: Path, only: str | None = None
) -> dict[str, str]:
    """The finished HTML of every handout (or only one), keyed by handout name.

    Pure apart from the flowchart SVG cache: the same content gives the same strings.
    """
    names = handout_names(content)
    if only is not None and only not in names:
        raise HandoutError(f'there is no handout "{only}"; choose one of {", ".join(names)}.')
    wanted = [only] if only is not None else names
    ctx = _Ctx(
        content=content,
        s=load_strings(content.site.language),
        bodymap=load_bodymap(content.bodymap_path),
        cache_dir=cache_dir,
    )
    out: dict[str, str] = {}
    for name in wanted:
        if name == OVERVIEW:
            out[name] = _overview_html(ctx)
        elif name == BOOKLET:
            out[name] = _booklet_html(ctx)
        else:
            out[name] = _condition_html(ctx, name)
    return out


# --------------------------------------------------------------------------------------------
# Cache


def _weasyprint_version() -> str:
    # from the package metadata: importing WeasyPrint here would change ElementTree's global
    # namespace prefixes for the rest of the build (see _run)
    return importlib.metadata.version("weasyprint")


def environment_fingerprint(paper_size: str) -> str:
    """Everything besides the HTML that can change a PDF's bytes, as one hex digest."""
    h = hashlib.sha256()
    h.update(f"weasyprint={_weasyprint_version()}\0variant={PDF_VARIANT}\0".encode())
    h.update(f"render={RENDER_VERSION}\0paper={paper_size}\0".encode())
    for _weight, _style, filename in FONT_FACES:
        path = FONT_DIR / filename
        data = path.read_bytes() if path.is_file() else b""
        h.update(filename.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def cache_key(html: str, fingerprint: str) -> str:
    """The cache key of one handout: its HTML (CSS inlined) plus the environment fingerprint."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + html.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Rendering


class Handouts(dict[str, Path]):
    """Handout name → finished PDF in the cache, plus what happened (for tests and summaries).

    ``rendered`` lists the handouts WeasyPrint made in this call, ``cached`` those reused from
    the cache, ``seconds`` and ``pages`` the render time and page count of each rendered one,
    and ``compact`` the condition handouts that needed the compact layout to fit.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rendered: list[str] = []
        self.cached: list[str] = []
        self.seconds: dict[str, float] = {}
        self.pages: dict[str, int] = {}
        self.compact: list[str] = []


@dataclass(frozen=True)
class _Job:
    name: str
    html: str
    base_url: str
    out: str
    max_pages: int | None = None  # try ``compact`` when the first layout is longer than this
    compact: str | None = None


@dataclass(frozen=True)
class _Done:
    name: str
    seconds: float
    pages: int
    compact: bool


def _compact(html: str) -> str:
    """The same handout in its compact style (see ``.compact`` in handout.css.j2)."""
    return html.replace('<body class="doc-condition">', '<body class="doc-condition compact">', 1)


def _quiet_weasyprint() -> None:
    # Mermaid SVGs make WeasyPrint warn about many harmless, ignored stroke properties.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def _render_job(job: _Job) -> _Done:
    """Worker: turn one HTML string into a PDF file (written atomically).

    A handout with a page limit that comes out too long is laid out once more with its compact
    style (tighter spacing, same type size) before it is written.
    """
    from weasyprint import HTML

    _quiet_weasyprint()
    start = time.perf_counter()
    document = HTML(string=job.html, base_url=job.base_url).render()
    compact = False
    if job.max_pages and job.compact and len(document.pages) > job.max_pages:
        document = HTML(string=job.compact, base_url=job.base_url).render()
        compact = True
    out = Path(job.out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return _Done(name=job.name, seconds=time.perf_counter() - start,
                 pages=len(document.pages), compact=compact)


class _Progress:
    """A one-line progress bar on stderr (``\\r`` updates), shown only when asked for."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled and total > 0
        self.width = 24
        if self.enabled:
            self._draw("")

    def _draw(self, name: str) -> None:
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"\rhandouts [{bar}] {self.done}/{self.total} {name}"
        sys.stderr.write(line[:79].ljust(79))
        sys.stderr.flush()

    def step(self, name: str) -> None:
        self.done += 1
        if self.enabled:
            self._draw(name)

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _run(jobs: list[_Job], workers: int, progress: _Progress, result: Handouts) -> None:
    """Render ``jobs`` in worker processes, never in this one.

    WeasyPrint registers XML namespace prefixes globally when it is imported (among them ""),
    which changes how other modules serialise ElementTree output in the same process (the
    flowchart SVG came out as ``<ns0:svg>``). Keeping WeasyPrint out of the parent keeps the
    rest of the build unaffected, even for a single handout.
    """
    if not jobs:
        return
    # Longest first (the booklet), so the pool is not left waiting for it at the end.
    jobs = sorted(jobs, key=lambda j: (-len(j.html), j.name))
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        pending: dict[Future[_Done], _Job] = {
            pool.submit(_render_job, job): job for job in jobs
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: pending[f].name):
                job = pending.pop(fut)
                try:
                    done_job = fut.result()
                except Exception as exc:
                    for other in pending:
                        other.cancel()
                    raise HandoutError(
                        f"could not render the handout {job.name}: {exc}"
                    ) from exc
                result.rendered.append(done_job.name)
                result.seconds[done_job.name] = done_job.seconds
                result.pages[done_job.name] = done_job.pages
                if done_job.compact:
                    result.compact.append(done_job.name)
                progress.step(done_job.name)


def _prune(folder: Path, keep: Mapping[str, Path]) -> None:
    """Remove older cached versions of the handouts just produced (other names are left alone)."""
    kept = {p.name for p in keep.values()}
    for path in folder.iterdir():
        m = _CACHE_NAME.match(path.name)
        if m and m.group("name") in keep and path.name not in kept:
            path.unlink(missing_ok=True)


def render_handouts(
    content: Content,
    *,
    cache_dir: Path,
    only: str | None = None,
    progress: bool = False,
    workers: int | None = None,
) -> Handouts:
    """Render every handout (or only ``only``); return name → finished PDF inside the cache.

    A handout whose cache key is already in ``cache_dir/handouts`` is not rendered again. The
    rest are rendered in parallel on ``workers`` processes (default: one per CPU), with a
    progress bar on stderr when ``progress`` is true.
    """
    htmls = build_html(content, cache_dir=cache_dir, only=only)
    folder = cache_dir / "handouts"
    folder.mkdir(parents=True, exist_ok=True)
    fingerprint = environment_fingerprint(content.site.paper_size)
    base_url = TEMPLATES.as_uri() + "/"
    result = Handouts()
    jobs: list[_Job] = []
    for name, html in htmls.items():
        path = folder / f"{name}-{cache_key(html, fingerprint)[:20]}.pdf"
        result[name] = path
        if path.is_file():
            result.cached.append(name)
        elif name in content.conditions:
            jobs.append(_Job(name=name, html=html, base_url=base_url, out=str(path),
                             max_pages=MAX_CONDITION_PAGES, compact=_compact(html)))
        else:
            jobs.append(_Job(name=name, html=html, base_url=base_url, out=str(path)))
    bar = _Progress(len(jobs), progress)
    try:
        _run(jobs, workers or os.cpu_count() or 1, bar, result)
    finally:
        bar.close()
    _prune(folder, result)
    result.rendered.sort()
    result.cached.sort()
    result.compact.sort()
    for name in result.rendered:
        if name in content.conditions and result.pages[name] > MAX_CONDITION_PAGES:
            sys.stderr.write(
                f"warning: the {name} handout has {result.pages[name]} pages (at most "
                f"{MAX_CONDITION_PAGES} fit on one sheet); shorten the lists in "
                f"conditions/{name}.yml.\n"
            )
    return result
