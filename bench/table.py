"""The printed report of ``python -m bench``: the stage table, handouts, engines, preview and
the target verdicts."""

from __future__ import annotations

from collections.abc import Callable
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
    """The whole printed report, one section after another (each section is its own step)."""
    sizes = size_entries(result)
    lines = _header(result, sizes)
    lines.append("")
    lines += _stage_table(result, sizes)
    lines.append("")
    lines.append(_flowchart_row("flowchart SVG, cold (once)", "cold", sizes))
    lines.append(_flowchart_row("flowchart page, SVG cached", "warm", sizes))
    lines.append("")
    lines += _handout_rows(result, sizes)
    lines.append("")
    lines += format_engines(result)
    lines += _incremental_lines(sizes)
    lines.append("")
    lines += _preview_lines(sizes)
    lines += _diagram_lines(sizes)
    lines.append("")
    lines += _fact_lines(sizes)
    lines.append("")
    lines += _target_lines(result)
    return "\n".join(lines)


Sizes = list[tuple[int, dict[str, Any]]]
Cells = list[tuple[float | None, float | None, float | None, float | None]]


def _header(result: dict[str, Any], sizes: Sizes) -> list[str]:
    """The machine the run had and what each size holds, so a reader can weigh the numbers."""
    machine = result["machine"]
    during = machine.get("loadavg_during")
    lines = [
        f"Hip or Back? benchmark — {machine['usable']} usable core(s) ({machine['cpu_count']} "
        f"reported), {machine['processor']}, Python {machine['python']}; load average at start "
        f"{'/'.join(map(str, machine['loadavg_start']))}, at end "
        f"{'/'.join(map(str, machine['loadavg_end']))}"
        + (f", during: {during['min']:.1f}–{during['max']:.1f}" if during else "")
    ]
    for n, entry in sizes:
        yaml_lines = entry["yaml"]
        lines.append(
            f"N={n}: {entry['facts']['pages']} HTML pages, {yaml_lines['files']} condition files "
            f"of {yaml_lines['mean_lines']:.0f} YAML lines on average; {_runs(result, n)} run(s), "
            f"median wall time; per page = time / HTML pages; peak = largest resident memory (MB)")
    return lines


def _row(label: str, cells: Cells) -> str:
    """One row of the stage table: wall, CPU, per page and peak for every size."""
    text = f"{label:<38}"
    for (wall, cpu, per_page, peak) in cells:
        text += f" | {_t(wall):>11} {_t(cpu):>8} {_ms(per_page):>9} {_mb(peak):>5}"
    return text


def _stage_cells(sizes: Sizes, stage: str, pages: str = "pages") -> Cells:
    """One measured stage at every size, its time per page counted against ``pages``."""
    return [(entry["stages"][stage]["wall"], entry["stages"][stage]["cpu"],
             entry["stages"][stage]["wall"] / entry["facts"].get(pages, entry["facts"]["pages"]),
             entry["stages"][stage]["peak_mb"]) for _n, entry in sizes]


def _sum_cells(sizes: Sizes, stages: tuple[str, ...]) -> Cells:
    """Several stages added up at every size (the peak is the largest of theirs, not a sum)."""
    return [(stage_sum(entry, stages, "wall"), stage_sum(entry, stages, "cpu"),
             stage_sum(entry, stages, "wall") / entry["facts"]["pages"],
             max(entry["stages"][s]["peak_mb"] for s in stages)) for _n, entry in sizes]


def _stage_table(result: dict[str, Any], sizes: Sizes) -> list[str]:
    """The stages of a site build in order, their sums, then the builds compared with it."""
    head = f"{'stage':<38}"
    for n, _entry in sizes:
        head += f" | {'N=' + str(n) + ' time':>11} {'cpu':>8} {'per page':>9} {'peak':>5}"
    lines = [head, "-" * len(head)]
    imports = result.get("imports")
    if imports:
        lines.append(_row("imports (fixed, every build)",
                          [(imports["wall"], imports["cpu"], None, imports["peak_mb"])
                           for _ in sizes]))
    lines += [_row(LABELS[stage], _stage_cells(sizes, stage)) for stage in GENERATOR_STAGES]
    lines.append(_row("= generator (load … write)", _sum_cells(sizes, GENERATOR_STAGES)))
    lines += [_row(LABELS[stage], _stage_cells(sizes, stage))
              for stage in ("quality", "mkdocs", "post")]
    lines.append(_row("= site build (all of the above)", _sum_cells(sizes, SITE_STAGES)))
    lines.append(_row(LABELS["build"], _stage_cells(sizes, "build")))
    lines.append(_row(LABELS["baseline"], _stage_cells(sizes, "baseline", "baseline_pages")))
    for extra in ("stock", "before"):
        if all(extra in entry["stages"] for _n, entry in sizes):
            lines.append(_row(LABELS[extra], _stage_cells(sizes, extra, f"{extra}_pages")))
    return lines


