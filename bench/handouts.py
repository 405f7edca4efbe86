"""The handout stages of ``python -m bench``: every handout cold and warm, the 1-vs-2-worker
sample, one edit, and the overview and booklet alone at large sizes."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from . import synth
from .core import BenchError, Options, Size, edit_condition


def handouts_full(size: Size, opts: Options) -> dict[str, Any]:
    """Every handout from a cold cache (default workers), then again with nothing changed."""
    opts.progress(f"N={size.n}: every handout, cold")
    shutil.rmtree(size.cache / "handouts", ignore_errors=True)
    cold = opts.runner("handouts", content=size.content, cache=size.cache)
    opts.progress(f"N={size.n}: every handout, nothing changed")
    warm = opts.runner("handouts", content=size.content, cache=size.cache)
    conditions = {k: v for k, v in cold["seconds"].items()
            if k not in ("overview", "booklet", "hazard-log")}
    return {
        "cold": {k: cold[k] for k in ("wall", "cpu", "peak_mb", "children_peak_mb",
                                      "flowchart_renders")},
        "count": len(cold["paths"]),
        "rendered": len(cold["rendered"]),
        "condition_seconds_median": statistics.median(conditions.values()) if conditions else None,
        "condition_pages_max": max((cold["pages"][k] for k in conditions), default=0),
        "compact": cold["compact"],
        "overview": {"seconds": cold["seconds"].get("overview"),
                     "pages": cold["pages"].get("overview")},
        "booklet": {"seconds": cold["seconds"].get("booklet"),
                    "pages": cold["pages"].get("booklet")},
        "warm": {"wall": warm["wall"], "rendered": warm["rendered"], "cached": warm["cached"]},
    }


def handouts_sample(size: Size, opts: Options) -> dict[str, Any]:
    """The same condition handouts rendered on 1 and on 2 worker processes.

    Starts from the full cache of :func:`handouts_full` with the sample's PDFs removed, so each
    run renders exactly the sample (the overview and booklet stay cached), through the public
    ``render_handouts``. Runs alternate 1, 2, 1, 2… so background load hits both alike.
    """
    slugs = synth.slugs(size.n)
    count = min(opts.handout_sample, len(slugs))
    step = max(1, len(slugs) // count)
    sample = slugs[::step][:count]
    walls: dict[int, list[float]] = {1: [], 2: []}
    seconds: list[float] = []
    fixed: list[float] = []
    peaks: dict[int, float] = {1: 0.0, 2: 0.0}
    for i in range(opts.handout_runs):
        for workers in (1, 2):
            opts.progress(f"N={size.n}: {count} handouts on {workers} worker(s), run {i + 1}")
            cache = size.root / f"hcache-{workers}"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(size.cache, cache)
            for pdf in (cache / "handouts").glob("*.pdf"):
                if _handout_name(pdf) in sample:
                    pdf.unlink()
            report = opts.runner("handouts", content=size.content, cache=cache, workers=workers)
            if sorted(report["rendered"]) != sorted(sample):
                raise BenchError(f"expected to render the sample, rendered {report['rendered']}")
            walls[workers].append(report["wall"])
            peaks[workers] = max(peaks[workers], report["children_peak_mb"])
            if workers == 1:
                seconds += list(report["seconds"].values())
                fixed.append(report["wall"] - sum(report["seconds"].values()))
            shutil.rmtree(cache, ignore_errors=True)
    opts.progress(f"N={size.n}: WeasyPrint alone on the same HTML")
    own = opts.runner("weasyprint", content=size.content, cache=size.cache,
                      names=[sample[0], *sample], out=size.root / "wp-only")
    wall_1, wall_2 = statistics.median(walls[1]), statistics.median(walls[2])
    return {
        "sample": count,
        "wall_1": wall_1,
        "wall_2": wall_2,
        "best_speedup": min(walls[1]) / min(walls[2]),
        "best_per_handout_1": min(walls[1]) / count,
        "walls": {str(w): v for w, v in walls.items()},
        "per_handout_1": wall_1 / count,
        "per_handout_2": wall_2 / count,
        "speedup": wall_1 / wall_2 if wall_2 else None,
        # what one more handout costs: pdfwork.py's own timing of each job in its worker …
        "inside_worker_mean": statistics.fmean(seconds),
        # … and what every build pays once: HTML for all handouts, starting the worker
        "fixed_1": statistics.median(fixed),
        "weasyprint_own": statistics.fmean(own["seconds"].values()),
        "weasyprint_own_pages": sorted(set(own["pages"].values())),
        "worker_peak_mb": peaks,
    }


def _handout_name(pdf: Path) -> str:
    """``sciatica-<20 hex digits>.pdf`` (generator.pdf's cache file name) → ``sciatica``."""
    stem = pdf.stem
    name, _, digest = stem.rpartition("-")
    return name if len(digest) == 20 else stem


def handouts_edit(size: Size, opts: Options) -> dict[str, Any]:
    """Edit one condition's summary: which handouts are rendered again, and what it costs."""
    opts.progress(f"N={size.n}: handouts after editing one condition")
    slug, path, original = edit_condition(size)
    try:
        report = opts.runner("handouts", content=size.content, cache=size.cache)
    finally:
        path.write_text(original, encoding="utf-8")
    return {"slug": slug, "rendered": report["rendered"], "wall": report["wall"],
            "unexpected": sorted(n for n in set(report["rendered"]) - {slug, "overview"}
                                 if not n.startswith("booklet"))}  # its volume of the booklet


def handouts_general(size: Size, opts: Options, *, booklet: bool) -> dict[str, Any]:
    """Overview (and the booklet, when asked) for a size whose handouts are not all rendered."""
    from generator.model.sitemap import MAX_PER_VOLUME

    out: dict[str, Any] = {}
    for name in ("overview", "booklet") if booklet else ("overview",):
        opts.progress(f"N={size.n}: the {name} handout "
                      f"(at most {opts.general_timeout:.0f} s)")
        shutil.rmtree(size.cache / "handouts", ignore_errors=True)
        start = time.perf_counter()
        # the booklet's first volume above MAX_PER_VOLUME conditions (it renders every part)
        only = "booklet-1" if name == "booklet" and size.n > MAX_PER_VOLUME else name
        try:
            report = opts.runner("handouts", content=size.content, cache=size.cache, only=only,
                            timeout=opts.general_timeout)
        except subprocess.TimeoutExpired:
            out[name] = {"wall": time.perf_counter() - start, "seconds": None, "pages": None,
                         "peak_mb": None, "children_peak_mb": None, "timeout": True}
            continue
        out[name] = {"wall": report["wall"], "seconds": report["seconds"].get(only),
                     "pages": report["pages"].get(only), "peak_mb": report["peak_mb"],
                     "children_peak_mb": report["children_peak_mb"]}
    return out


