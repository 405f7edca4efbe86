"""Drive the benchmark: make the content, run every stage in a fresh process, check the targets.

Everything happens in a temporary folder (``--work`` to choose it, ``--keep`` to keep it). Each
stage is run ``runs`` times and the median is kept; peak memory is the largest seen. The flowchart
diagram is rendered cold once per size (mermaidx takes seconds to minutes) and comes from the
cache in every later stage, as it does in a real rebuild.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import preview, synth
from .engines import engines
from .stock import write_stock_site

ROOT = Path(__file__).resolve().parent.parent
STANDIN_CACHE = ROOT / ".bench" / "standin-cache"
"""Kept between runs (git-ignored): the stand-in diagram is not a measurement, only an input."""

PIPELINE_STAGES = ("load", "checks", "quality", "render", "write", "mkdocs", "post", "baseline",
                   "stock", "build")
GENERATOR_STAGES = ("load", "model", "checks", "render", "write")
"""The issue's "load + check + render + write" (``hipback generate``)."""
SITE_STAGES = (*GENERATOR_STAGES, "quality", "mkdocs", "post")
"""Everything ``hipback build --no-pdf`` does, stage by stage."""

AGGREGATE_PAGES = frozenset({
    "index.md", "conditions/index.md", "compare.md", "where-does-it-hurt.md", "handouts.md",
    "flowchart.md", "flowchart/graph.json", "api/conditions.json", ".hipback/site.json",
    ".hipback/manifest.txt",
})
"""Generated files that list every condition: an edit to one condition may change these."""

EDIT_SENTENCE = " Ask your GP or a physiotherapist if you are not sure what to do."


class BenchError(Exception):
    """A stage failed: the message holds the end of its output."""


@dataclass
class Options:
    sizes: list[int] = field(default_factory=lambda: [100, 1000])
    runs: int = 3
    large_runs: int = 2
    large: int = 100
    handout_sample: int = 20
    handout_runs: int = 3
    full_handouts_max: int = 100
    booklet_max: int = 100
    flowchart_timeout: float = 60.0
    general_timeout: float = 300.0
    work: Path | None = None
    keep: bool = False
    out: Path = ROOT / "bench-results" / "bench.json"
    quick: bool = False
    handouts: bool = True
    engines: bool = True
    preview: bool = True
    preview_edits: int = 3
    runner: Callable[..., dict[str, Any]] = field(default=None, repr=False)  # type: ignore[assignment]
    progress: Callable[[str], None] = field(default=lambda msg: None, repr=False)

    def __post_init__(self) -> None:
        if self.runner is None:
            self.runner = run_worker

    def runs_for(self, n: int) -> int:
        return self.runs if n <= self.large else self.large_runs


# ---------------------------------------------------------------- processes


LOADS: list[float] = []
"""The 1-minute load average seen before each stage ran (other work on the machine)."""