def _flowchart_row(label: str, key: str, sizes: Sizes) -> str:
    """The diagram render (``cold`` or ``warm``); ``>`` marks a cold render that was stopped."""
    text = f"{label:<38}"
    for _n, entry in sizes:
        chart = entry["flowchart"]
        render = chart.get(key, None)
        wall = render["wall"] if render else None
        peak = render.get("peak_mb") if render else None
        mark = ""
        if key == "cold" and chart["status"] == "timeout":
            mark = ">"
        text += f" | {mark + _t(wall):>11} {'':>8} {'':>9} {_mb(peak):>5}"
    return text


def _handout_row(label: str, pick: Callable[[int, dict[str, Any]], str], sizes: Sizes) -> str:
    """A handout row: one wide cell a size, its words chosen by ``pick``."""
    text = f"{label:<38}"
    for n, entry in sizes:
        text += f" | {pick(n, entry):>36}"
    return text


def _summary_cell(key: str, pages_key: str | None = None) -> Callable[[int, dict[str, Any]], str]:
    """A cell from a size's handout summary, saying whether it was stopped or estimated."""
    def pick(_n: int, entry: dict[str, Any]) -> str:
        summary = entry.get("handouts", {}).get("summary")
        if not summary or summary.get(key) is None:
            return "—"
        text = _t(summary[key])
        if key == "overview_s" and summary.get("overview_timeout"):
            text = ">" + text + " (stopped)"
        if pages_key and summary.get(pages_key):
            text += f", {summary[pages_key]} pages"
        if key == "booklet_s" and summary.get("booklet_how", "measured") != "measured":
            text = "≈" + text + " (est.)"
        return text
    return pick


def _sample_rows(sample: dict[str, Any], sizes: Sizes) -> list[str]:
    """The 1-vs-2-worker sample, shown at the size it was taken at."""
    def at_sample(words: str, elsewhere: str) -> Callable[[int, dict[str, Any]], str]:
        return lambda _n, entry: words if "sample" in entry.get("handouts", {}) else elsewhere

    return [
        _handout_row(f"handout, 1 worker ({sample['sample']}-handout sample)", at_sample(
            f"{_t(sample['per_handout_1'])} each", "(from sample)"), sizes),
        _handout_row("handout, 2 workers (same sample)", at_sample(
            f"{_t(sample['per_handout_2'])} each, {sample['speedup']:.2f}× faster",
            "(from sample)"), sizes),
        _handout_row("  of which in the worker (pdfwork.py)", at_sample(
            f"{_t(sample['inside_worker_mean'])} each + {_t(sample['fixed_1'])} once", ""),
            sizes),
        _handout_row("WeasyPrint alone, same HTML", at_sample(
            f"{_t(sample['weasyprint_own'])} each", ""), sizes),
    ]


def _handout_rows(result: dict[str, Any], sizes: Sizes) -> list[str]:
    """The handouts: the sample, the two long handouts, memory and the whole set's time."""
    sample = sample_of(result)
    lines = _sample_rows(sample, sizes) if sample else []

    def summary_words(entry: dict[str, Any], words: Callable[[dict[str, Any]], str]) -> str:
        handouts = entry.get("handouts", {})
        return "—" if "summary" not in handouts else words(handouts["summary"])

    lines += [
        _handout_row("overview handout", _summary_cell("overview_s", "overview_pages"), sizes),
        _handout_row("booklet handout", _summary_cell("booklet_s", "booklet_pages"), sizes),
        _handout_row("handouts: peak MB, main / worker", lambda _n, entry: summary_words(
            entry, lambda summary: f"{_mb(summary.get('peak_main_mb'))} / "
            f"{_mb(summary.get('peak_worker_mb'))}"), sizes),
        _handout_row("all handouts, default workers", lambda _n, entry: summary_words(
            entry, lambda summary: _t(summary["total_wall"])
            + (" measured" if summary["how"] == "measured" else " (extrapolated)")), sizes),
    ]
    return lines


def _incremental_lines(sizes: Sizes) -> list[str]:
    """What a rebuild wrote with nothing changed and after one edit (pages, then handouts)."""
    lines = ["Incremental rebuilds (hipback generate):"]
    for n, entry in sizes:
        rebuilds = entry["incremental"]
        edited = rebuilds["edited"]
        lines.append(
            f"  N={n}: first build wrote {rebuilds['first']['written']} files in "
            f"{_t(rebuilds['first']['wall'])}; nothing changed: "
            f"{len(rebuilds['unchanged']['written'])} written, "
            f"{rebuilds['unchanged']['flowchart_renders']} SVG renders "
            f"({_t(rebuilds['unchanged']['wall'])}); one summary edited ({edited['slug']}): "
            f"{len(edited['written'])} written ({', '.join(edited['written'])}) in "
            f"{_t(edited['wall'])}")
        handouts = entry.get("handouts", {})
        if "full" in handouts:
            lines.append(
                f"         handouts: nothing changed → "
                f"{len(handouts['full']['warm']['rendered'])} rendered "
                f"({_t(handouts['full']['warm']['wall'])}); after the edit → "
                f"{', '.join(handouts['edit']['rendered']) or 'none'} "
                f"({_t(handouts['edit']['wall'])})")
    return lines


