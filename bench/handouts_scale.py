"""``python -m bench.handouts_scale``: the whole handout set at size N, in bounded memory.

What issue 16 asks of the handouts, measured on synthetic content (``bench/synth.py``):

* **handout-set**: every handout (each condition, the overview, every booklet volume) from a
  cold cache, against the ideal ``N × one handout ÷ workers``, where "one handout" is the mean
  time a condition handout took inside its worker in the same run (so background load weighs on
  both sides alike). Target ≤ 1.2×.
* **worker-memory**: the peak resident memory of every process that renders or joins (each job
  reports its worker's ``ru_maxrss``), at every N, plus one join at the volume limit
  (:data:`generator.emit.pdf.volumes.MAX_PER_VOLUME` copies of a condition handout behind the
  overview) — the largest booklet job there can be. Target ≤ 400 MB. The main process is
  reported beside it.
* **no-change**: the same run again with nothing changed renders (and joins) 0 PDFs.

Each measurement runs in a fresh process (``--stage``), so its peak memory is its own. Results go
to ``bench-results/handouts.json``; the table prints PASS/FAIL rows like ``python -m bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ROOT
from .core import Options, Size, cores, loadavg
from .run import flowchart_cold
from .stagekit import cpu_seconds

SET_OVERHEAD_MAX = 1.2
WORKER_MB_MAX = 400.0


# ---------------------------------------------------------------- stages (fresh processes)


def stage_full(spec: dict[str, Any]) -> dict[str, Any]:
    """``render_handouts`` for every handout (or ``only`` one), with the cache as it is."""
    from generator.checks import load_and_check
    from generator.emit.flowchart import build_flowchart
    from generator.publish.handouts import render_handouts
    from generator.resolve import resolve

    content, report = load_and_check(Path(spec["content"]))
    assert content is not None, [d.format() for d in report.errors]
    wall, cpu = time.perf_counter(), cpu_seconds()
    r = resolve(content)
    fc = build_flowchart(r, cache_dir=Path(spec["cache"]))
    out = render_handouts(r, fc, cache_dir=Path(spec["cache"]), workers=spec["workers"],
                          only=spec.get("only"))
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    names = [spec["only"]] if spec.get("only") else list(r.links.handouts)
    conditions = [out.seconds[s] for s in content.conditions if s in out.seconds]
    return {
        # ``cpu`` is this process's only: the workers are not its children (forkserver)
        "wall": wall, "cpu": cpu, "work_s": sum(out.seconds.values()),
        "handouts": len(names), "rendered": out.rendered,
        "condition_mean_s": statistics.fmean(conditions) if conditions else None,
        "seconds": out.seconds, "pages": out.pages,
        "worker_peak_mb": out.worker_peak_mb, "workers": len(set(out.workers.values())),
        "volumes": [n for n in names if n.startswith("booklet")],
    }


def stage_join_limit(spec: dict[str, Any]) -> dict[str, Any]:
    """The largest booklet job there can be: a full volume of the largest condition handout,
    behind the overview, with the contents of as many entries — laid out and joined the way
    ``render_handouts`` does it (the front on a worker, the join in a fresh process)."""
    from concurrent.futures import ProcessPoolExecutor

    from generator.emit.pdf.booklet import fill_pages
    from generator.model.sitemap import MAX_PER_VOLUME
    from generator.publish.handouts import worker_context
    from generator.publish.pdfjoin import JoinJob, Part, join_in_fresh_process, page_count
    from generator.publish.pdfwork import RenderJob, environment_fingerprint, render_job

    handout = Path(spec["handout"]).read_bytes()
    overview = Path(spec["overview"]).read_bytes()
    count = int(spec.get("count") or MAX_PER_VOLUME)
    slots = "".join(f'<li><a href="https://example.org/{i}" data-page="@{i}">Condition {i}</a>'
                    "</li>" for i in range(count + 1))
    front = Path(spec["front"]).read_text(encoding="utf-8")
    start, end = front.index("<ol>"), front.rindex("</ol>") + len("</ol>")
    front = front[:start] + f"<ol>{slots}</ol>" + front[end:]
    each = page_count(handout)
    firsts = [1] + [1 + page_count(overview) + i * each for i in range(count)]
    parts = (Part(title="Overview", pdf=overview),
             *(Part(title=f"Condition {i}", pdf=handout, group=f"Group {i * 4 // count}",
                    url=f"https://example.org/{i + 1}") for i in range(count)))
    paper = spec["paper"]
    wall = time.perf_counter()
    with ProcessPoolExecutor(1, mp_context=worker_context()) as pool:
        laid = pool.submit(render_job, RenderJob(
            name="front", html=fill_pages(front, firsts), paper=paper,
            fingerprint=environment_fingerprint(paper))).result()
    done = join_in_fresh_process(JoinJob(name="booklet", front=laid.pdf, parts=parts))
    return {"wall": time.perf_counter() - wall, "conditions": count, "pages": done.pages,
            "bytes": len(done.pdf), "peak_mb": done.peak_mb, "front_peak_mb": laid.peak_mb,
            "join_s": done.seconds, "front_s": laid.seconds}


STAGES = {"full": stage_full, "join-limit": stage_join_limit}


def run_stage(stage: str, *, module: str = "bench.handouts_scale", **spec: Any) -> dict[str, Any]:
    """Run ``module``'s ``--stage`` in a fresh process (its peak memory is its own); return the
    JSON result its last line prints."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("SOURCE_DATE_EPOCH", "1795651200")
    spec = {"stage": stage, **{k: str(v) if isinstance(v, Path) else v for k, v in spec.items()}}
    proc = subprocess.run([sys.executable, "-m", module, "--stage",
                           json.dumps(spec)], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"stage {stage} failed:\n" + "\n".join(
            (proc.stdout + proc.stderr).splitlines()[-30:]))
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _stage_main(spec: dict[str, Any]) -> int:
    return print_stage(STAGES[spec["stage"]](spec))


