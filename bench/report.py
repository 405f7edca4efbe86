"""Turn the raw results into the handout estimate, the target verdicts and the printed table."""

from __future__ import annotations

from typing import Any

GENERATOR_STAGES = ("load", "model", "checks", "render", "write")
"""The issue's "load + check + render + write" (``hipback generate``): the stages summed for
the generator's own share."""
SITE_STAGES = (*GENERATOR_STAGES, "quality", "mkdocs", "post")
"""Everything ``hipback build --no-pdf`` does, stage by stage."""

GENERATOR_SHARE_MAX = 0.10
LINEARITY_MAX = 1.3
HANDOUT_OVERHEAD_MAX = 1.2
"""'Near WeasyPrint's own cost' taken as: a handout costs the build at most 20 % more than
WeasyPrint alone takes for the same HTML."""
SPEEDUP_MIN = 1.7
STOCK_RATIO_MAX = 1.5
"""Issue 16: MkDocs builds the generated docs in at most 1.5× a stock Material build of the same
number of pages of similar prose (bench/stock.py)."""
BEFORE_RATIO_MAX = 0.5
"""Issue 16: the whole site build at N=1,000 at most half of what it took when the issue was
filed, in the same run (bench/before.py: the same docs with the per-page abbreviation pass)."""
BUILD_RATIO_MAX = 1.3
"""Issue 25: ``hipback build --no-pdf`` in one process at most 1.3× the sum of the stage rows
(what the build adds to them: the markup fix, the stylesheet merge and prune, sitemap dates and
the compressed copies, on a cold compression cache as the bench's one build has)."""
FLOWCHART_COLD_MAX_S = 5.0
"""Issue 16: the cold render of the bundled flowchart's diagram takes at most 5 s."""
PEAK_MB_MAX = 400.0
PREVIEW_MAX_S = 2.0
"""Issue 16: the browser shows a saved edit within 2 s (write → served HTML)."""

LABELS: dict[str, str] = {
    "load": "load: YAML → data + positions",
    "model": "model: pydantic",
    "checks": "checks: cross-file + flowchart",
    "quality": "quality rules (hipback build runs)",
    "render": "render: Markdown, SVG, JSON",
    "write": "write: changed files only",
    "mkdocs": "MkDocs build (project config)",
    "post": "CSP + link check",
    "baseline": "baseline: plain MkDocs+Material",
    "stock": "stock Material, same pages as prose",
    "before": "MkDocs as before issue 16 (abbr pass)",
    "build": "hipback build --no-pdf, one process",
}


