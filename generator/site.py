"""Assemble the whole generated tree: every page, diagram and export, as ``{path: bytes}``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import compare
from .bodymap import load_bodymap, render_condition_map, render_region_picker
from .content import Content
from .render import META_DIR, Renderer, format_date
from .textrules import html_escape as e
from .textrules import json_for_script, md_escape, prose_to_html, prose_to_text

API_VERSION = 1
HANDOUT_OVERVIEW = "overview"
HANDOUT_BOOKLET = "booklet"


def jsonld(content: Content, r: Renderer, slug: str) -> str:
    """schema.org MedicalWebPage about a MedicalCondition, safe inside <script>."""
    c = content.conditions[slug]
    labels = r.region_label
    sources = {x.id: x for x in content.sources.sources}
    reviewer = {"@type": "Organization", "name": c.review.reviewed_by}
    doc = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": c.name,
        "url": r.page_url(f"conditions/{slug}.md"),
        "description": prose_to_text(c.summary),
        "inLanguage": content.site.language,
        "lastReviewed": c.review.last_reviewed.isoformat(),
        "reviewedBy": reviewer,
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": content.site.publisher},
        "citation": [sources[i].url for i in c.sources],
        "about": {
            "@type": "MedicalCondition",
            "name": c.name,
            "alternateName": list(c.also_called),
            "signOrSymptom": [
                {"@type": "MedicalSignOrSymptom", "name": prose_to_text(x)} for x in c.feels_like
            ],
            "associatedAnatomy": [
                {"@type": "AnatomicalStructure", "name": labels[x]}
                for x in [*c.where_felt.main, *c.where_felt.sometimes]
            ],
            "typicalTest": [
                {"@type": "MedicalTest", "name": prose_to_text(x)} for x in c.diagnosis
            ],
        },
    }
    return json_for_script(doc)


def footer_line(content: Content, r: Renderer, slug: str, grade: float) -> str:
    """The small quality line under a condition page: reading level and review dates."""
    c = content.conditions[slug]
    s = r.s["quality_line"]
    return s["line"].format(
        grade=f"{grade:.1f}",
        reviewed=format_date(c.review.last_reviewed),
        due=format_date(c.review.next_review),
    )


def _nav(content: Content, r: Renderer) -> list[Any]:
    # Material prints nav labels without escaping: escape them here (names are plain text).
    s = {k: e(v) for k, v in r.s["nav"].items()}
    entries: list[tuple[float, str, Any]] = []
    for page in content.pages:
        if page.slug == "index":
            continue
        entries.append((page.nav_order, page.title, {e(page.title): f"{page.slug}.md"}))
    groups: list[Any] = ["conditions/index.md"]
    for group in content.site.groups:
        items = content.conditions_in_group(group.id)
        if items:
            entries_ = [{e(c.name): f"conditions/{slug}.md"} for slug, c in
                        sorted(items, key=lambda sc: sc[1].name.lower())]
            groups.append({e(group.title): _nav_sections(entries_)})
    entries.append((4, s["conditions"], {s["conditions"]: groups}))
    entries.append((5, s["compare"], {s["compare"]: "compare.md"}))
    entries.append((6, s["where"], {s["where"]: "where-does-it-hurt.md"}))
    entries.append((7, s["flowchart"], {s["flowchart"]: "flowchart.md"}))
    entries.append((8, s["handouts"], {s["handouts"]: "handouts.md"}))
    entries.sort(key=lambda t: (t[0], t[1]))
    return [{s["home"]: "index.md"}] + [t[2] for t in entries]


NAV_SECTION_MAX = 30
"""Most entries one navigation section lists; a longer group is split into A–Z sections."""


def _nav_sections(entries: list[dict[str, str]]) -> list[Any]:
    """A group's nav entries, split into alphabetical sections when there are too many.

    Material with ``navigation.prune`` renders, on every page, the whole section the page is in.
    A group of 500 conditions made each of their pages carry 500 nav links (~200 KB of HTML a
    page, so the site and its build time grew with N²). Sections of at most
    :data:`NAV_SECTION_MAX` entries, named by guide words like a dictionary's ("Hip – Lumbar
    facet"), keep every page's nav small. Groups that fit stay one flat list, as before.
    """
    if len(entries) <= NAV_SECTION_MAX:
        return list(entries)
    count = -(-len(entries) // NAV_SECTION_MAX)
    size, extra = divmod(len(entries), count)
    chunks: list[list[dict[str, str]]] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        chunks.append(entries[start:end])
        start = end
    names = [[next(iter(entry)) for entry in chunk] for chunk in chunks]
    out: list[Any] = []
    for i, chunk in enumerate(chunks):
        first = _guide_word(names[i][0], names[i - 1][-1] if i else None)
        last = _guide_word(names[i][-1], names[i + 1][0] if i + 1 < len(chunks) else None)
        label = first if first == last else f"{first} – {last}"
        out.append({label: chunk})
    return out


def _guide_word(name: str, neighbour: str | None) -> str:
    """The fewest leading words of ``name`` that tell it apart from ``neighbour``."""
    words = name.split()
    other = neighbour.lower().split() if neighbour else []
    for j in range(1, len(words) + 1):
        if [w.lower() for w in words[:j]] != other[:j]:
            return " ".join(words[:j]).rstrip(",;:")
    return name


def abbreviations(content: Content) -> str:
    """Glossary as Markdown abbreviations: Material shows them as tooltips."""
    lines = []
    for term in sorted(content.glossary.terms, key=lambda t: t.id):
        definition = " ".join(term.definition.split())
        for form in sorted({term.term, *term.also}):
            if "]" in form:
                continue
            lines.append(f"*[{form}]: {definition}")
    return "\n".join(lines) + "\n"


def api_export(content: Content, r: Renderer) -> str:
    """``/api/conditions.json``: versioned, documented in docs/API.md."""
    labels = {x.id: x.label for x in content.regions.regions}
    sources = {x.id: x for x in content.sources.sources}
    conditions = []
    for slug, c in compare.columns(content):
        conditions.append(
            {
                "slug": slug,
                "name": c.name,
                "also_called": list(c.also_called),
                "group": c.group,
                "url": r.page_url(f"conditions/{slug}.md"),
                "handout_url": f"{content.site.public_url}handouts/{slug}.pdf",
                "summary": prose_to_text(c.summary),
                "how_it_causes_hip_pain": prose_to_text(c.how_it_causes_hip_pain),
                "nerves": list(c.nerves),
                "where_felt": {
                    "main": [{"id": x, "label": labels[x]} for x in c.where_felt.main],
                    "sometimes": [{"id": x, "label": labels[x]} for x in c.where_felt.sometimes],
                },
                **{
                    field: [prose_to_text(x) for x in getattr(c, field)]
                    for field in ("feels_like", "worse_with", "better_with", "diagnosis",
                                  "self_care", "treatment")
                },
                "get_help": {
                    "urgent": [prose_to_text(x) for x in c.get_help.urgent],
                    "routine": [prose_to_text(x) for x in c.get_help.routine],
                },
                "compare": {
                    f.id: {
                        "value": cell.value,
                        "text": cell.text,
                        **({"note": cell.note} if cell.note else {}),
                    }
                    for f in content.features.features
                    for cell in [compare.cell(content, c, f)]
                },
                "related": list(c.related),
                "sources": [
                    {"id": i, "title": sources[i].title, "publisher": sources[i].publisher,
                     "url": sources[i].url, "accessed": sources[i].accessed.isoformat()}
                    for i in c.sources
                ],
                "review": {
                    "reviewed_by": c.review.reviewed_by,
                    "last_reviewed": c.review.last_reviewed.isoformat(),
                    "next_review": c.review.next_review.isoformat(),
                },
            }
        )
    doc = {
        "version": API_VERSION,
        "site": {"title": content.site.title, "url": content.site.public_url,
                 "language": content.site.language},
        "features": [
            {"id": f.id, "label": f.label, "group": f.group, "kind": f.kind}
            for f in content.features.features
        ],
        "scale": [{"id": v.id, "label": v.label, "symbol": v.symbol}
                  for v in content.features.scale],
        "regions": [{"id": x.id, "label": x.label, "view": x.view}
                    for x in content.regions.regions],
        "conditions": conditions,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def build_tree(
    content: Content,
    *,
    cache_dir: Path | None = None,
    handout_sizes: Mapping[str, int] | None = None,
) -> dict[str, bytes]:
    """Every generated file, keyed by path relative to the docs folder."""
    r = Renderer(content, cache_dir=cache_dir)
    s = r.s
    bm = load_bodymap(content.bodymap_path)
    labels = r.region_label

    for page in content.pages:
        r.text(f"{page.slug}.md", r.render_page(page.slug, page.title, page.description,
                                                page.body))

    ci = s["conditions_index"]
    r.text("conditions/index.md", r.render_page(
        "conditions/index", ci["title"], ci["description"],
        f"# {md_escape(ci['title'])}\n\n{md_escape(ci['intro'])}\n\n{{{{ conditions }}}}\n"))

    from .quality import page_reading_grades

    grades = page_reading_grades(content)
    sc = s["compare"]
    counts = compare.value_counts(content)
    for slug, cond in sorted(content.conditions.items()):
        main = [labels[x] for x in cond.where_felt.main]
        some = [labels[x] for x in cond.where_felt.sometimes]
        svg = render_condition_map(
            bm,
            main=cond.where_felt.main,
            sometimes=cond.where_felt.sometimes,
            id_prefix=f"map-{slug}",
            title=s["where"]["map_condition_title"].format(name=cond.name),
            description=s["where"]["map_condition_desc"].format(
                main=", ".join(main), sometimes=", ".join(some) or "-"),
            legend_main=s["where"]["legend_main"],
            legend_sometimes=s["where"]["legend_sometimes"],
        )
        extras = {
            "bodymap_svg": svg,
            "compare_excerpt": compare.excerpt_markdown(
                content, slug, strings=sc, link=f"../compare.md#col-{slug}", counts=counts),
            "jsonld": jsonld(content, r, slug),
            "footer_line": footer_line(content, r, slug, grades[f"conditions/{slug}"]),
            "handout": f"../handouts/{slug}.pdf",
        }
        r.text(f"conditions/{slug}.md", r.render_condition(slug, cond, extras))

    # comparison table
    legend = " ".join(
        f'<span class="hb-legend-item"><span aria-hidden="true">{e(v.symbol)}</span> '
        f"{e(v.label)}</span>" for v in content.features.scale
    )
    table = compare.table_html(content, condition_href="../conditions/{slug}/",
                               caption=sc["caption"], strings=sc)
    region_opts = "".join(
        f'<option value="{e(x.id)}">{e(x.label)}</option>' for x in content.regions.regions
    )
    group_opts = "".join(
        f'<option value="{e(g.id)}">{e(g.title)}</option>' for g in content.site.groups
    )
    filter_html = (
        f'<form class="hb-compare-filter" hidden aria-label="{e(sc["filter_heading"])}">'
        f'<label>{e(sc["filter_region"])} <select name="region">'
        f'<option value="">{e(sc["filter_all_regions"])}</option>{region_opts}</select></label> '
        f'<label>{e(sc["filter_group"])} <select name="group">'
        f'<option value="">{e(sc["filter_all_groups"])}</option>{group_opts}</select></label> '
        f'<output role="status" data-template="{e(sc["filter_status"])}"></output></form>'
    )
    body = (
        f"# {md_escape(sc['title'])}\n\n{md_escape(sc['intro'])}\n\n"
        f'<p class="hb-legend"><strong>{e(sc["legend"])}</strong> {legend}</p>\n\n'
        f'<div class="hb-compare" data-hb-compare>\n{filter_html}\n{table}\n</div>\n'
    )
    r.text("compare.md", r.render_page("compare", sc["title"], sc["description"], body,
                                       kind="compare"))

    # where does it hurt
    sw = s["where"]
    picker = render_region_picker(
        bm,
        regions=[(x.id, x.label, f"#region-{x.id}") for x in content.regions.regions],
        id_prefix="hb-picker",
        title=sw["map_title"],
        description=sw["map_desc"],
    )
    sections = []
    rows = []
    for rid, main_slugs, some_slugs in compare.region_index(content):

        def links(slugs: list[str]) -> str:
            if not slugs:
                return e(sw["none"])
            return ", ".join(
                f'<a href="../conditions/{e(x)}/">{e(content.conditions[x].name)}</a>'
                for x in slugs
            )

        region = next(x for x in content.regions.regions if x.id == rid)
        hint = f"<p>{e(region.hint)}</p>" if region.hint else ""
        sections.append(
            f'<section class="hb-region" id="region-{e(rid)}" aria-labelledby="region-{e(rid)}-h">'
            f'<h2 id="region-{e(rid)}-h">{e(region.label)}</h2>{hint}'
            f"<p><strong>{e(sw['main'])}:</strong> {links(main_slugs)}</p>"
            f"<p><strong>{e(sw['sometimes'])}:</strong> {links(some_slugs)}</p></section>"
        )
        rows.append(
            f'<tr><th scope="row">{e(region.label)}</th><td>{links(main_slugs)}</td>'
            f"<td>{links(some_slugs)}</td></tr>"
        )
    body = (
        f"# {md_escape(sw['title'])}\n\n{md_escape(sw['intro'])}\n\n"
        f'<div class="hb-where">\n<figure class="hb-picker">{picker}</figure>\n'
        f'<div class="hb-regions"><p class="hb-pick-hint">{e(sw["pick_hint"])}</p>'
        f'{"".join(sections)}</div>\n'
        f"</div>\n\n"
        f'<div class="hb-table-scroll" tabindex="0" role="region" aria-label="{e(sw["table_caption"])}">'
        f'<table class="hb-region-table" id="hb-region-table"><caption>{e(sw["table_caption"])}</caption>'
        f'<thead><tr><th scope="col">{e(sw["region"])}</th><th scope="col">{e(sw["main"])}</th>'
        f'<th scope="col">{e(sw["sometimes"])}</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f"</table></div>\n"
    )
    r.text("where-does-it-hurt.md", r.render_page("where-does-it-hurt", sw["title"],
                                                  sw["description"], body, kind="where"))

    r.text("handouts.md", handouts_page(content, r, handout_sizes or {}))
    r.text("flowchart.md", flowchart_page(content, r))
    r.text("api/conditions.json", api_export(content, r))
    r.text(f"{META_DIR}/abbreviations.md", abbreviations(content))
    settings = {
        "site_name": e(content.site.title),
        "site_url": content.site.public_url,
        "site_description": e(content.site.description),
        "language": content.site.language,
        "nav": _nav(content, r),
        "copyright": e(content.site.publisher),
        "disclaimer_html": prose_to_html(content.site.disclaimer),
        "strings": {k: s["common"][k] for k in ("print_handout", "disclaimer_heading")},
    }
    r.text(f"{META_DIR}/site.json", json.dumps(settings, ensure_ascii=False, indent=2,
                                                sort_keys=True) + "\n")
    return r.files


def human_size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def handouts_page(content: Content, r: Renderer, sizes: Mapping[str, int]) -> str:
    """The list of PDFs. Links are raw HTML: the PDFs join the site after MkDocs has run."""
    sh = r.s["handouts"]

    def item(name: str, title: str, blurb: str) -> str:
        size = f" ({e(human_size(sizes[name]))})" if name in sizes else ""
        return (
            f'<li><a href="{e(name)}.pdf" download>{e(title)}</a>'
            f'<span class="hb-size">, PDF{size}</span> — {e(blurb)}</li>'
        )

    general = [
        item(HANDOUT_OVERVIEW, sh["overview_title"], sh["overview_blurb"]),
        item(HANDOUT_BOOKLET, sh["booklet_title"], sh["booklet_blurb"]),
    ]
    groups = []
    for group in content.site.groups:
        items = [
            item(slug, c.name, prose_to_text(c.summary).split(". ")[0].rstrip(".") + ".")
            for slug, c in compare.columns(content) if c.group == group.id
        ]
        if items:
            groups.append(f"<h3>{e(group.title)}</h3>\n<ul class=\"hb-handouts\">{''.join(items)}</ul>")
    body = (
        f"# {md_escape(sh['title'])}\n\n{md_escape(sh['intro'])}\n\n"
        f"## {md_escape(sh['general'])}\n\n<ul class=\"hb-handouts\">{''.join(general)}</ul>\n\n"
        f"## {md_escape(sh['per_condition'])}\n\n" + "\n\n".join(groups) + "\n"
    )
    return r.render_page("handouts", sh["title"], sh["description"], body, kind="handouts")


def flowchart_page(content: Content, r: Renderer) -> str:
    """/flowchart/: diagram, guide and text version (see generator.flowchart)."""
    from .flowchart import build_flowchart

    fc = content.flowchart
    built = build_flowchart(content, strings=r.s, cache_dir=r.cache_dir or Path("build/cache"))
    r.text("flowchart/graph.json", built.json)
    intro = " ".join(r.s["flowchart"]["intro"].split())
    return r.render_page("flowchart", fc.title, intro,
                         f"# {md_escape(fc.title)}\n\n" + built.markdown, kind="flowchart")