def print_stage(result: dict[str, Any]) -> int:
    """A stage's result with this process's and its children's peak memory, as the last line."""
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result.update(main_peak_mb=own_peak, children_peak_mb=children_peak)
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


# ---------------------------------------------------------------- the run


@dataclass
class Settings:
    sizes: list[int] = field(default_factory=lambda: [100, 1000])
    full_max: int = 1000  # larger sizes: the overview alone (its memory is what grows with N)
    workers: int = 0  # 0: every usable core
    work: Path | None = None
    out: Path = ROOT / "bench-results" / "handouts.json"
    flowchart_timeout: float = 120.0


def measure(settings: Settings, progress: Any = print) -> dict[str, Any]:
    workers = settings.workers or cores()["usable"]
    work = (settings.work or Path(tempfile.mkdtemp(prefix="hipback-handouts-"))).resolve()
    result: dict[str, Any] = {"machine": {**cores(), "loadavg_start": loadavg()},
                              "workers": workers, "sizes": {}, "overview_only": {}}
    last: Size | None = None
    try:
        for n in settings.sizes:
            progress(f"N={n}: synthetic content and its flowchart diagram")
            size = Size.make(work, n)
            flowchart_cold(size, Options(flowchart_timeout=settings.flowchart_timeout))
            if n > settings.full_max:
                progress(f"N={n}: the overview alone")
                result["overview_only"][str(n)] = run_stage(
                    "full", content=size.content, cache=size.cache, workers=1, only="overview")
                continue
            progress(f"N={n}: every handout, cold cache, {workers} worker(s)")
            cold = run_stage("full", content=size.content, cache=size.cache, workers=workers)
            progress(f"N={n}: again, nothing changed")
            warm = run_stage("full", content=size.content, cache=size.cache, workers=workers)
            result["sizes"][str(n)] = {"cold": cold, "warm": warm}
            last = size
        if last is not None:  # from the handouts of the largest fully rendered size
            progress("one join at the volume limit")
            folder = last.cache / "handouts"
            handout = max((p for p in folder.glob("*.pdf") if not p.name.startswith(
                ("overview-", "booklet"))), key=lambda p: p.stat().st_size)
            overview = next(folder.glob("overview-*.pdf"))
            result["join_limit"] = run_stage("join-limit", handout=handout, overview=overview,
                                             front=_a_front(last), paper="A4")
    finally:
        result["machine"]["loadavg_end"] = loadavg()
        if settings.work is None:
            shutil.rmtree(work, ignore_errors=True)
    result["targets"] = evaluate(result)
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def _a_front(size: Size) -> Path:
    """A booklet front of this content (its HTML, slots and all), for the join at the limit."""
    from generator.checks import load_and_check
    from generator.emit.flowchart import build_flowchart
    from generator.emit.pdf.booklet import booklet_volumes
    from generator.resolve import resolve

    content, _ = load_and_check(size.content)
    assert content is not None
    resolved = resolve(content)
    path = size.root / "front.html"
    chart = build_flowchart(resolved, cache_dir=size.cache)
    path.write_text(booklet_volumes(resolved, chart)[0].front, encoding="utf-8")
    return path


