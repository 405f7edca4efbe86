"""``python -m bench.languages``: N conditions in three languages against the same N in one.

What issue 25 asks of a site in several languages, measured on synthetic content
(``bench/synth.py``) translated into the bundled content's languages (Welsh and Arabic: three
with the source), every text filled in the way a translator's tool fills a PO file
(:func:`bench.synth.translate`):

* **lang-site**: ``hipback build --no-pdf --languages`` against ``hipback build --no-pdf`` on the
  same content, each in a fresh process with a cold site folder, run in turn so the machine's load
  weighs on both alike. Target ≤ 3.3×: each language is a whole site of its own, so three
  cost about three, and the part done once (checking the content, the CSP's and the link check's
  set-up, starting MkDocs) must not be paid again per language.
* **lang-handouts** and **lang-worker-memory** (with ``--handouts``): every handout in every
  language from a cold cache against ``N × languages × one handout ÷ workers`` (target ≤ 1.1×),
  and no worker over 400 MB.

Each measurement runs in a fresh process; results go to ``bench-results/languages.json`` and
the table prints PASS/FAIL rows like ``python -m bench``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import ROOT, synth
from .core import cores, loadavg, run_worker
from .handouts_scale import print_stage, run_stage, target_lines, target_row
from .stagekit import cpu_seconds

SITE_RATIO_MAX = 3.3
HANDOUT_SET_MAX = 1.1
WORKER_MB_MAX = 400.0


@dataclass
class Settings:
    sizes: list[int] = field(default_factory=lambda: [1000])
    runs: int = 1
    site: bool = True  # the site builds, one language and every language
    handouts: bool = True  # every handout in every language, cold (the slowest part)
    workers: int = 0  # 0: every usable core
    languages: tuple[str, ...] = ()  # () : the bundled content's translations
    work: Path | None = None
    out: Path = ROOT / "bench-results" / "languages.json"


def bundled_languages() -> tuple[str, ...]:
    """The languages the bundled content is translated into (its translation folders)."""
    folder = ROOT / "content" / "translations"
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_dir())) if folder.is_dir() else ()


def _site_runs(root: Path, content: Path, runs: int,
               progress: Callable[[str], None]) -> dict[str, list[dict[str, Any]]]:
    """The one-language and the every-language build, ``runs`` times each, in turn."""
    out: dict[str, list[dict[str, Any]]] = {"one": [], "all": []}
    for i in range(runs):
        for key, languages in (("one", False), ("all", True)):
            progress(f"  build --no-pdf{' --languages' if languages else ''} (run {i + 1})")
            out[key].append(run_worker(
                "build", content=content, config=ROOT / "mkdocs.yml", cache=root / "cache",
                docs=root / f"docs-{key}", site=root / f"site-{key}", languages=languages))
    return out


# ---------------------------------------------------------------- the handouts (a fresh process)


def stage_handouts(spec: dict[str, Any]) -> dict[str, Any]:
    """Every handout in every language from the cache as it is, the way ``hipback build
    --languages`` renders them: one pass over one pool of workers, each translation resolved
    when its turn comes. The diagrams are drawn before the clock starts (the site build draws
    them too)."""
    from generator.checks import check_folder
    from generator.emit.flowchart import build_flowchart
    from generator.publish.handouts import render_handouts
    from generator.resolve import resolve

    content, cache = Path(spec["content"]), Path(spec["cache"])
    checked = check_folder(content, today=synth.latest_review(content)).for_build()
    assert checked.content is not None, checked.report.sorted()
    r = resolve(checked.content)
    fc = build_flowchart(r, cache_dir=cache)
    # as the build does: each made when the language's turn comes
    languages = {lang: partial(_language_parts, translated, cache)
                 for lang, translated in sorted(checked.localised.items())}
    for make in languages.values():
        make()  # each language's diagram drawn into the cache before the clock starts
    wall, cpu = time.perf_counter(), cpu_seconds()
    out = render_handouts(r, fc, cache_dir=cache, workers=spec["workers"], languages=languages)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    slugs = set(checked.content.conditions)
    conditions = [s for name, s in out.seconds.items() if name.rsplit("/", 1)[-1] in slugs]
    return {"wall": wall, "cpu": cpu, "handouts": len(out.rendered) + len(out.cached),
            "rendered": len(out.rendered), "conditions": len(conditions),
            "condition_mean_s": statistics.fmean(conditions) if conditions else None,
            "work_s": sum(out.seconds.values()),
            "worker_peak_mb": max(out.worker_peak_mb.values(), default=0.0),
            "workers": len(set(out.workers.values())), "languages": 1 + len(languages)}


def _language_parts(translated: Any, cache: Path) -> tuple[Any, Any]:
    """A translated language's resolved content and flowchart (imports: the stage's process)."""
    from generator.emit.flowchart import build_flowchart
    from generator.resolve import resolve

    rl = resolve(translated)
    return rl, build_flowchart(rl, cache_dir=cache)


def _stage_main(spec: dict[str, Any]) -> int:
    return print_stage(stage_handouts(spec))


# ---------------------------------------------------------------- the run


def measure(settings: Settings, progress: Callable[[str], None] = print) -> dict[str, Any]:
    languages = settings.languages or bundled_languages()
    work = (settings.work or Path(tempfile.mkdtemp(prefix="hipback-languages-"))).resolve()
    result: dict[str, Any] = {"machine": {**cores(), "loadavg_start": loadavg()},
                              "languages": list(languages), "sizes": {}}
    try:
        for n in settings.sizes:
            root = work / f"n{n}"
            shutil.rmtree(root, ignore_errors=True)
            progress(f"N={n}: synthetic content in {1 + len(languages)} languages")
            content = synth.generate(root / "content", n)
            texts = synth.translate(content, languages)
            runs = _site_runs(root, content, settings.runs, progress) if settings.site else {}
            result["sizes"][str(n)] = {"texts": texts, "site": runs}
            if settings.handouts:
                workers = settings.workers or cores()["usable"]
                progress(f"  every handout in {1 + len(languages)} languages, cold cache, "
                         f"{workers} worker(s)")
                shutil.rmtree(root / "cache" / "handouts", ignore_errors=True)
                result["sizes"][str(n)]["handouts"] = run_stage(
                    "handouts", module="bench.languages", content=content,
                    cache=root / "cache", workers=workers)
                result["workers"] = workers
    finally:
        result["machine"]["loadavg_end"] = loadavg()
        if settings.work is None:
            shutil.rmtree(work, ignore_errors=True)
    result["targets"] = evaluate(result)
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


# ---------------------------------------------------------------- verdicts


def evaluate(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets at the largest size measured."""
    sizes = sorted(((int(n), e) for n, e in result["sizes"].items()), key=lambda t: t[0])
    if not sizes:
        return []
    n, entry = sizes[-1]
    count = 1 + len(result["languages"])
    rows = _site_rows(n, count, entry["site"]) if entry["site"] else []
    pdfs = entry.get("handouts")
    if pdfs:
        workers = min(result.get("workers", 1), max(pdfs["workers"], 1))
        ideal = n * count * pdfs["condition_mean_s"] / workers
        rows.append(target_row(
            "lang-handouts", f"every handout at N={n} in {count} languages vs "
            "N × languages × one handout ÷ workers", pdfs["wall"] / ideal, HANDOUT_SET_MAX, "×",
            f"{pdfs['wall']:.1f} s for {pdfs['handouts']} handouts vs {n} × {count} × "
            f"{pdfs['condition_mean_s']:.2f} s ÷ {workers} = {ideal:.1f} s"))
        rows.append(target_row(
            "lang-worker-memory", f"peak memory of any handout worker, N={n} in {count} "
            "languages", pdfs["worker_peak_mb"], WORKER_MB_MAX, " MB",
            f"main process {pdfs['main_peak_mb']:.0f} MB"))
    return rows


