"""The printed report of ``python -m bench``: the stage table, handouts, engines, preview and
the target verdicts."""

from __future__ import annotations

from typing import Any

from .engines import format_engines
from .report import GENERATOR_STAGES, LABELS, SITE_STAGES, sample_of, size_entries, stage_sum


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
    sizes = size_entries(result)
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
        (stage_sum(e, GENERATOR_STAGES, "wall"), stage_sum(e, GENERATOR_STAGES, "cpu"),
         stage_sum(e, GENERATOR_STAGES, "wall") / e["facts"]["pages"],
         max(e["stages"][s]["peak_mb"] for s in GENERATOR_STAGES)) for _n, e in sizes])
    for stage in ("quality", "mkdocs", "post"):
        stage_row(stage)
    row("= site build (all of the above)", [
        (stage_sum(e, SITE_STAGES, "wall"), stage_sum(e, SITE_STAGES, "cpu"),
         stage_sum(e, SITE_STAGES, "wall") / e["facts"]["pages"],
         max(e["stages"][s]["peak_mb"] for s in SITE_STAGES)) for _n, e in sizes])
    row(LABELS["build"], [(e["stages"]["build"]["wall"], e["stages"]["build"]["cpu"],
                           e["stages"]["build"]["wall"] / e["facts"]["pages"],
                           e["stages"]["build"]["peak_mb"]) for _n, e in sizes])
    row(LABELS["baseline"], [(e["stages"]["baseline"]["wall"], e["stages"]["baseline"]["cpu"],
                              e["stages"]["baseline"]["wall"] / e["facts"]["baseline_pages"],
                              e["stages"]["baseline"]["peak_mb"]) for _n, e in sizes])
    for extra in ("stock", "before"):
        if all(extra in e["stages"] for _n, e in sizes):
            row(LABELS[extra], [(e["stages"][extra]["wall"], e["stages"][extra]["cpu"],
                                 e["stages"][extra]["wall"]
                                 / e["facts"].get(f"{extra}_pages", e["facts"]["pages"]),
                                 e["stages"][extra]["peak_mb"]) for _n, e in sizes])
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

    sample = sample_of(result)

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
        h_row("  of which in the worker (pdfwork.py)",
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
            f"{stage_sum(e, SITE_STAGES, 'wall') / e['stages']['baseline']['wall']:.2f}× the plain "
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
