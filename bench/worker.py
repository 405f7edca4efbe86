"""One benchmark stage in a fresh process: ``python -m bench.worker '<json spec>'``.

Each stage runs in its own process so its peak memory (``ru_maxrss``) is its own. What a stage
needs from earlier stages (the loaded content, the rendered tree) is made first, untimed; then
only the stage itself is timed. Module imports happen before the clock starts (they are a fixed
cost of every ``hipback`` run, reported once as their own row). The last line of stdout is one
JSON object:

``wall``/``cpu``      seconds of the timed part (CPU includes worker processes it waited for)
``peak_mb``           this process's peak resident memory, whole run (imports and inputs included)
``children_peak_mb``  the largest peak of any process it started (handout workers), or 0
plus stage-specific facts (files written, pages, handouts rendered…).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ROOT
from .drawing import stage_flowchart, stage_handouts, stage_weasyprint
from .engines import stage_engine
from .stagekit import Clock, load_checked, site_facts, timed
from .synth import latest_review

if TYPE_CHECKING:
    from generator.publish.pipeline import Paths


def _today(content: Any) -> dt.date:
    """A fixed "today" for the quality rules: the latest review date in the content."""
    latest: dt.date = max(c.review.last_reviewed for c in content.conditions.values())
    return latest


def _today_of(folder: Path) -> dt.date:
    """:func:`_today` read from the files, without loading the content: the one-process build
    stage measures the peak memory of a build that loads its content once, as the CLI does."""
    return latest_review(folder)


# ---------------------------------------------------------------- stages


def stage_imports(spec: dict[str, Any]) -> dict[str, Any]:
    """What every build pays before any work: importing the generator, MkDocs and Material."""
    with timed() as clock:
        import mkdocs.commands.build
        import mkdocs.config  # noqa: F401

        import generator.checks
        import generator.emit.tree
        import generator.publish.build
        import generator.publish.pipeline  # noqa: F401
    with timed() as cmu:
        from generator.text.readability import cmu_syllables

        cmu_syllables()
    return {"wall": clock.wall, "cpu": clock.cpu, "cmudict_wall": cmu.wall, "cmudict_cpu": cmu.cpu}


def stage_load(spec: dict[str, Any]) -> dict[str, Any]:
    """YAML → plain data with positions (``load``), then pydantic models (``model``)."""
    import generator.load.folder as gfolder
    from generator.model.content import load_content

    yaml = Clock()

    def clocked(fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            with timed() as clock:
                out = fn(*args, **kwargs)
            yaml.wall += clock.wall
            yaml.cpu += clock.cpu
            return out

        return run

    names = vars(gfolder)  # the loader's own references to the YAML functions
    names["load_yaml"] = clocked(names["load_yaml"])
    names["parse_yaml"] = clocked(names["parse_yaml"])
    with timed() as clock:
        content, report = load_content(Path(spec["content"]))
    assert content is not None, report.sorted()
    return {"wall": clock.wall, "cpu": clock.cpu, "yaml_wall": yaml.wall, "yaml_cpu": yaml.cpu,
            "conditions": len(content.conditions)}


def stage_checks(spec: dict[str, Any]) -> dict[str, Any]:
    from generator.checks import run_checks
    from generator.model.content import load_content

    content, report = load_content(Path(spec["content"]))
    assert content is not None
    with timed() as clock:
        run_checks(content, report)
    return {"wall": clock.wall, "cpu": clock.cpu, "errors": len(report.errors),
            "warnings": len(report.warnings)}


def stage_quality(spec: dict[str, Any]) -> dict[str, Any]:
    """The quality rules ``hipback build`` runs before building (reading grades included)."""
    from generator.checks.quality import check_quality
    from generator.text.readability import cmu_syllables

    content = load_checked(spec)
    cmu_syllables()  # the dictionary load is a fixed cost, counted in the imports row
    with timed() as clock:
        found = check_quality(content, today=_today(content))
    errors = sum(1 for d in found if d.severity == "error")
    return {"wall": clock.wall, "cpu": clock.cpu, "errors": errors, "warnings": len(found) - errors}


def stage_render(spec: dict[str, Any]) -> dict[str, Any]:
    """The whole generated tree in memory (Markdown, SVG, JSON); the flowchart SVG is cached."""
    import generator.emit.flowchart.svg as fsvg
    from generator.emit.flowchart import build_flowchart
    from generator.publish.pipeline import docs_tree
    from generator.resolve import resolve
    from generator.text.readability import cmu_syllables

    content = load_checked(spec)
    cmu_syllables()
    renders = fsvg.RENDER_COUNT
    with timed() as clock:
        resolved = resolve(content)
        files = docs_tree(resolved, build_flowchart(resolved, cache_dir=Path(spec["cache"])))
    return {"wall": clock.wall, "cpu": clock.cpu, "files": len(files),
            "bytes": sum(len(b) for b in files.values()),
            "flowchart_renders": fsvg.RENDER_COUNT - renders}


def stage_write(spec: dict[str, Any]) -> dict[str, Any]:
    """Writing the tree (and the MkDocs config) into a docs folder: ``fresh`` starts empty."""
    from generator.emit.flowchart import build_flowchart
    from generator.publish.mkdocs import write_config
    from generator.publish.pipeline import docs_tree, site_configuration
    from generator.resolve import resolve
    from generator.write import write_tree

    content = load_checked(spec)
    resolved = resolve(content)
    files = docs_tree(resolved, build_flowchart(resolved, cache_dir=Path(spec["cache"])))
    paths = _paths(spec)
    if spec.get("fresh") and paths.docs.exists():
        shutil.rmtree(paths.docs)
    with timed() as clock:
        result = write_tree(paths.docs, files)
        write_config(site_configuration(resolved, paths), paths.generated_config)
    return {"wall": clock.wall, "cpu": clock.cpu, "written": len(result.written),
            "unchanged": len(result.unchanged), "removed": len(result.removed)}


def stage_mkdocs(spec: dict[str, Any]) -> dict[str, Any]:
    """MkDocs + Material with the generated config (``hipback build`` does this)."""
    from mkdocs.commands.build import build  # noqa: F401  (imported before the clock)
    from mkdocs.config import load_config  # noqa: F401

    from generator.publish.mkdocs import mkdocs_build

    site = Path(spec["site"])
    if site.exists():
        shutil.rmtree(site)
    with timed() as clock:
        mkdocs_build(Path(spec["docs"]).parent / "mkdocs.yml", site)
    return {"wall": clock.wall, "cpu": clock.cpu, **site_facts(site)}


def stage_baseline(spec: dict[str, Any]) -> dict[str, Any]:
    """Plain MkDocs + Material on the same Markdown: bench-written mkdocs.yml, no hooks."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = Path(spec["site"])
    if site.exists():
        shutil.rmtree(site)
    with timed() as clock:
        cfg = load_config(config_file=spec["config"], site_dir=str(site))
        build(cfg)
    return {"wall": clock.wall, "cpu": clock.cpu, **site_facts(site)}


