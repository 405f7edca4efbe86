"""What each handout shows, as plain values for the templates (formatting stays in Jinja).

Every value comes from :class:`generator.resolve.Resolved`; nothing here re-derives cells, names
or the flowchart: the diagram is the one the site renders (:class:`emit.flowchart.FlowchartBuild`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ...model.sitemap import COMPARE, CONDITIONS_INDEX, FLOWCHART
from ...resolve import ConditionMap, Resolved
from ...text.inline import LinkResolver, prose_html
from ...text.siteaddress import is_placeholder
from .. import care
from ..bodymap import render_condition_map
from ..compare import table_html
from ..flowchart import FlowchartBuild
from ..flowchart.chart import Chart
from ..fmt import fill_html
from ..fragments import render
from ..treatment import HTML_CITES, treatment_items
from ..untranslated import against, in_own_direction
from .citations import shown_sources
from .fonts import families

OVERVIEW_TABLE_MAX = 60
"""Up to this many conditions the overview prints the whole comparison table (one column per
condition) and every condition's name in its lists. Above it, WeasyPrint's memory for the table
would pass the 400 MB budget of a worker (about 150 MB + 2 MB a condition, measured), and the
table would be unreadable anyway: the overview then summarises each group instead, names
:data:`NAMES_SHOWN` conditions per list with "and N more", and points to the web page."""

NAMES_SHOWN = 4

PRINT_COLUMNS_MAX = 7
"""The most conditions one printed comparison table holds. With the signs column, eight columns
fill a landscape A4 page in 9.5 pt type with every heading on its own; 19 in one table ran the
names into each other. The overview prints one table per group, small neighbouring groups
side by side and a large group split evenly."""

def listed(r: Resolved, texts: list[str]) -> Markup:
    """Texts comma-separated; the source-language ones each in their own direction, or all
    together when none is translated (so an English list reads left to right as a whole)."""
    if texts and all(r.untranslated(t) or against(r, t) for t in texts):
        return in_own_direction(r, ", ".join(texts))
    return Markup(", ").join(in_own_direction(r, t) for t in texts)


def _qr_svg(url: str, title: str) -> Markup:
    import segno

    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True,
                        title=title, svgclass="qr", lineclass=None)
    return Markup(svg)


def _crop(view: ConditionMap, language: str) -> dict[str, str]:
    """The condition map cropped to the artwork: its built-in legend is far too small on paper.

    The template wraps the map, unchanged, in an outer ``<svg>`` whose viewBox is the artwork's
    own size, so the legend rows below the artwork fall outside it; the handout prints the same
    legend rows (:attr:`ConditionMap.legend`) in HTML at a readable size instead.
    """
    _x, _y, w, h = view.box
    return {"width": f"{w:g}", "height": f"{h:g}", "title": view.title,
            "font": ", ".join(families(language))}


@dataclass(frozen=True, kw_only=True)
class Ctx:
    """What every template needs; built once per ``build_html`` call."""

    r: Resolved
    flowchart: FlowchartBuild

    @property
    def s(self) -> Mapping[str, Any]:
        return self.r.strings

    @property
    def site(self) -> Any:
        return self.r.site

    def page_url(self, slug: str) -> str:
        return self.r.condition_url(slug)

    def url(self, path: str) -> str:
        return self.r.url(path)

    @property
    def online(self) -> bool:
        """False for a placeholder address (example.org): then no address, QR code or link."""
        return not is_placeholder(self.r.site.public_url)

    @property
    def link(self) -> LinkResolver:
        """Links in prose on paper: pages of the site become their full public address."""
        return self.r.links.public_resolver(self.r.site.public_url if self.online else None)

    def prose(self, text: str) -> Markup:
        return Markup(prose_html(text, link=self.link))


def _rows(cards: list[tuple[str, int]], per_row: int) -> Markup:
    """Care cards laid out for paper: a long card on a row of its own, the others ``per_row`` to
    a row (a card alone on its row sets its list in two columns). Each row is a small flex box
    that moves to the next page whole; one flex box around every card would move them all
    (WeasyPrint does not split flex lines)."""
    rows: list[list[str]] = []
    current: list[str] = []
    for html, count in cards:
        if count >= care.LONG_LIST:
            if current:
                rows.append(current)
                current = []
            rows.append([html])
            continue
        current.append(html)
        if len(current) == per_row:
            rows.append(current)
            current = []
    if current:
        rows.append(current)
    return Markup(render("care-rows.html.j2", rows=[[Markup(x) for x in row] for row in rows]))


def red_flags(ctx: Ctx, *, id_prefix: str) -> Markup:
    """The red-flag box of every handout: the on-every-page sign lists as care cards."""
    lists = care.by_urgency(ctx.r.everywhere)
    return _rows([(care.sign_list_card(sl, link=ctx.link, id_prefix=id_prefix), len(sl.signs))
                  for sl in lists], 1)


def condition_view(ctx: Ctx, slug: str, *, prefix: str) -> dict[str, Any]:
    r = ctx.r
    s = ctx.s
    cond = r.conditions[slug]
    view = r.maps[slug]
    svg = render_condition_map(r.bodymap, view, id_prefix=f"{prefix}map-{slug}")
    url = ctx.page_url(slug)
    clinical, signed = r.clinical_line(slug)
    return {
        "slug": slug,
        "c": cond,
        "anchor": f"condition-{slug}",
        "group_title": r.group_title(cond.group),
        "main_regions": listed(r, [r.region_label(x) for x in cond.where_felt.main]),
        "sometimes_regions": listed(r, [r.region_label(x) for x in cond.where_felt.sometimes]),
        "map_svg": Markup(svg),
        "crop": _crop(view, ctx.site.language),
        "legend": view.legend,
        "url": url,
        "qr_svg": _qr_svg(url, s["pdf"]["qr_title"].format(url=url)) if ctx.online else None,
        "sources": shown_sources(r.sources, cond.sources, ctx.link),
        "sides": s["condition"][f"sides_{cond.where_felt.sides}"],
        "red_flags": red_flags(ctx, id_prefix=f"condition-{slug}-"),
        "get_help": _rows([
            (care.get_help_card(t, items, strings=s, link=ctx.link,
                                id_prefix=f"condition-{slug}-"), len(items))
            for t, items in r.get_help(slug)], 3),
        "treatment": treatment_items(r, slug, HTML_CITES, link=ctx.link),
        "clinical": {"signed": signed, "text": clinical},
    }


def summarised(ctx: Ctx) -> bool:
    """Whether the overview summarises (see :data:`OVERVIEW_TABLE_MAX`)."""
    return len(ctx.r.conditions) > OVERVIEW_TABLE_MAX


def _names(ctx: Ctx, names: list[str]) -> list[Markup]:
    """A list of names as printed: all of them, or the first few and "and N more"."""
    marked = [in_own_direction(ctx.r, n) for n in names]
    if not summarised(ctx) or len(names) <= NAMES_SHOWN:
        return marked
    more = ctx.s["pdf"]["overview"]["and_more"]
    shown = Markup(", ").join(marked[:NAMES_SHOWN])
    return [Markup(fill_html(more, names=shown, count=str(len(names) - NAMES_SHOWN)))]


def _region_rows(ctx: Ctx) -> list[dict[str, Any]]:
    """For each region someone feels pain in: the conditions felt there mainly, by group."""
    r = ctx.r
    groups = [g.id for g in ctx.site.groups]
    rows = []
    for rid, main, _some in r.regions:
        if not main:
            continue
        by_group = {
            g: _names(ctx, [r.conditions[s].name for s in main if r.conditions[s].group == g])
            for g in groups
        }
        rows.append({"label": in_own_direction(r, r.region_label(rid)), "by_group": by_group})
    return rows


def _group_summaries(ctx: Ctx) -> list[dict[str, Any]]:
    """Each group with its conditions and the areas where they are most often felt."""
    regions = ctx.r.content.regions.regions
    order = {x.id: i for i, x in enumerate(regions)}
    out = []
    for group in ctx.site.groups:
        items = ctx.r.in_group(group.id)
        if not items:
            continue
        counts: dict[str, int] = {}
        for _s, c in items:
            for x in c.where_felt.main:
                counts[x] = counts.get(x, 0) + 1
        # Areas named by at least half of the group's conditions, in body order.
        common = [x for x in sorted(counts, key=lambda x: order[x])
                  if counts[x] * 2 >= len(items)]
        out.append({
            "id": group.id,
            "title": group.title,
            "regions": listed(ctx.r, [ctx.r.region_label(x) for x in common]),
            "clues": _clues(ctx, group.id),
            "conditions": _names(ctx, [c.name for _s, c in items]),
            "count": len(items),
        })
    return out


def _clues(ctx: Ctx, group: str, limit: int = 5) -> list[str]:
    """Scale features that set a group apart, from the comparison data (never hand-written).

    A feature is a clue for a group when at least 40% of the group's conditions rate it with the
    scale's first value (for example "common") and that share is at least 30 points higher than
    among the other conditions.
    """
    r = ctx.r
    top = r.content.features.scale[0].id
    mine = [s for s, c in r.columns() if c.group == group]
    others = [s for s, c in r.columns() if c.group != group]
    if not mine:
        return []
    scored = []
    for index, feature in enumerate(r.content.features.features):
        if feature.kind != "scale":
            continue

        def share(slugs: list[str], fid: str = feature.id) -> float:
            if not slugs:
                return 0.0
            return sum(r.cell(s, fid).value == top for s in slugs) / len(slugs)

        a, b = share(mine), share(others)
        if a >= 0.4 and a - b >= 0.3:
            scored.append((-(a - b), index, f"{feature.group}: {feature.label}"))
    return [text for *_rank, text in sorted(scored)[:limit]]


def _flow_numbers(ctx: Ctx) -> tuple[list[Any], dict[str, int], dict[str, int]]:
    """Questions in reading order (each after every question that leads to it), and numbers."""
    fc = ctx.r.content.flowchart
    by_id = {q.id: q for q in fc.questions}
    order = [n for n in ctx.r.graph.topological_order() if n in by_id]
    questions = [by_id[n] for n in order]
    q_number = {q.id: i for i, q in enumerate(questions, 1)}
    o_number = {o.id: i for i, o in enumerate(fc.outcomes, 1)}
    return questions, q_number, o_number


def _steps(ctx: Ctx) -> list[dict[str, Any]]:
    """The flowchart in words: every question, the signs it asks about right under it (never
    "the signs listed below", pages away), and where each answer leads."""
    so = ctx.s["pdf"]["overview"]
    chart = Chart.of(ctx.r, condition_url=ctx.page_url, link=ctx.link)
    questions, q_number, o_number = _flow_numbers(ctx)
    steps = []
    for q in questions:
        answers = []
        for a in q.answers:
            if a.next in q_number:
                target = so["to_question"].format(number=q_number[a.next])
            else:
                o = chart.graph.outcomes[a.next]
                target = so["to_outcome"].format(number=o_number[a.next], title=o.title)
            answers.append({"label": so["step_answer"].format(answer=a.label), "target": target})
        help_text = chart.help(q.id)
        steps.append({
            "number": q_number[q.id],
            "question": chart.question(q.id),
            "help": ctx.prose(help_text) if help_text else None,
            "signs": [ctx.prose(x) for x in chart.signs(q.id)],
            "answers": answers,
        })
    return steps


def _linked(and_more: str, items: list[tuple[str, str]], more: int) -> Markup:
    """Names as links (words only without a URL), comma-separated, then "and N more"."""
    links = render("names.html.j2", items=items)
    return Markup(fill_html(and_more, names=links, count=str(more)) if more else links)


def _outcomes(ctx: Ctx) -> list[dict[str, Any]]:
    """Every end of the flowchart, numbered, with its tier in words and the printed URLs."""
    names = {slug: in_own_direction(ctx.r, c.name) for slug, c in ctx.r.conditions.items()}
    so = ctx.s["pdf"]["overview"]
    out = []
    for i, o in enumerate(ctx.r.content.flowchart.outcomes, 1):
        tier = ctx.r.tier(o.tier)
        linked = [slug for slug in o.conditions if slug in names]
        shown = linked if not summarised(ctx) else linked[:NAMES_SHOWN]
        out.append({
            "number": so["outcome_number"].format(number=i),
            "tier": tier,
            "badge": Markup(care.badge_html(tier)),
            "title": o.title,
            "action": ctx.prose(tier.action),
            "text": ctx.prose(o.text),
            "conditions": [{"name": names[slug], "url": ctx.page_url(slug)} for slug in shown],
            "linked": _linked(so["and_more"], [(names[x], ctx.page_url(x) if ctx.online
                                               else "") for x in shown], len(linked) - len(shown)),
        })
    return out


def print_columns(columns: list[tuple[str, str]], most: int = PRINT_COLUMNS_MAX
                  ) -> list[list[str]]:
    """The printed comparison tables' columns from (slug, group) in table order: each group
    split into even parts of at most ``most``, then neighbouring parts joined while they fit."""
    groups: dict[str, list[str]] = {}
    for slug, group in columns:
        groups.setdefault(group, []).append(slug)
    parts: list[list[str]] = []
    for slugs in groups.values():
        count = -(-len(slugs) // most)  # parts this group needs
        size = -(-len(slugs) // count)
        parts += [slugs[i:i + size] for i in range(0, len(slugs), size)]
    tables: list[list[str]] = []
    for part in parts:
        if tables and len(tables[-1]) + len(part) <= most:
            tables[-1] = tables[-1] + part
        else:
            tables.append(part)
    return tables


def _print_tables(ctx: Ctx) -> str:
    """The overview's comparison tables (:data:`PRINT_COLUMNS_MAX`), each id kept once."""
    href = ctx.page_url if ctx.online else None
    chunks = print_columns([(slug, cond.group) for slug, cond in ctx.r.columns()])
    return "".join(table_html(ctx.r, condition_href=href, only=chunk,
                              ids=f"t{i}-" if len(chunks) > 1 else "")
                   for i, chunk in enumerate(chunks, 1))