# ---------------------------------------------------------------- verdicts


def target_row(tid: str, text: str, value: float | None, limit: float, unit: str,
         note: str) -> dict[str, Any]:
    return {"id": tid, "text": text, "value": value, "limit": limit, "unit": unit,
            "pass": None if value is None else value <= limit, "note": note}


def evaluate(result: dict[str, Any]) -> list[dict[str, Any]]:
    sizes = sorted(((int(n), entry) for n, entry in result["sizes"].items()), key=lambda t: t[0])
    if not sizes:
        return []
    workers = result["workers"]
    rows = []
    notes = []
    ratio = None
    for n, entry in sizes:
        cold = entry["cold"]
        ideal = n * cold["condition_mean_s"] / min(workers, max(cold["workers"], 1))
        ratio = cold["wall"] / ideal
        notes.append(f"N={n}: {cold['wall']:.1f} s for {cold['handouts']} handouts "
                     f"({', '.join(cold['volumes'])}) vs {n} × {cold['condition_mean_s']:.2f} s "
                     f"÷ {workers} = {ideal:.1f} s → {ratio:.2f}×")
    n_big = sizes[-1][0]
    rows.append(target_row("handout-set", f"every handout at N={n_big} vs N × one handout ÷ workers",
                     ratio, SET_OVERHEAD_MAX, "×", "; ".join(notes)))

    peaks = {f"N={n} {name}": mb for n, entry in sizes
             for name, mb in entry["cold"]["worker_peak_mb"].items()}
    for n, entry in result.get("overview_only", {}).items():
        peaks[f"N={n} overview alone ({entry['pages']['overview']} pages)"] = (
            entry["worker_peak_mb"]["overview"])
    join = result.get("join_limit")
    if join:
        peaks[f"join of {join['conditions']} conditions ({join['pages']} pages)"] = (
            join["peak_mb"])
        peaks[f"front of {join['conditions']} conditions"] = join["front_peak_mb"]
    worst = max(peaks, key=lambda k: peaks[k])
    mains = ", ".join(f"N={n} {entry['cold']['main_peak_mb']:.0f}" for n, entry in sizes)
    rows.append(target_row("worker-memory", "peak memory of any worker process (renders and joins)",
                     peaks[worst], WORKER_MB_MAX, " MB",
                     f"largest: {worst}; main process: {mains} MB"))

    again = sum(len(entry["warm"]["rendered"]) for _n, entry in sizes)
    rows.append(target_row("no-change", "PDFs rendered or joined by a rebuild with nothing changed",
                     float(again), 0.0, "", "; ".join(
                         f"N={n}: {len(entry['warm']['rendered'])} in {entry['warm']['wall']:.1f} s"
                         for n, entry in sizes)))
    return rows