def _preview_lines(sizes: Sizes) -> list[str]:
    """The preview's latency where it was measured (nothing when it was not)."""
    previews = [(n, entry["preview"]) for n, entry in sizes if "preview" in entry]
    if not previews:
        return []
    lines = ["Preview (hipback serve; write → served HTML):"]
    for n, preview in previews:
        if "error" in preview:
            lines.append(f"  N={n}: failed: {preview['error'].splitlines()[0]}")
            continue
        lines.append(
            f"  N={n}: first build {_t(preview['first_build_s'])}; summary edits "
            f"{', '.join(_t(x) for x in preview['edit_s'])} (median {_t(preview['median_s'])}); "
            f"rename: page {_t(preview['rename_own_page_s'])}, follow-up "
            f"{_t(preview['rename_follow_up_s'])}; peak {_mb(preview.get('peak_mb'))} MB")
    lines.append("")
    return lines


def _diagram_lines(sizes: Sizes) -> list[str]:
    """How the flowchart diagram came out at each size, in words."""
    lines = ["Flowchart diagram:"]
    for n, entry in sizes:
        chart = entry["flowchart"]
        status = {"rendered": "rendered", "error picture": "ERROR PICTURE: mermaid drew "
                  "'Maximum text size in diagram exceeded' instead of the diagram",
                  "timeout": f"not finished after {chart['timeout_s']:.0f} s; stopped, and a "
                  "stand-in diagram (outcomes naming ≤3 conditions) was cached so the other "
                  "stages could run"}[chart["status"]]
        lines.append(f"  N={n}: Mermaid source {chart.get('source_chars', '?')} characters; "
                     f"{status}")
    return lines


def _fact_lines(sizes: Sizes) -> list[str]:
    """Sizes of the outputs and the build's warnings, at each size."""
    lines = ["Other facts:"]
    for n, entry in sizes:
        facts = entry["facts"]
        lines.append(
            f"  N={n}: site {facts['site_mb']:.1f} MB ({facts['html_mb']:.1f} MB HTML), baseline "
            f"site {facts['baseline_site_mb']:.1f} MB; generated Markdown "
            f"{facts['markdown_mb']:.1f} MB; generator + MkDocs + links = "
            f"{stage_sum(entry, SITE_STAGES, 'wall') / entry['stages']['baseline']['wall']:.2f}× "
            f"the plain MkDocs build; MkDocs warnings {facts['mkdocs_warnings']}; broken links "
            f"{facts['link_problems']}")
    return lines


def _target_lines(result: dict[str, Any]) -> list[str]:
    """Every target's verdict, then a warning when other work shared the machine."""
    lines = ["Targets:"]
    for target in result.get("targets", []):
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[target["pass"]]
        unit = target["unit"]
        value = "—" if target["value"] is None else f"{target['value']:.2f}{unit}"
        limit = f"{'≥' if target['id'] == 'handout-speedup' else '≤'} {target['limit']:g}{unit}"
        cpu = ""
        if target.get("value_cpu") is not None:
            cpu_verdict = {True: "pass", False: "fail", None: "n/a"}[target["pass_cpu"]]
            cpu = f" [CPU time: {target['value_cpu']:.2f}{unit} {cpu_verdict}]"
        lines.append(f"  {verdict}  {target['text']}: {value} (target {limit}){cpu}")
        if target.get("note"):
            lines.append(f"        {target['note']}")
    return lines + _load_note(result["machine"])


def _load_note(machine: dict[str, Any]) -> list[str]:
    """A note when the load average says other work shared the CPUs during the run."""
    during = machine.get("loadavg_during")
    busy = during["max"] if during else max(
        [*machine["loadavg_start"][:1], *machine["loadavg_end"][:1]], default=0.0)
    if busy <= machine["usable"] + 1:
        return []
    return [(
        f"  note: the load average reached {busy:.1f} on {machine['usable']} cores (median "
        f"{during['median'] if during else busy:.1f}): other work shared the CPUs, so wall "
        "times are inflated and the 2-worker runs may not get 2 cores; CPU times and the "
        "fastest runs are the steadier guide.")]


def _runs(result: dict[str, Any], n: int) -> int:
    opts = result["options"]
    return int(opts["runs"] if n <= opts["large"] else opts["large_runs"])