def stage_post(spec: dict[str, Any]) -> dict[str, Any]:
    """After MkDocs: the Content-Security-Policy on every page, then the internal link check,
    on the pages as the CSP step parsed them (one parse a page, as ``hipback build`` does)."""
    from generator.publish.csp import apply_csp_scanned
    from generator.publish.linkcheck import check_built_site

    site = Path(spec["site"])
    with timed() as clock:
        # our templates' inline scripts are allowed too
        scanned = apply_csp_scanned(site, [ROOT / "overrides"])
        problems = check_built_site(site, ignore_suffixes=(".pdf",), scanned=scanned)
    return {"wall": clock.wall, "cpu": clock.cpu, "problems": len(problems),
            "first_problems": problems[:5]}


def stage_build(spec: dict[str, Any]) -> dict[str, Any]:
    """``hipback build --no-pdf`` in one process, as a user runs it: every stage above, in order
    (with ``languages``: every translated language's tree too, as ``--languages`` builds them).

    The sum of the separate stages shows where time goes; this shows what the whole costs,
    including what one stage leaves in memory for the next (peak memory of the real build).
    """
    from generator.checks import check_folder
    from generator.publish.build import build_site
    from generator.publish.pipeline import Paths
    from generator.text.readability import cmu_syllables

    cmu_syllables()
    docs, site = Path(spec["docs"]), Path(spec["site"])
    for folder in (docs, site):
        if folder.exists():
            shutil.rmtree(folder)
    today = _today_of(Path(spec["content"]))
    with timed() as clock:
        languages = bool(spec.get("languages"))  # as the CLI does (--languages, --no-languages)
        checked = check_folder(Path(spec["content"]), today=today, languages=languages)
        assert checked.content is not None, checked.report.sorted()
        content = checked.content
        checked = checked.for_build(languages=languages)
        stats = build_site(content,
                           Paths(content=Path(spec["content"]), docs=docs, site=site,
                                 cache=Path(spec["cache"]), config=Path(spec["config"])),
                           readings=checked.readings, with_pdf=False,
                           languages=checked.localised if spec.get("languages") else None)
    return {"wall": clock.wall, "cpu": clock.cpu, "languages": sorted(checked.localised)
            if spec.get("languages") else [], **stats}