def format_table(result: dict[str, Any]) -> str:
    machine = result["machine"]
    lines = [(f"Handouts at scale — {result['workers']} worker(s) on {machine['usable']} usable "
              f"core(s); load average {machine['loadavg_start'][:1]} → "
              f"{machine['loadavg_end'][:1]}"), ""]
    for n, entry in sorted(result["sizes"].items(), key=lambda item: int(item[0])):
        cold = entry["cold"]
        kinds: dict[str, list[float]] = {"condition": [], "overview": [], "booklet": []}
        for name, mb in cold["worker_peak_mb"].items():
            kind = ("booklet" if name.startswith("booklet") else
                    "overview" if name == "overview" else "condition")
            kinds[kind].append(mb)
        lines.append(
            f"N={n}: {cold['handouts']} handouts in {cold['wall']:.1f} s wall "
            f"({cold['work_s']:.0f} s in workers); overview "
            f"{cold['seconds'].get('overview', 0):.1f} s "
            f"({cold['pages'].get('overview', 0)} pages); "
            + ", ".join(f"{volume} {cold['seconds'].get(volume, 0):.1f} s "
                        f"({cold['pages'].get(volume, 0)} pages)" for volume in cold["volumes"])
            + "; worker peak MB: " + ", ".join(f"{kind} {max(peaks):.0f}"
                                               for kind, peaks in kinds.items() if peaks)
            + f"; main {cold['main_peak_mb']:.0f} MB")
    for n, entry in sorted(result.get("overview_only", {}).items(), key=lambda item: int(item[0])):
        lines.append(f"N={n}: the overview alone in {entry['wall']:.1f} s, "
                     f"{entry['pages']['overview']} pages, worker peak "
                     f"{entry['worker_peak_mb']['overview']:.0f} MB, main "
                     f"{entry['main_peak_mb']:.0f} MB")
    join = result.get("join_limit")
    if join:
        lines.append(f"join at the volume limit: {join['conditions']} conditions, "
                     f"{join['pages']} pages, {join['bytes'] / 1e6:.1f} MB; front laid out in "
                     f"{join['front_s']:.1f} s (worker peak {join['front_peak_mb']:.0f} MB), "
                     f"joined in {join['join_s']:.1f} s (peak {join['peak_mb']:.0f} MB)")
    return "\n".join([*lines, *target_lines(result["targets"])])


def target_lines(targets: list[dict[str, Any]]) -> list[str]:
    """The PASS/FAIL rows of ``targets``, as the tables print them."""
    lines = ["", "Targets:"]
    for target in targets:
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[target["pass"]]
        value = "—" if target["value"] is None else f"{target['value']:.2f}{target['unit']}"
        lines.append(f"  {verdict}  {target['text']}: {value} "
                     f"(target ≤ {target['limit']:g}{target['unit']})")
        lines.append(f"        {target['note']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.handouts_scale", description=__doc__)
    parser.add_argument("--sizes", default="100,1000", help="condition counts (default 100,1000)")
    parser.add_argument("--full-max", type=int, default=1000,
                   help="render every handout up to this size; above it, the overview alone")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (default: cores)")
    parser.add_argument("--work", type=Path, default=None, help="keep the work folder here")
    parser.add_argument("--out", type=Path, default=Settings().out)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        return _stage_main(json.loads(args.stage))
    settings = Settings(sizes=sorted({int(x) for x in args.sizes.split(",") if x.strip()}),
                 full_max=args.full_max, workers=args.workers, work=args.work, out=args.out)
    result = measure(settings, progress=lambda msg: print(f"[handouts] {msg}", file=sys.stderr,
                                                    flush=True))
    print(format_table(result))
    return 0 if all(t["pass"] is not False for t in result["targets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