def _site_rows(n: int, count: int, site: dict[str, Any]) -> list[dict[str, Any]]:
    """The site in every language against one, when the builds were measured."""
    one = statistics.median(r["wall"] for r in site["one"])
    every = statistics.median(r["wall"] for r in site["all"])
    pages = (site["one"][0]["pages"], site["all"][0]["pages"])
    runs = [r for key in ("one", "all") for r in site[key]]
    peak = max(max(r["peak_mb"], r.get("children_peak_mb", 0.0)) for r in runs)
    tree = max(r.get("tree_peak_mb", r["peak_mb"]) for r in runs)
    return [target_row(
        "lang-site", f"site build at N={n} in {count} languages vs one", every / one,
        SITE_RATIO_MAX, "×",
        f"{every:.1f} s for {pages[1]} pages vs {one:.1f} s for {pages[0]} pages "
        f"(median of {len(site['one'])}); largest process {peak:.0f} MB"), target_row(
        "lang-site-memory", f"peak memory of any process of the site builds at N={n} (the "
        "build, a MkDocs child)", peak, WORKER_MB_MAX, " MB",
        f"build and MkDocs child together at most {tree:.0f} MB")]


def format_table(result: dict[str, Any]) -> str:
    machine = result["machine"]
    lines = [(f"Languages — {', '.join(result['languages'])} beside the source, on "
              f"{machine['usable']} usable core(s); load average "
              f"{machine['loadavg_start'][:1]} → {machine['loadavg_end'][:1]}"), ""]
    for n, entry in sorted(result["sizes"].items(), key=lambda item: int(item[0])):
        for key, words in (("one", "one language"), ("all", "every language")):
            runs = entry["site"].get(key)
            if not runs:
                continue
            lines.append(f"N={n}, {words}: " + ", ".join(f"{r['wall']:.1f} s" for r in runs)
                         + f" ({runs[0]['pages']} pages; peak: build {runs[0]['peak_mb']:.0f} "
                         f"MB, MkDocs child {runs[0].get('children_peak_mb', 0):.0f} MB, "
                         f"together {runs[0].get('tree_peak_mb', 0):.0f} MB)")
        pdfs = entry.get("handouts")
        if pdfs:
            lines.append(f"N={n}, handouts in every language: {pdfs['handouts']} in "
                         f"{pdfs['wall']:.1f} s ({pdfs['work_s']:.0f} s in workers; a condition "
                         f"handout {pdfs['condition_mean_s']:.2f} s on average)")
    return "\n".join([*lines, *target_lines(result["targets"])])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.languages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000", help="condition counts (default 1000)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each build (default 1)")
    parser.add_argument("--no-site", dest="site", action="store_false",
                        help="skip the site builds (one language and every language)")
    parser.add_argument("--no-handouts", dest="handouts", action="store_false",
                        help="skip every handout in every language (the slowest part)")
    parser.add_argument("--workers", type=int, default=0, help="handout workers (default: cores)")
    parser.add_argument("--work", type=Path, default=None, help="keep the work folder here")
    parser.add_argument("--out", type=Path, default=Settings().out)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        return _stage_main(json.loads(args.stage))
    settings = Settings(sizes=sorted({int(x) for x in args.sizes.split(",") if x.strip()}),
                        runs=args.runs, site=args.site, handouts=args.handouts,
                        workers=args.workers,
                        work=args.work, out=args.out)
    result = measure(settings, progress=lambda msg: print(f"[languages] {msg}",
                                                          file=sys.stderr, flush=True))
    print(format_table(result))
    return 0 if all(t["pass"] is not False for t in result["targets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