def run_worker(stage: str, *, timeout: float | None = None, **spec: Any) -> dict[str, Any]:
    """Run one stage in a fresh Python process; return its JSON result."""
    LOADS.extend(loadavg()[:1])
    spec = {"stage": stage, "cwd": str(ROOT),
            **{k: str(v) if isinstance(v, Path) else v for k, v in spec.items()}}
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-25: builds never read the clock
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", json.dumps(spec)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
        raise BenchError(f"stage {stage} failed (exit {proc.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["warnings"] = sum(1 for line in proc.stderr.splitlines() if "WARNING" in line)
    return result


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median wall and CPU time of several runs, largest peak memory, every run kept."""
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "best_wall": min(r["wall"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "children_peak_mb": max(r.get("children_peak_mb", 0.0) for r in runs),
        "runs": [{k: r[k] for k in ("wall", "cpu", "peak_mb")} for r in runs],
    }


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        return []


def cores() -> dict[str, int]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    return {"cpu_count": os.cpu_count() or 0, "usable": usable or (os.cpu_count() or 0)}


# ---------------------------------------------------------------- the plain baseline


def write_baseline_config(docs: Path, dest: Path) -> Path:
    """A plain mkdocs-material config for the generated Markdown: the project's theme settings,
    extensions and plugins, and the nav and names the generator made, but no hooks, no theme
    overrides (custom_dir), no extra CSS or JavaScript."""
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = json.loads((docs / ".hipback" / "site.json").read_text(encoding="utf-8"))
    theme = {k: v for k, v in project["theme"].items() if k not in ("custom_dir", "favicon")}
    theme["language"] = settings["language"].split("-")[0]
    extensions: list[Any] = list(project.get("markdown_extensions", []))
    config = {
        "site_name": settings["site_name"],
        "site_url": settings["site_url"],
        "site_description": settings["site_description"],
        "copyright": settings["copyright"],
        "docs_dir": str(docs),
        "use_directory_urls": project.get("use_directory_urls", True),
        "strict": False,  # the handout PDFs that pages link to are not part of this site
        "theme": theme,
        "markdown_extensions": extensions,
        "plugins": project.get("plugins", ["search"]),
        "nav": settings["nav"],
    }
    dest.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


# ---------------------------------------------------------------- one size


@dataclass
class Size:
    n: int
    root: Path
    content: Path
    cache: Path
    docs: Path
    site: Path
    baseline_site: Path
    baseline_config: Path
    stock: Path

    @classmethod
    def make(cls, work: Path, n: int) -> Size:
        root = work / f"n{n}"
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        synth.generate(root / "content", n)
        return cls(n=n, root=root, content=root / "content", cache=root / "cache",
                   docs=root / "docs", site=root / "site", baseline_site=root / "baseline-site",
                   baseline_config=root / "baseline-mkdocs.yml", stock=root / "stock")


def flowchart_cold(size: Size, opts: Options) -> dict[str, Any]:
    """Render the diagram once with an empty cache, within ``flowchart_timeout``.

    When mermaidx has not finished in time it is stopped, and a stand-in diagram (the same
    flowchart with each outcome naming at most three conditions) goes into the cache under the
    real key, so the rest of the build can be measured; the report says so.
    """
    info = size.root / "flowchart-render.json"
    out: dict[str, Any] = {"timeout_s": opts.flowchart_timeout}
    start = time.perf_counter()
    try:
        r = opts.runner("flowchart", timeout=opts.flowchart_timeout, content=size.content,
                       cache=size.cache, info=info)
        out.update(status="error picture" if r["error_picture"] else "rendered", cold=r)
    except subprocess.TimeoutExpired:
        out.update(status="timeout", cold={"wall": time.perf_counter() - start})
        if not info.is_file():
            raise BenchError(f"the flowchart stage did not reach the renderer within "
                             f"{opts.flowchart_timeout:.0f} s; raise --flowchart-timeout")
        key = json.loads(info.read_text(encoding="utf-8"))["key"]
        standin = opts.runner("flowchart", content=size.content, cache=STANDIN_CACHE, reduce_to=3)
        size.cache.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(standin["raw"], size.cache / f"flowchart-{key}.svg")
        out["standin_wall"] = standin["wall"]
    if info.is_file():
        out["source_chars"] = json.loads(info.read_text(encoding="utf-8"))["source_chars"]
    out["warm"] = opts.runner("flowchart", content=size.content, cache=size.cache)
    return out


def pipeline(size: Size, opts: Options) -> dict[str, Any]:
    """Every build stage, ``runs`` times, each in a fresh process."""
    runs: dict[str, list[dict[str, Any]]] = {s: [] for s in PIPELINE_STAGES}
    common = {"content": size.content, "cache": size.cache}
    for i in range(opts.runs_for(size.n)):
        opts.progress(f"N={size.n}: build stages, run {i + 1} of {opts.runs_for(size.n)}")
        runs["load"].append(opts.runner("load", **common))
        runs["checks"].append(opts.runner("checks", **common))
        runs["quality"].append(opts.runner("quality", **common))
        runs["render"].append(opts.runner("render", **common))
        runs["write"].append(opts.runner("write", docs=size.docs, fresh=True, **common))
        runs["mkdocs"].append(opts.runner("mkdocs", config=ROOT / "mkdocs.yml", docs=size.docs,
                                         site=size.site))
        runs["post"].append(opts.runner("post", site=size.site))
        if i == 0:
            write_baseline_config(size.docs, size.baseline_config)
            write_stock_site(size.docs, size.stock)
        runs["baseline"].append(opts.runner("baseline", config=size.baseline_config,
                                           site=size.baseline_site))
        runs["stock"].append(opts.runner("baseline", config=size.stock / "mkdocs.yml",
                                        site=size.stock / "site"))
        if i == 0:  # the whole build once: the stages above already give the medians
            runs["build"].append(opts.runner("build", config=ROOT / "mkdocs.yml",
                                            docs=size.root / "e2e-docs",
                                            site=size.root / "e2e-site", **common))
    stages = {name: median_of(r) for name, r in runs.items()}
    # load is YAML and models together; split it with the YAML time measured inside
    load_runs = runs["load"]
    stages["model"] = median_of([
        {**r, "wall": r["wall"] - r["yaml_wall"], "cpu": r["cpu"] - r["yaml_cpu"]}
        for r in load_runs
    ])
    stages["load"] = median_of([{**r, "wall": r["yaml_wall"], "cpu": r["yaml_cpu"]}
                                for r in load_runs])
    last = {name: r[-1] for name, r in runs.items()}
    facts = {
        "pages": last["mkdocs"]["pages"],
        "site_mb": last["mkdocs"]["site_bytes"] / 1e6,
        "html_mb": last["mkdocs"]["html_bytes"] / 1e6,
        "baseline_pages": last["baseline"]["pages"],
        "baseline_site_mb": last["baseline"]["site_bytes"] / 1e6,
        "stock_pages": last["stock"]["pages"],
        "files_generated": last["render"]["files"],
        "markdown_mb": last["render"]["bytes"] / 1e6,
        "flowchart_renders_in_render": max(r["flowchart_renders"] for r in runs["render"]),
        "validation_warnings": last["checks"]["warnings"],
        "quality_findings": last["quality"]["errors"] + last["quality"]["warnings"],
        "link_problems": last["post"]["problems"],
        "mkdocs_warnings": last["mkdocs"]["warnings"],
    }
    return {"stages": stages, "facts": facts}


def _edit_condition(size: Size) -> tuple[str, Path, str]:
    slugs = synth.slugs(size.n)
    slug = slugs[len(slugs) // 2]
    path = size.content / "conditions" / f"{slug}.yml"
    original = path.read_text(encoding="utf-8")
    data = original.replace("\nhow_it_causes_pain:",
                            EDIT_SENTENCE.replace(" ", "\n  ", 1) + "\nhow_it_causes_pain:", 1)
    assert data != original
    path.write_text(data, encoding="utf-8")
    return slug, path, original


def incremental(size: Size, opts: Options) -> dict[str, Any]:
    """A rebuild with nothing changed, then with one condition's summary edited."""
    opts.progress(f"N={size.n}: incremental rebuilds")
    docs = size.root / "inc-docs"
    common = {"content": size.content, "cache": size.cache, "docs": docs}
    first = opts.runner("generate", **common)
    again = opts.runner("generate", **common)
    slug, path, original = _edit_condition(size)
    try:
        edited = opts.runner("generate", **common)
    finally:
        path.write_text(original, encoding="utf-8")
    restored = opts.runner("generate", **common)
    allowed = AGGREGATE_PAGES | {f"conditions/{slug}.md"}
    return {
        "first": {"written": len(first["written"]), "wall": first["wall"]},
        "unchanged": {"written": again["written"], "wall": again["wall"],
                      "flowchart_renders": again["flowchart_renders"]},
        "edited": {"slug": slug, "written": edited["written"], "wall": edited["wall"],
                   "flowchart_renders": edited["flowchart_renders"],
                   "unexpected": sorted(set(edited["written"]) - allowed)},
        "restored": {"written": restored["written"]},
    }


def handouts_full(size: Size, opts: Options) -> dict[str, Any]:
    """Every handout from a cold cache (default workers), then again with nothing changed."""
    opts.progress(f"N={size.n}: every handout, cold")
    shutil.rmtree(size.cache / "handouts", ignore_errors=True)
    cold = opts.runner("handouts", content=size.content, cache=size.cache)
    opts.progress(f"N={size.n}: every handout, nothing changed")
    warm = opts.runner("handouts", content=size.content, cache=size.cache)
    cond = {k: v for k, v in cold["seconds"].items() if k not in ("overview", "booklet")}
    return {
        "cold": {k: cold[k] for k in ("wall", "cpu", "peak_mb", "children_peak_mb",
                                      "flowchart_renders")},
        "count": len(cold["paths"]),
        "rendered": len(cold["rendered"]),
        "condition_seconds_median": statistics.median(cond.values()) if cond else None,
        "condition_pages_max": max((cold["pages"][k] for k in cond), default=0),
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
    k = min(opts.handout_sample, len(slugs))
    step = max(1, len(slugs) // k)
    sample = slugs[::step][:k]
    walls: dict[int, list[float]] = {1: [], 2: []}
    seconds: list[float] = []
    fixed: list[float] = []
    peaks: dict[int, float] = {1: 0.0, 2: 0.0}
    for i in range(opts.handout_runs):
        for workers in (1, 2):
            opts.progress(f"N={size.n}: {k} handouts on {workers} worker(s), run {i + 1}")
            cache = size.root / f"hcache-{workers}"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(size.cache, cache)
            for pdf in (cache / "handouts").glob("*.pdf"):
                if _handout_name(pdf) in sample:
                    pdf.unlink()
            r = opts.runner("handouts", content=size.content, cache=cache, workers=workers)
            if sorted(r["rendered"]) != sorted(sample):
                raise BenchError(f"expected to render the sample, rendered {r['rendered']}")
            walls[workers].append(r["wall"])
            peaks[workers] = max(peaks[workers], r["children_peak_mb"])
            if workers == 1:
                seconds += list(r["seconds"].values())
                fixed.append(r["wall"] - sum(r["seconds"].values()))
            shutil.rmtree(cache, ignore_errors=True)
    opts.progress(f"N={size.n}: WeasyPrint alone on the same HTML")
    own = opts.runner("weasyprint", content=size.content, cache=size.cache,
                      names=[sample[0], *sample], out=size.root / "wp-only")
    w1, w2 = statistics.median(walls[1]), statistics.median(walls[2])
    return {
        "sample": k,
        "wall_1": w1,
        "wall_2": w2,
        "best_speedup": min(walls[1]) / min(walls[2]),
        "best_per_handout_1": min(walls[1]) / k,
        "walls": {str(w): v for w, v in walls.items()},
        "per_handout_1": w1 / k,
        "per_handout_2": w2 / k,
        "speedup": w1 / w2 if w2 else None,
        # what one more handout costs: pdf.py's own timing of each job in its worker …
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
    slug, path, original = _edit_condition(size)
    try:
        r = opts.runner("handouts", content=size.content, cache=size.cache)
    finally:
        path.write_text(original, encoding="utf-8")
    return {"slug": slug, "rendered": r["rendered"], "wall": r["wall"],
            "unexpected": sorted(n for n in set(r["rendered"]) - {slug, "overview"}
                                 if not n.startswith("booklet"))}  # its volume of the booklet


def handouts_general(size: Size, opts: Options, *, booklet: bool) -> dict[str, Any]:
    """Overview (and the booklet, when asked) for a size whose handouts are not all rendered."""
    from generator.emit.pdf.volumes import MAX_PER_VOLUME

    out: dict[str, Any] = {}
    for name in ("overview", "booklet") if booklet else ("overview",):
        opts.progress(f"N={size.n}: the {name} handout "
                      f"(at most {opts.general_timeout:.0f} s)")
        shutil.rmtree(size.cache / "handouts", ignore_errors=True)
        start = time.perf_counter()
        # the booklet's first volume above MAX_PER_VOLUME conditions (it renders every part)
        only = "booklet-1" if name == "booklet" and size.n > MAX_PER_VOLUME else name
        try:
            r = opts.runner("handouts", content=size.content, cache=size.cache, only=only,
                            timeout=opts.general_timeout)
        except subprocess.TimeoutExpired:
            out[name] = {"wall": time.perf_counter() - start, "seconds": None, "pages": None,
                         "peak_mb": None, "children_peak_mb": None, "timeout": True}
            continue
        out[name] = {"wall": r["wall"], "seconds": r["seconds"].get(only),
                     "pages": r["pages"].get(only), "peak_mb": r["peak_mb"],
                     "children_peak_mb": r["children_peak_mb"]}
    return out


# ---------------------------------------------------------------- everything


def run(opts: Options) -> dict[str, Any]:
    work = (opts.work or Path(tempfile.mkdtemp(prefix="hipback-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "version": 1,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {**cores(), "python": platform.python_version(),
                    "platform": platform.platform(), "processor": _cpu_model(),
                    "loadavg_start": loadavg()},
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(opts).items()
                    if k not in ("progress", "runner")},
        "sizes": {},
    }
    started = time.perf_counter()
    LOADS.clear()
    try:
        opts.progress("imports")
        result["imports"] = median_of([opts.runner("imports") for _ in range(opts.runs)])
        sample_done: dict[str, Any] | None = None
        for n in opts.sizes:
            opts.progress(f"N={n}: generating synthetic content")
            size = Size.make(work, n)
            entry: dict[str, Any] = {"conditions": n, "yaml": synth.yaml_lines(size.content)}
            opts.progress(f"N={n}: flowchart diagram, cold (at most {opts.flowchart_timeout:.0f} s)")
            entry["flowchart"] = flowchart_cold(size, opts)
            entry.update(pipeline(size, opts))
            if opts.engines:
                entry["engines"] = engines(size, opts)
            entry["incremental"] = incremental(size, opts)
            if opts.preview:
                opts.progress(f"N={n}: hipback serve, edit → served page")
                try:
                    entry["preview"] = preview.measure(size.content, size.root / "preview",
                                                       size.cache, edits=opts.preview_edits)
                except preview.PreviewError as exc:  # reported as a failed target
                    entry["preview"] = {"error": str(exc)[-3000:]}
            handouts: dict[str, Any] = {}
            if not opts.handouts:
                pass
            elif n <= opts.full_handouts_max:
                handouts["full"] = handouts_full(size, opts)
                if sample_done is None:
                    sample_done = handouts_sample(size, opts)
                    handouts["sample"] = sample_done
                handouts["edit"] = handouts_edit(size, opts)
            else:
                handouts["general"] = handouts_general(size, opts,
                                                       booklet=n <= opts.booklet_max)
            entry["handouts"] = handouts
            result["sizes"][str(n)] = entry
            _save(result, opts.out)  # keep what is done if a later size fails
    finally:
        result["machine"]["loadavg_end"] = loadavg()
        if LOADS:
            result["machine"]["loadavg_during"] = {
                "min": min(LOADS), "median": statistics.median(LOADS), "max": max(LOADS)}
        result["elapsed_s"] = time.perf_counter() - started
        if not opts.keep and opts.work is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            result["work"] = str(work)
    from .report import estimate_handouts, evaluate

    estimate_handouts(result)
    result["targets"] = evaluate(result)
    _save(result, opts.out)
    return result


def _save(result: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, sort_keys=False, default=str) + "\n",
                   encoding="utf-8")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def sizes_arg(text: str) -> list[int]:
    return sorted({int(x) for x in text.split(",") if x.strip()})


def _noop(_items: Iterable[str]) -> None:  # pragma: no cover
    pass
