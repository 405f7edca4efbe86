"""Turn the raw results into the handout estimate, the target verdicts and the printed table."""

from __future__ import annotations

from typing import Any

from .engines import format_engines
from .run import GENERATOR_STAGES, SITE_STAGES

GENERATOR_SHARE_MAX = 0.10
LINEARITY_MAX = 1.3
HANDOUT_OVERHEAD_MAX = 1.2
"""'Near WeasyPrint's own cost' taken as: a handout costs the build at most 20 % more than
WeasyPrint alone takes for the same HTML."""
SPEEDUP_MIN = 1.7
STOCK_RATIO_MAX = 1.5
"""Issue 16: MkDocs builds the generated docs in at most 1.5× a stock Material build of the same
number of pages of similar prose (bench/stock.py)."""
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
    "build": "hipback build --no-pdf, one process",
}


def _sizes(result: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return sorted(((int(n), e) for n, e in result["sizes"].items()), key=lambda t: t[0])


def _sum(entry: dict[str, Any], stages: tuple[str, ...], key: str) -> float:
    return float(sum(entry["stages"][s][key] for s in stages))


def _sample(result: dict[str, Any]) -> dict[str, Any] | None:
    for _n, entry in _sizes(result):
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
    sample = _sample(result)
    measured_booklets = [
        (n, e["handouts"]["full"]["booklet"]) for n, e in _sizes(result)
        if e.get("handouts", {}).get("full", {}).get("booklet", {}).get("seconds")
    ]
    for n, entry in _sizes(result):
        h = entry.get("handouts", {})
        if "full" in h:
            full = h["full"]
            h["summary"] = {
                "how": "measured",
                "peak_main_mb": full["cold"]["peak_mb"],
                "peak_worker_mb": full["cold"]["children_peak_mb"],
                "total_wall": full["cold"]["wall"],
                "booklet_s": full["booklet"]["seconds"],
                "booklet_pages": full["booklet"]["pages"],
                "overview_s": full["overview"]["seconds"],
                "overview_pages": full["overview"]["pages"],
            }
            continue
        if sample is None or "general" not in h:
            continue
        general = h["general"]
        ov = general["overview"]
        overview_s = ov["seconds"] if ov["seconds"] is not None else ov["wall"]
        if "booklet" in general:
            booklet_s = general["booklet"]["seconds"] or 0.0
            booklet_pages = general["booklet"]["pages"]
            booklet_how = "measured"
        elif measured_booklets:
            m, b = measured_booklets[-1]
            booklet_s = b["seconds"] * n / m
            booklet_pages = round(b["pages"] * n / m)
            booklet_how = f"estimated from N={m} by page count"
        else:
            booklet_s, booklet_pages, booklet_how = 0.0, 0, "not measured"
        one = n * sample["per_handout_1"] + overview_s + booklet_s
        speedup = sample["speedup"] or 1.0
        peaks = [g for g in general.values() if g.get("peak_mb")]
        h["summary"] = {
            "how": f"extrapolated: {n} × per-handout cost of a {sample['sample']}-handout "
                   f"sample, overview measured, booklet {booklet_how}",
            "overview_timeout": bool(ov.get("timeout")),
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
    def ok(v: float | None) -> bool | None:
        if v is None:
            return None
        return v >= limit if higher_is_better else v <= limit

    return {"id": tid, "text": text, "value": value, "limit": limit, "unit": unit,
            "pass": ok(value), "value_cpu": value_cpu, "pass_cpu": ok(value_cpu), "note": note}


def evaluate(result: dict[str, Any]) -> list[dict[str, Any]]:
    sizes = _sizes(result)
    if not sizes:
        return []
    targets: list[dict[str, Any]] = []
    (n_small, small), (n_big, big) = sizes[0], sizes[-1]

    mk = big["stages"]["mkdocs"]
    gen = _sum(big, GENERATOR_STAGES, "wall") / mk["wall"]
    gen_cpu = _sum(big, GENERATOR_STAGES, "cpu") / mk["cpu"]
    with_quality = (_sum(big, GENERATOR_STAGES, "wall") + big["stages"]["quality"]["wall"]) / (
        mk["wall"])
    targets.append(_target(
        "generator-share", f"load+model+check+render+write at N={n_big} vs its MkDocs build",
        gen, GENERATOR_SHARE_MAX, value_cpu=gen_cpu, unit="×",
        note=f"{_sum(big, GENERATOR_STAGES, 'wall'):.2f} s vs {mk['wall']:.2f} s; with the "
             f"quality rules hipback build also runs: {with_quality:.2f}×"))

    if n_big != n_small:
        def per_page(e: dict[str, Any], key: str) -> float:
            return _sum(e, SITE_STAGES, key) / e["facts"]["pages"]

        lin = per_page(big, "wall") / per_page(small, "wall")
        lin_cpu = per_page(big, "cpu") / per_page(small, "cpu")
        targets.append(_target(
            "linear", f"site build time per page, N={n_big} vs N={n_small}", lin, LINEARITY_MAX,
            value_cpu=lin_cpu, unit="×"))

    rewritten = max(len(e["incremental"]["unchanged"]["written"]) for _n, e in sizes)
    renders = max(e["incremental"]["unchanged"]["flowchart_renders"] for _n, e in sizes)
    pdfs = [len(e["handouts"]["full"]["warm"]["rendered"]) for _n, e in sizes
            if "full" in e.get("handouts", {})]
    targets.append(_target(
        "no-change", "rebuild with nothing changed: files written + SVG renders + PDF renders",
        float(rewritten + renders + sum(pdfs)), 0.0,
        note=f"{rewritten} Markdown file(s) written, {renders} SVG render(s), "
             f"{sum(pdfs)} PDF(s) rendered" + ("" if pdfs else " (PDFs not checked)")))

    unexpected = sorted({u for _n, e in sizes for u in e["incremental"]["edited"]["unexpected"]})
    pdf_unexpected = sorted({u for _n, e in sizes
                             for u in e.get("handouts", {}).get("edit", {}).get("unexpected", [])})
    written = {n: e["incremental"]["edited"]["written"] for n, e in sizes}
    rendered = {n: e["handouts"]["edit"]["rendered"] for n, e in sizes
                if "edit" in e.get("handouts", {})}
    targets.append(_target(
        "one-edit", "after editing one condition: files outside its page and the listing pages",
        float(len(unexpected) + len(pdf_unexpected)), 0.0,
        note="written: " + "; ".join(f"N={n}: {', '.join(w)}" for n, w in written.items())
             + ". re-rendered PDFs: "
             + ("; ".join(f"N={n}: {', '.join(r)}" for n, r in rendered.items()) or "not checked")
             + (f". unexpected: {', '.join(unexpected + pdf_unexpected)}"
                if unexpected or pdf_unexpected else "")))

    targets.extend(preview_targets(sizes))

    sample = _sample(result)
    if sample:
        own = sample["weasyprint_own"]
        targets.append(_target(
            "handout-cost", "cost of one more handout in the build vs WeasyPrint alone",
            sample["inside_worker_mean"] / own, HANDOUT_OVERHEAD_MAX, unit="×",
            note=f"{sample['inside_worker_mean']:.3f} s vs {own:.3f} s a handout "
                 f"({'/'.join(map(str, sample['weasyprint_own_pages']))} pages), plus "
                 f"{sample['fixed_1']:.1f} s once a build (HTML of every handout, starting the "
                 f"worker); spread over this {sample['sample']}-handout sample: "
                 f"{sample['per_handout_1'] / own:.2f}×, over 1,000 handouts: "
                 f"{(sample['inside_worker_mean'] + sample['fixed_1'] / 1000) / own:.2f}×"))
        fixed = sample["fixed_1"]
        parallel = (sample["wall_1"] - fixed) / max(sample["wall_2"] - fixed, 1e-9)
        targets.append(_target(
            "handout-speedup", "handouts on 2 workers vs 1, once the fixed cost is spread",
            parallel, SPEEDUP_MIN, higher_is_better=True, unit="×",
            note=f"the {sample['sample']}-handout sample took {sample['wall_1']:.1f} s on 1 "
                 f"worker and {sample['wall_2']:.1f} s on 2 (medians): {sample['speedup']:.2f}× "
                 f"(fastest runs {sample['best_speedup']:.2f}×); {fixed:.1f} s of each is the "
                 "serial part every build pays once (HTML of every handout, starting workers), "
                 f"the rest ran {parallel:.2f}× faster, which is what a 1,000-handout build "
                 "sees"))

    stock = big["stages"].get("stock")
    if stock:
        note = (f"{mk['wall']:.2f} s vs {stock['wall']:.2f} s for "
                f"{big['facts'].get('stock_pages', '?')} pages")
        if n_small != n_big and "stock" in small["stages"]:
            ratio = small["stages"]["mkdocs"]["wall"] / small["stages"]["stock"]["wall"]
            note += f"; at N={n_small}: {ratio:.2f}×"
        targets.append(_target(
            "mkdocs-vs-stock", f"MkDocs build at N={n_big} vs stock Material, same pages as prose",
            mk["wall"] / stock["wall"], STOCK_RATIO_MAX, value_cpu=mk["cpu"] / stock["cpu"],
            unit="×", note=note))

    site_peaks = {name: st["peak_mb"] for name, st in big["stages"].items()
                  if name not in ("baseline", "stock")}
    worst = max(site_peaks, key=lambda k: site_peaks[k])
    targets.append(_target(
        "peak-memory", f"peak memory at N={n_big}, site build (every stage; PDFs apart)",
        site_peaks[worst], PEAK_MB_MAX, unit=" MB", note=f"largest: {worst}; " + ", ".join(
            f"{k} {v:.0f}" for k, v in sorted(site_peaks.items(), key=lambda kv: -kv[1])[:5])))
    pdf_peaks: dict[str, float] = {}
    for name, g in big.get("handouts", {}).get("general", {}).items():
        if g.get("peak_mb"):
            pdf_peaks[f"{name} (main process)"] = g["peak_mb"]
            pdf_peaks[f"{name} (WeasyPrint worker)"] = g["children_peak_mb"]
    full = big.get("handouts", {}).get("full")
    if full:
        pdf_peaks["main process"] = full["cold"]["peak_mb"]
        pdf_peaks["largest WeasyPrint worker"] = full["cold"]["children_peak_mb"]
    if pdf_peaks:
        worst = max(pdf_peaks, key=lambda k: pdf_peaks[k])
        targets.append(_target(
            "peak-memory-pdf", f"peak memory at N={n_big}, handouts (any one process)",
            pdf_peaks[worst], PEAK_MB_MAX, unit=" MB", note=", ".join(
                f"{k} {v:.0f}" for k, v in sorted(pdf_peaks.items(), key=lambda kv: -kv[1]))
            + ("" if "booklet (main process)" in pdf_peaks or full else
               "; the booklet was not rendered at this size")))
    return targets


def preview_targets(sizes: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Issue 16's preview target at the largest size the preview was measured at."""
    measured = [(n, e["preview"]) for n, e in sizes if "preview" in e]
    if not measured:
        return []
    n, p = measured[-1]
    if "error" in p:
        return [_target("preview", f"hipback serve: edit → served page at N={n}", float("inf"),
                        PREVIEW_MAX_S, unit=" s", note="the preview failed: "
                        + p["error"].splitlines()[0])]
    note = (f"median of {len(p['edit_s'])} summary edits "
            f"({', '.join(f'{x:.2f}' for x in p['edit_s'])} s; first build "
            f"{p['first_build_s']:.0f} s); after a rename the page showed it in "
            f"{p['rename_own_page_s']:.2f} s and the follow-up (listings, navigation) finished "
            f"in {p['rename_follow_up_s']:.1f} s")
    if "neighbour_shows_name" in p:
        note += ("; a page in the same nav section shows the new name"
                 if p["neighbour_shows_name"] else "; A NEIGHBOUR PAGE STILL SHOWS THE OLD NAME")
    value = p["median_s"] if p.get("neighbour_shows_name", True) else float("inf")
    return [_target("preview", f"hipback serve: edit → served page at N={n}", value,
                    PREVIEW_MAX_S, unit=" s", note=note)]


# ---------------------------------------------------------------- printing


def _t(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds >= 100:
        return f"{seconds:.0f} s"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    return f"{seconds:.2f} s"


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


def _mb(mb: float | None) -> str:
    return "—" if not mb else f"{mb:.0f}"


def format_table(result: dict[str, Any]) -> str:
    sizes = _sizes(result)
    lines: list[str] = []
    m = result["machine"]
    lines.append(
        f"Hip or Back? benchmark — {m['usable']} usable core(s) ({m['cpu_count']} reported), "
        f"{m['processor']}, Python {m['python']}; load average at start "
        f"{'/'.join(map(str, m['loadavg_start']))}, at end {'/'.join(map(str, m['loadavg_end']))}"
        + (f", during: {m['loadavg_during']['min']:.1f}–{m['loadavg_during']['max']:.1f}"
           if m.get("loadavg_during") else "")
    )
    for n, e in sizes:
        y = e["yaml"]
        lines.append(
            f"N={n}: {e['facts']['pages']} HTML pages, {y['files']} condition files of "
            f"{y['mean_lines']:.0f} YAML lines on average; {_runs(result, n)} run(s), median "
            f"wall time; per page = time / HTML pages; peak = largest resident memory (MB)")
    lines.append("")
    head = f"{'stage':<38}"
    for n, _e in sizes:
        head += f" | {'N=' + str(n) + ' time':>11} {'cpu':>8} {'per page':>9} {'peak':>5}"
    lines.append(head)
    lines.append("-" * len(head))

    def row(label: str, cells: list[tuple[float | None, float | None, float | None,
                                           float | None]]) -> None:
        text = f"{label:<38}"
        for (wall, cpu, per_page, peak) in cells:
            text += f" | {_t(wall):>11} {_t(cpu):>8} {_ms(per_page):>9} {_mb(peak):>5}"
        lines.append(text)

    imp = result.get("imports")
    if imp:
        row("imports (fixed, every build)",
            [(imp["wall"], imp["cpu"], None, imp["peak_mb"]) for _ in sizes])
    def stage_row(stage: str) -> None:
        row(LABELS[stage], [(e["stages"][stage]["wall"], e["stages"][stage]["cpu"],
                             e["stages"][stage]["wall"] / e["facts"]["pages"],
                             e["stages"][stage]["peak_mb"]) for _n, e in sizes])

    for stage in GENERATOR_STAGES:
        stage_row(stage)
    row("= generator (load … write)", [
        (_sum(e, GENERATOR_STAGES, "wall"), _sum(e, GENERATOR_STAGES, "cpu"),
         _sum(e, GENERATOR_STAGES, "wall") / e["facts"]["pages"],
         max(e["stages"][s]["peak_mb"] for s in GENERATOR_STAGES)) for _n, e in sizes])
    for stage in ("quality", "mkdocs", "post"):
        stage_row(stage)
    row("= site build (all of the above)", [
        (_sum(e, SITE_STAGES, "wall"), _sum(e, SITE_STAGES, "cpu"),
         _sum(e, SITE_STAGES, "wall") / e["facts"]["pages"],
         max(e["stages"][s]["peak_mb"] for s in SITE_STAGES)) for _n, e in sizes])
    row(LABELS["build"], [(e["stages"]["build"]["wall"], e["stages"]["build"]["cpu"],
                           e["stages"]["build"]["wall"] / e["facts"]["pages"],
                           e["stages"]["build"]["peak_mb"]) for _n, e in sizes])
    row(LABELS["baseline"], [(e["stages"]["baseline"]["wall"], e["stages"]["baseline"]["cpu"],
                              e["stages"]["baseline"]["wall"] / e["facts"]["baseline_pages"],
                              e["stages"]["baseline"]["peak_mb"]) for _n, e in sizes])
    if all("stock" in e["stages"] for _n, e in sizes):
        row(LABELS["stock"], [(e["stages"]["stock"]["wall"], e["stages"]["stock"]["cpu"],
                               e["stages"]["stock"]["wall"] / e["facts"]["stock_pages"],
                               e["stages"]["stock"]["peak_mb"]) for _n, e in sizes])
    lines.append("")

    def fc_row(label: str, key: str) -> None:
        text = f"{label:<38}"
        for _n, e in sizes:
            fc = e["flowchart"]
            r = fc.get(key, None)
            wall = r["wall"] if r else None
            peak = r.get("peak_mb") if r else None
            mark = ""
            if key == "cold" and fc["status"] == "timeout":
                mark = ">"
            text += f" | {mark + _t(wall):>11} {'':>8} {'':>9} {_mb(peak):>5}"
        lines.append(text)

    fc_row("flowchart SVG, cold (once)", "cold")
    fc_row("flowchart page, SVG cached", "warm")
    lines.append("")

    sample = _sample(result)

    def h_row(label: str, pick: Any) -> None:
        text = f"{label:<38}"
        for n, e in sizes:
            value = pick(n, e)
            text += f" | {value:>36}"
        lines.append(text)

    if sample:
        h_row(f"handout, 1 worker ({sample['sample']}-handout sample)",
              lambda n, e: f"{_t(sample['per_handout_1'])} each" if "sample" in e.get(
                  "handouts", {}) else "(from sample)")
        h_row("handout, 2 workers (same sample)",
              lambda n, e: f"{_t(sample['per_handout_2'])} each, {sample['speedup']:.2f}× faster"
              if "sample" in e.get("handouts", {}) else "(from sample)")
        h_row("  of which in the worker (pdf.py)",
              lambda n, e: f"{_t(sample['inside_worker_mean'])} each + "
              f"{_t(sample['fixed_1'])} once" if "sample" in e.get("handouts", {}) else "")
        h_row("WeasyPrint alone, same HTML",
              lambda n, e: f"{_t(sample['weasyprint_own'])} each"
              if "sample" in e.get("handouts", {}) else "")

    def summary(key: str, pages_key: str | None = None) -> Any:
        def pick(n: int, e: dict[str, Any]) -> str:
            s = e.get("handouts", {}).get("summary")
            if not s or s.get(key) is None:
                return "—"
            text = _t(s[key])
            if key == "overview_s" and s.get("overview_timeout"):
                text = ">" + text + " (stopped)"
            if pages_key and s.get(pages_key):
                text += f", {s[pages_key]} pages"
            if key == "booklet_s" and s.get("booklet_how", "measured") != "measured":
                text = "≈" + text + " (est.)"
            return text
        return pick

    h_row("overview handout", summary("overview_s", "overview_pages"))
    h_row("booklet handout", summary("booklet_s", "booklet_pages"))
    h_row("handouts: peak MB, main / worker", lambda n, e: (
        "—" if "summary" not in e.get("handouts", {}) else
        f"{_mb(e['handouts']['summary'].get('peak_main_mb'))} / "
        f"{_mb(e['handouts']['summary'].get('peak_worker_mb'))}"))
    h_row("all handouts, default workers", lambda n, e: (
        "—" if "summary" not in e.get("handouts", {}) else
        _t(e["handouts"]["summary"]["total_wall"])
        + (" measured" if e["handouts"]["summary"]["how"] == "measured" else " (extrapolated)")))
    lines.append("")

    lines += format_engines(result)

    lines.append("Incremental rebuilds (hipback generate):")
    for n, e in sizes:
        inc = e["incremental"]
        ed = inc["edited"]
        lines.append(
            f"  N={n}: first build wrote {inc['first']['written']} files in "
            f"{_t(inc['first']['wall'])}; nothing changed: {len(inc['unchanged']['written'])} "
            f"written, {inc['unchanged']['flowchart_renders']} SVG renders "
            f"({_t(inc['unchanged']['wall'])}); one summary edited ({ed['slug']}): "
            f"{len(ed['written'])} written ({', '.join(ed['written'])}) in {_t(ed['wall'])}")
        h = e.get("handouts", {})
        if "full" in h:
            lines.append(
                f"         handouts: nothing changed → {len(h['full']['warm']['rendered'])} "
                f"rendered ({_t(h['full']['warm']['wall'])}); after the edit → "
                f"{', '.join(h['edit']['rendered']) or 'none'} ({_t(h['edit']['wall'])})")
    lines.append("")

    previews = [(n, e["preview"]) for n, e in sizes if "preview" in e]
    if previews:
        lines.append("Preview (hipback serve; write → served HTML):")
        for n, p in previews:
            if "error" in p:
                lines.append(f"  N={n}: failed: {p['error'].splitlines()[0]}")
                continue
            lines.append(
                f"  N={n}: first build {_t(p['first_build_s'])}; summary edits "
                f"{', '.join(_t(x) for x in p['edit_s'])} (median {_t(p['median_s'])}); "
                f"rename: page {_t(p['rename_own_page_s'])}, follow-up "
                f"{_t(p['rename_follow_up_s'])}; peak {_mb(p.get('peak_mb'))} MB")
        lines.append("")

    lines.append("Flowchart diagram:")
    for n, e in sizes:
        fc = e["flowchart"]
        status = {"rendered": "rendered", "error picture": "ERROR PICTURE: mermaid drew "
                  "'Maximum text size in diagram exceeded' instead of the diagram",
                  "timeout": f"not finished after {fc['timeout_s']:.0f} s; stopped, and a "
                  "stand-in diagram (outcomes naming ≤3 conditions) was cached so the other "
                  "stages could run"}[fc["status"]]
        lines.append(f"  N={n}: Mermaid source {fc.get('source_chars', '?')} characters; {status}")
    lines.append("")

    lines.append("Other facts:")
    for n, e in sizes:
        f = e["facts"]
        lines.append(
            f"  N={n}: site {f['site_mb']:.1f} MB ({f['html_mb']:.1f} MB HTML), baseline site "
            f"{f['baseline_site_mb']:.1f} MB; generated Markdown {f['markdown_mb']:.1f} MB; "
            f"generator + MkDocs + links = "
            f"{_sum(e, SITE_STAGES, 'wall') / e['stages']['baseline']['wall']:.2f}× the plain "
            f"MkDocs build; MkDocs warnings {f['mkdocs_warnings']}; broken links "
            f"{f['link_problems']}")
    lines.append("")

    lines.append("Targets:")
    for t in result.get("targets", []):
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[t["pass"]]
        value = "—" if t["value"] is None else f"{t['value']:.2f}{t['unit']}"
        limit = f"{'≥' if t['id'] == 'handout-speedup' else '≤'} {t['limit']:g}{t['unit']}"
        cpu = ""
        if t.get("value_cpu") is not None:
            cpu_verdict = {True: "pass", False: "fail", None: "n/a"}[t["pass_cpu"]]
            cpu = f" [CPU time: {t['value_cpu']:.2f}{t['unit']} {cpu_verdict}]"
        lines.append(f"  {verdict}  {t['text']}: {value} (target {limit}){cpu}")
        if t.get("note"):
            lines.append(f"        {t['note']}")
    during = m.get("loadavg_during")
    busy = during["max"] if during else max([*m["loadavg_start"][:1], *m["loadavg_end"][:1]],
                                            default=0.0)
    if busy > m["usable"] + 1:
        lines.append(
            f"  note: the load average reached {busy:.1f} on {m['usable']} cores (median "
            f"{during['median'] if during else busy:.1f}): other work shared the CPUs, so wall "
            "times are inflated and the 2-worker runs may not get 2 cores; CPU times and the "
            "fastest runs are the steadier guide.")
    return "\n".join(lines)


def _runs(result: dict[str, Any], n: int) -> int:
    opts = result["options"]
    return int(opts["runs"] if n <= opts["large"] else opts["large_runs"])