def size_entries(result: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return sorted(((int(n), e) for n, e in result["sizes"].items()), key=lambda t: t[0])


def stage_sum(entry: dict[str, Any], stages: tuple[str, ...], key: str) -> float:
    return float(sum(entry["stages"][s][key] for s in stages))


def sample_of(result: dict[str, Any]) -> dict[str, Any] | None:
    for _n, entry in size_entries(result):
        sample = entry.get("handouts", {}).get("sample")
        if sample:
            return dict(sample)
    return None


def estimate_handouts(result: dict[str, Any]) -> None:
    """Handouts for every size: measured where all were rendered, else extrapolated.

    The extrapolation takes the per-handout cost of the sample, the overview measured at that
    size, and the booklet measured at that size or, above ``booklet_max``, scaled by page count
    from the largest size where it was measured (assumes WeasyPrint's cost per page stays flat,
    which is optimistic for a very long document).
    """
    sample = sample_of(result)
    measured_booklets = [
        (n, e["handouts"]["full"]["booklet"]) for n, e in size_entries(result)
        if e.get("handouts", {}).get("full", {}).get("booklet", {}).get("seconds")
    ]
    for n, entry in size_entries(result):
        handouts = entry.get("handouts", {})
        if "full" in handouts:
            handouts["summary"] = _measured_summary(handouts["full"])
        elif sample is not None and "general" in handouts:
            handouts["summary"] = _extrapolated_summary(n, handouts["general"], sample,
                                                        measured_booklets)


def _measured_summary(full: dict[str, Any]) -> dict[str, Any]:
    """The summary of a size where every handout was rendered: the numbers as measured."""
    return {
        "how": "measured",
        "peak_main_mb": full["cold"]["peak_mb"],
        "peak_worker_mb": full["cold"]["children_peak_mb"],
        "total_wall": full["cold"]["wall"],
        "booklet_s": full["booklet"]["seconds"],
        "booklet_pages": full["booklet"]["pages"],
        "overview_s": full["overview"]["seconds"],
        "overview_pages": full["overview"]["pages"],
    }


def _booklet_at(n: int, general: dict[str, Any],
                measured_booklets: list[tuple[int, dict[str, Any]]]) -> tuple[float, int, str]:
    """The booklet's seconds, pages and how they were found: measured at this size, else
    scaled by page count from the largest size it was measured at, else not known."""
    if "booklet" in general:
        return general["booklet"]["seconds"] or 0.0, general["booklet"]["pages"], "measured"
    if measured_booklets:
        measured_n, booklet = measured_booklets[-1]
        return (booklet["seconds"] * n / measured_n, round(booklet["pages"] * n / measured_n),
                f"estimated from N={measured_n} by page count")
    return 0.0, 0, "not measured"


def _extrapolated_summary(n: int, general: dict[str, Any], sample: dict[str, Any],
                          measured_booklets: list[tuple[int, dict[str, Any]]]
                          ) -> dict[str, Any]:
    """The summary of a size too large to render every handout: ``n`` times the sample's cost
    a handout, plus the overview and booklet (see :func:`estimate_handouts`)."""
    overview = general["overview"]
    overview_s = overview["seconds"] if overview["seconds"] is not None else overview["wall"]
    booklet_s, booklet_pages, booklet_how = _booklet_at(n, general, measured_booklets)
    one = n * sample["per_handout_1"] + overview_s + booklet_s
    speedup = sample["speedup"] or 1.0
    peaks = [g for g in general.values() if g.get("peak_mb")]
    return {
        "how": f"extrapolated: {n} × per-handout cost of a {sample['sample']}-handout "
               f"sample, overview measured, booklet {booklet_how}",
        "overview_timeout": bool(overview.get("timeout")),
        "peak_main_mb": max((g["peak_mb"] for g in peaks), default=None),
        "peak_worker_mb": max((g["children_peak_mb"] for g in peaks), default=None),
        "total_wall_1": one,
        "total_wall": max(booklet_s, one / speedup),
        "booklet_s": booklet_s,
        "booklet_pages": booklet_pages,
        "booklet_how": booklet_how,
        "overview_s": overview_s,
        "overview_pages": general["overview"]["pages"],
    }


def _target(tid: str, text: str, value: float | None, limit: float, *, higher_is_better: bool
            = False, unit: str = "", note: str = "", value_cpu: float | None = None
            ) -> dict[str, Any]:
    def ok(value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= limit if higher_is_better else value <= limit

    return {"id": tid, "text": text, "value": value, "limit": limit, "unit": unit,
            "pass": ok(value), "value_cpu": value_cpu, "pass_cpu": ok(value_cpu), "note": note}


Sizes = list[tuple[int, dict[str, Any]]]
Targets = list[dict[str, Any]]


def evaluate(result: dict[str, Any]) -> Targets:
    """Every target's verdict, in the order the table prints them; one function a target."""
    sizes = size_entries(result)
    if not sizes:
        return []
    n_big, big = sizes[-1]
    sample = sample_of(result)
    return [
        _generator_share(n_big, big),
        *_linear(sizes),
        _no_change(sizes),
        _one_edit(sizes),
        *preview_targets(sizes),
        *_flowchart_cold(result.get("bundled_flowchart")),
        *(_handout_targets(sample) if sample else []),
        *_mkdocs_vs_stock(sizes),
        *_site_vs_before(n_big, big),
        *_build_vs_stages(n_big, big),
        _peak_memory(n_big, big),
        *_peak_memory_pdf(n_big, big),
    ]


def _generator_share(n_big: int, big: dict[str, Any]) -> dict[str, Any]:
    """The generator's own stages against the MkDocs build of what they wrote."""
    mkdocs = big["stages"]["mkdocs"]
    gen_wall = stage_sum(big, GENERATOR_STAGES, "wall")
    gen_cpu = stage_sum(big, GENERATOR_STAGES, "cpu") / mkdocs["cpu"]
    with_quality = (gen_wall + big["stages"]["quality"]["wall"]) / mkdocs["wall"]
    return _target(
        "generator-share", f"load+model+check+render+write at N={n_big} vs its MkDocs build",
        gen_wall / mkdocs["wall"], GENERATOR_SHARE_MAX, value_cpu=gen_cpu, unit="×",
        note=f"{gen_wall:.2f} s vs {mkdocs['wall']:.2f} s; with the "
             f"quality rules hipback build also runs: {with_quality:.2f}×")


def _linear(sizes: Sizes) -> Targets:
    """Time per page at the largest size against the smallest (none with one size)."""
    (n_small, small), (n_big, big) = sizes[0], sizes[-1]
    if n_big == n_small:
        return []

    def per_page(entry: dict[str, Any], key: str) -> float:
        return float(stage_sum(entry, SITE_STAGES, key) / entry["facts"]["pages"])

    lin = per_page(big, "wall") / per_page(small, "wall")
    lin_cpu = per_page(big, "cpu") / per_page(small, "cpu")
    return [_target(
        "linear", f"site build time per page, N={n_big} vs N={n_small}", lin, LINEARITY_MAX,
        value_cpu=lin_cpu, unit="×")]


def _no_change(sizes: Sizes) -> dict[str, Any]:
    """A rebuild with nothing changed writes and renders nothing, at any size."""
    rewritten = max(len(e["incremental"]["unchanged"]["written"]) for _n, e in sizes)
    renders = max(e["incremental"]["unchanged"]["flowchart_renders"] for _n, e in sizes)
    pdfs = [len(e["handouts"]["full"]["warm"]["rendered"]) for _n, e in sizes
            if "full" in e.get("handouts", {})]
    return _target(
        "no-change", "rebuild with nothing changed: files written + SVG renders + PDF renders",
        float(rewritten + renders + sum(pdfs)), 0.0,
        note=f"{rewritten} Markdown file(s) written, {renders} SVG render(s), "
             f"{sum(pdfs)} PDF(s) rendered" + ("" if pdfs else " (PDFs not checked)"))


def _one_edit(sizes: Sizes) -> dict[str, Any]:
    """Editing one condition rewrites only its page, the listings and their handouts."""
    unexpected = sorted({u for _n, e in sizes for u in e["incremental"]["edited"]["unexpected"]})
    pdf_unexpected = sorted({u for _n, e in sizes
                             for u in e.get("handouts", {}).get("edit", {}).get("unexpected", [])})
    written = {n: e["incremental"]["edited"]["written"] for n, e in sizes}
    rendered = {n: e["handouts"]["edit"]["rendered"] for n, e in sizes
                if "edit" in e.get("handouts", {})}
    return _target(
        "one-edit", "after editing one condition: files outside its page and the listing pages",
        float(len(unexpected) + len(pdf_unexpected)), 0.0,
        note="written: " + "; ".join(f"N={n}: {', '.join(w)}" for n, w in written.items())
             + ". re-rendered PDFs: "
             + ("; ".join(f"N={n}: {', '.join(r)}" for n, r in rendered.items()) or "not checked")
             + (f". unexpected: {', '.join(unexpected + pdf_unexpected)}"
                if unexpected or pdf_unexpected else ""))


def _flowchart_cold(chart: dict[str, Any] | None) -> Targets:
    """The bundled flowchart's cold render, when it was measured."""
    if not chart:
        return []
    return [_target(
        "flowchart-cold", "the bundled flowchart's diagram, cold (empty cache)", chart["wall"],
        FLOWCHART_COLD_MAX_S, value_cpu=chart["cpu"], unit=" s",
        note=f"median of {len(chart['runs'])} run(s), fastest {chart['best_wall']:.2f} s, "
             f"peak {chart['peak_mb']:.0f} MB")]


def _handout_targets(sample: dict[str, Any]) -> Targets:
    """What one more handout costs against WeasyPrint alone, and what a second worker gains."""
    own = sample["weasyprint_own"]
    fixed = sample["fixed_1"]
    parallel = (sample["wall_1"] - fixed) / max(sample["wall_2"] - fixed, 1e-9)
    return [_target(
        "handout-cost", "cost of one more handout in the build vs WeasyPrint alone",
        sample["inside_worker_mean"] / own, HANDOUT_OVERHEAD_MAX, unit="×",
        note=f"{sample['inside_worker_mean']:.3f} s vs {own:.3f} s a handout "
             f"({'/'.join(map(str, sample['weasyprint_own_pages']))} pages), plus "
             f"{sample['fixed_1']:.1f} s once a build (HTML of every handout, starting the "
             f"worker); spread over this {sample['sample']}-handout sample: "
             f"{sample['per_handout_1'] / own:.2f}×, over 1,000 handouts: "
             f"{(sample['inside_worker_mean'] + sample['fixed_1'] / 1000) / own:.2f}×"),
        _target(
        "handout-speedup", "handouts on 2 workers vs 1, once the fixed cost is spread",
        parallel, SPEEDUP_MIN, higher_is_better=True, unit="×",
        note=f"the {sample['sample']}-handout sample took {sample['wall_1']:.1f} s on 1 "
             f"worker and {sample['wall_2']:.1f} s on 2 (medians): {sample['speedup']:.2f}× "
             f"(fastest runs {sample['best_speedup']:.2f}×); {fixed:.1f} s of each is the "
             "serial part every build pays once (HTML of every handout, starting workers), "
             f"the rest ran {parallel:.2f}× faster, which is what a 1,000-handout build "
             "sees")]


def _mkdocs_vs_stock(sizes: Sizes) -> Targets:
    """Our MkDocs build against stock Material on the same pages, when that was built."""
    (n_small, small), (n_big, big) = sizes[0], sizes[-1]
    mkdocs = big["stages"]["mkdocs"]
    stock = big["stages"].get("stock")
    if not stock:
        return []
    note = (f"{mkdocs['wall']:.2f} s vs {stock['wall']:.2f} s for "
            f"{big['facts'].get('stock_pages', '?')} pages")
    if n_small != n_big and "stock" in small["stages"]:
        ratio = small["stages"]["mkdocs"]["wall"] / small["stages"]["stock"]["wall"]
        note += f"; at N={n_small}: {ratio:.2f}×"
    return [_target(
        "mkdocs-vs-stock", f"MkDocs build at N={n_big} vs stock Material, same pages as prose",
        mkdocs["wall"] / stock["wall"], STOCK_RATIO_MAX, value_cpu=mkdocs["cpu"] / stock["cpu"],
        unit="×", note=note)]


def _site_vs_before(n_big: int, big: dict[str, Any]) -> Targets:
    """The whole site build against the same build as it was before issue 16, if measured."""
    mkdocs = big["stages"]["mkdocs"]
    before = big["stages"].get("before")
    if not before:
        return []
    now = stage_sum(big, SITE_STAGES, "wall")
    then = now - mkdocs["wall"] + before["wall"]
    now_cpu = stage_sum(big, SITE_STAGES, "cpu")
    then_cpu = now_cpu - mkdocs["cpu"] + before["cpu"]
    return [_target(
        "site-vs-before", f"whole site build at N={n_big} vs the build before issue 16",
        now / then, BEFORE_RATIO_MAX, value_cpu=now_cpu / then_cpu, unit="×",
        note=f"{now:.1f} s vs {then:.1f} s (the same stages with MkDocs building the same "
             f"docs with the abbr extension and the glossary appended to every page: "
             f"{before['wall']:.1f} s instead of {mkdocs['wall']:.1f} s)")]


def _build_vs_stages(n_big: int, big: dict[str, Any]) -> Targets:
    """The whole ``hipback build --no-pdf`` against the sum of the stages it is made of."""
    build = big["stages"].get("build")
    if not build:
        return []
    stages = stage_sum(big, SITE_STAGES, "wall")
    stages_cpu = stage_sum(big, SITE_STAGES, "cpu")
    return [_target(
        "build-vs-stages",
        f"hipback build --no-pdf at N={n_big} end to end vs the sum of the stage rows",
        build["wall"] / stages, BUILD_RATIO_MAX, value_cpu=build["cpu"] / stages_cpu, unit="×",
        note=f"{build['wall']:.1f} s vs {stages:.1f} s (the build also fixes the theme's markup, "
             "merges and prunes the stylesheet, dates the sitemap and writes the .gz/.br "
             "copies, from a cold compression cache)")]


def _peak_memory(n_big: int, big: dict[str, Any]) -> dict[str, Any]:
    """The largest process of the site build at the largest size."""
    # a stage's own process or any process it started (hipback build runs MkDocs in a child)
    site_peaks = {name: max(stage["peak_mb"], stage.get("children_peak_mb") or 0.0)
                  for name, stage in big["stages"].items()
                  if name not in ("baseline", "stock", "before")}
    worst = max(site_peaks, key=lambda name: site_peaks[name])
    return _target(
        "peak-memory", f"peak memory at N={n_big}, site build (every stage; PDFs apart)",
        site_peaks[worst], PEAK_MB_MAX, unit=" MB", note=f"largest: {worst}; " + ", ".join(
            f"{name} {mb:.0f}" for name, mb in sorted(site_peaks.items(),
                                                      key=lambda item: -item[1])[:5]))


def _peak_memory_pdf(n_big: int, big: dict[str, Any]) -> Targets:
    """The largest process of the handouts at the largest size, when any were rendered."""
    pdf_peaks: dict[str, float] = {}
    for name, general in big.get("handouts", {}).get("general", {}).items():
        if general.get("peak_mb"):
            pdf_peaks[f"{name} (main process)"] = general["peak_mb"]
            pdf_peaks[f"{name} (WeasyPrint worker)"] = general["children_peak_mb"]
    full = big.get("handouts", {}).get("full")
    if full:
        pdf_peaks["main process"] = full["cold"]["peak_mb"]
        pdf_peaks["largest WeasyPrint worker"] = full["cold"]["children_peak_mb"]
    if not pdf_peaks:
        return []
    worst = max(pdf_peaks, key=lambda name: pdf_peaks[name])
    return [_target(
        "peak-memory-pdf", f"peak memory at N={n_big}, handouts (any one process)",
        pdf_peaks[worst], PEAK_MB_MAX, unit=" MB", note=", ".join(
            f"{name} {mb:.0f}" for name, mb in sorted(pdf_peaks.items(),
                                                      key=lambda item: -item[1]))
        + ("" if "booklet (main process)" in pdf_peaks or full else
           "; the booklet was not rendered at this size"))]


def preview_targets(sizes: Sizes) -> Targets:
    """Issue 16's preview target at the largest size the preview was measured at."""
    measured = [(n, e["preview"]) for n, e in sizes if "preview" in e]
    if not measured:
        return []
    n, preview = measured[-1]
    if "error" in preview:
        return [_target("preview", f"hipback serve: edit → served page at N={n}", float("inf"),
                        PREVIEW_MAX_S, unit=" s", note="the preview failed: "
                        + preview["error"].splitlines()[0])]
    note = (f"median of {len(preview['edit_s'])} summary edits "
            f"({', '.join(f'{x:.2f}' for x in preview['edit_s'])} s; first build "
            f"{preview['first_build_s']:.0f} s); after a rename the page showed it in "
            f"{preview['rename_own_page_s']:.2f} s and the follow-up (listings, navigation) "
            f"finished in {preview['rename_follow_up_s']:.1f} s")
    if "neighbour_shows_name" in preview:
        note += ("; a page in the same nav section shows the new name"
                 if preview["neighbour_shows_name"]
                 else "; A NEIGHBOUR PAGE STILL SHOWS THE OLD NAME")
    value = preview["median_s"] if preview.get("neighbour_shows_name", True) else float("inf")
    return [_target("preview", f"hipback serve: edit → served page at N={n}", value,
                    PREVIEW_MAX_S, unit=" s", note=note)]


# ---------------------------------------------------------------- printing