def stage_generate(spec: dict[str, Any]) -> dict[str, Any]:
    """``hipback generate`` as the incremental checks use it: load, check, render, write."""
    import generator.emit.flowchart.svg as fsvg
    from generator.publish.pipeline import HandoutSource, Plan, run

    content = load_checked(spec)
    renders = fsvg.RENDER_COUNT
    with timed() as clock:
        result = run(content, _paths(spec), Plan(handouts=HandoutSource.NONE, engine=None)).written
    assert result is not None
    return {"wall": clock.wall, "cpu": clock.cpu, "written": result.written,
            "removed": result.removed, "unchanged": len(result.unchanged),
            "flowchart_renders": fsvg.RENDER_COUNT - renders}


def _paths(spec: dict[str, Any]) -> Paths:
    """The pipeline's folders for a stage that writes the docs tree (and its configuration)."""
    from generator.publish.pipeline import Paths

    docs = Path(spec["docs"])
    return Paths(content=Path(spec["content"]), docs=docs, site=docs.parent / "site",
                 cache=Path(spec["cache"]), config=ROOT / "mkdocs.yml")


STAGES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "imports": stage_imports,
    "load": stage_load,
    "checks": stage_checks,
    "quality": stage_quality,
    "render": stage_render,
    "write": stage_write,
    "mkdocs": stage_mkdocs,
    "post": stage_post,
    "baseline": stage_baseline,
    "flowchart": stage_flowchart,
    "handouts": stage_handouts,
    "weasyprint": stage_weasyprint,
    "generate": stage_generate,
    "build": stage_build,
    "engine": stage_engine,
}


def run_here(stage: str, *, timeout: float | None = None, **spec: Any) -> dict[str, Any]:
    """Run a stage in this process (for tests): same result, but peak memory is the caller's."""
    spec = {"stage": stage, **{k: str(v) if isinstance(v, Path) else v for k, v in spec.items()}}
    result = STAGES[stage](spec)
    result.setdefault("peak_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result.setdefault("children_peak_mb", result.pop("workers_peak_mb", 0.0))
    result.setdefault("warnings", 0)
    return result


def _peaks(workers_peak_mb: float) -> dict[str, float]:
    """This process's peak memory and its children's, each its own.

    ``ru_maxrss`` is not: Linux carries a process's high-water mark over ``exec``, so this
    worker's would be at least the benchmark's own (which made the content, hundreds of MB at
    1,000 conditions), and a child's at least this worker's. Where ``/proc`` has it, the peak
    is the address space's own (``VmHWM``); a MkDocs child reports its own the same way
    (``ENGINE_RUNS``), and ``tree_peak_mb`` is the most the build and its MkDocs children held
    together: for each child, the build's size when it started, its peak, and the peaks of the
    children that ran beside it (a site's languages are built side by side, ``publish/engines.py``)
    — an upper bound, as the peaks need not have come at the same moment."""
    from generator.publish.mkdocs import ENGINE_RUNS, memory_mb

    own = memory_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB
    engine = max((run.peak for run in ENGINE_RUNS), default=0.0)
    return {"peak_mb": own, "mkdocs_peak_mb": engine,
            "children_peak_mb": max(engine, workers_peak_mb) if ENGINE_RUNS or workers_peak_mb
            else children,
            "tree_peak_mb": max([own, *(run.here + sum(
                other.peak for other in ENGINE_RUNS
                if other.started < run.ended and run.started < other.ended)
                for run in ENGINE_RUNS)])}


def main(argv: list[str]) -> int:
    spec = json.loads(argv[0])
    os.chdir(spec.get("cwd", str(ROOT)))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    result = STAGES[spec["stage"]](spec)
    result.update(_peaks(result.pop("workers_peak_mb", 0.0)))
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