def overview_view(ctx: Ctx, url: str) -> dict[str, Any]:
    summary = summarised(ctx)
    table = "" if summary else _print_tables(ctx)
    legend = [{"symbol": v.symbol, "label": v.label} for v in ctx.r.content.features.scale]
    return {
        "summary": summary,
        "count": len(ctx.r.conditions),
        "groups": _group_summaries(ctx),
        "group_heads": [{"id": g.id, "title": g.title} for g in ctx.site.groups
                        if ctx.r.in_group(g.id)],
        "region_rows": _region_rows(ctx),
        "table": Markup(table),
        "legend": legend,
        "compare_url": ctx.r.page_url(COMPARE),
        "flowchart": ctx.r.content.flowchart,
        # Links in an SVG cannot be clicked on paper: the outcomes are printed with their URLs.
        # no diagram where the renderer cannot set the script (right to left): the template
        # says so in paper's words (the steps below give the same questions)
        "flowchart_svg": Markup(ctx.flowchart.svg_as("pdf-fc")) if ctx.flowchart.raw_svg else "",
        "flowchart_url": ctx.r.page_url(FLOWCHART),
        "outcomes": _outcomes(ctx),
        "steps": _steps(ctx),
        "red_flags": red_flags(ctx, id_prefix="overview-"),
        # Links in an SVG cannot be clicked on paper: every condition an outcome names is
        # printed once here with its address (the outcomes name them).
        "condition_pages": [] if summary else [
            {"name": in_own_direction(ctx.r, c.name), "url": ctx.page_url(slug)}
            for slug, c in ctx.r.columns()
            if any(slug in o.conditions for o in ctx.r.content.flowchart.outcomes)
        ],
        "conditions_url": ctx.r.page_url(CONDITIONS_INDEX),
        "url": url,
    }


