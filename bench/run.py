"""Drive the benchmark: make the content, run every stage in a fresh process, check the targets.

Everything happens in a temporary folder (``--work`` to choose it, ``--keep`` to keep it). Each
stage is run ``runs`` times and the median is kept; peak memory is the largest seen. The flowchart
diagram is rendered cold once per size (mermaidx takes seconds to minutes) and comes from the
cache in every later stage, as it does in a real rebuild.
"""

from __future__ import annotations

import json
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from . import ROOT, preview, synth
from .before import write_before_config
from .core import (
    LOADS,
    STANDIN_CACHE,
    BenchError,
    Options,
    Size,
    cores,
    edit_condition,
    loadavg,
    median_of,
)
from .engines import engines
from .handouts import handouts_edit, handouts_full, handouts_general, handouts_sample
from .report import estimate_handouts, evaluate
from .stock import write_stock_site

PIPELINE_STAGES = ("load", "checks", "quality", "render", "write", "mkdocs", "post", "baseline",
                   "stock", "before", "build")

AGGREGATE_PAGES = frozenset({
    "index.md", "conditions/index.md", "compare.md", "where-does-it-hurt.md", "handouts.md",
    "flowchart.md", "flowchart/graph.json", "api/conditions.json", ".hipback/site.json",
    ".hipback/manifest.txt",
})
"""Generated files that list every condition: an edit to one condition may change these."""


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


def bundled_flowchart(work: Path, opts: Options) -> dict[str, Any]:
    """The bundled content's diagram rendered from an empty cache, ``runs`` times."""
    runs = []
    for i in range(opts.runs):
        try:
            runs.append(opts.runner("flowchart", content=ROOT / "content",
                                    cache=work / f"bundled-fc-{i}",
                                    timeout=opts.flowchart_timeout))
        except subprocess.TimeoutExpired:
            runs.append({"wall": opts.flowchart_timeout, "cpu": opts.flowchart_timeout,
                         "peak_mb": 0.0, "timeout": True})
    return median_of(runs)


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
            before_config = write_before_config(size.docs, size.content)
        runs["baseline"].append(opts.runner("baseline", config=size.baseline_config,
                                           site=size.baseline_site))
        runs["stock"].append(opts.runner("baseline", config=size.stock / "mkdocs.yml",
                                        site=size.stock / "site"))
        runs["before"].append(opts.runner("baseline", config=before_config,
                                         site=size.root / "before-site"))
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


def incremental(size: Size, opts: Options) -> dict[str, Any]:
    """A rebuild with nothing changed, then with one condition's summary edited."""
    opts.progress(f"N={size.n}: incremental rebuilds")
    docs = size.root / "inc-docs"
    common = {"content": size.content, "cache": size.cache, "docs": docs}
    first = opts.runner("generate", **common)
    again = opts.runner("generate", **common)
    slug, path, original = edit_condition(size)
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


# ---------------------------------------------------------------- everything


def run(opts: Options) -> dict[str, Any]:
    """Measure every size in turn, saving after each, then add the estimates and verdicts."""
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
        opts.progress(f"the bundled flowchart diagram, cold, {opts.runs} time(s)")
        result["bundled_flowchart"] = bundled_flowchart(work, opts)
        sample_done: dict[str, Any] | None = None
        for n in opts.sizes:
            opts.progress(f"N={n}: generating synthetic content")
            entry, sample_done = _measure_size(Size.make(work, n), opts, sample_done)
            result["sizes"][str(n)] = entry
            _save(result, opts.out)  # keep what is done if a later size fails
    finally:
        _finish(result, work, opts, started)
    estimate_handouts(result)
    result["targets"] = evaluate(result)
    _save(result, opts.out)
    return result


def _measure_size(size: Size, opts: Options, sample_done: dict[str, Any] | None
                  ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Everything measured at one size; the handout sample is taken once, at the first size
    small enough to render every handout, and handed back for the sizes after it."""
    n = size.n
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
        handouts["general"] = handouts_general(size, opts, booklet=n <= opts.booklet_max)
    entry["handouts"] = handouts
    return entry, sample_done


def _finish(result: dict[str, Any], work: Path, opts: Options, started: float) -> None:
    """What a run records however it ended: the load it saw, its time, and its work folder
    (removed unless asked to keep it)."""
    result["machine"]["loadavg_end"] = loadavg()
    if LOADS:
        result["machine"]["loadavg_during"] = {
            "min": min(LOADS), "median": statistics.median(LOADS), "max": max(LOADS)}
    result["elapsed_s"] = time.perf_counter() - started
    if not opts.keep and opts.work is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        result["work"] = str(work)


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

