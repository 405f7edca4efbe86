"""Two engines on the same generated folder: MkDocs and Zensical, clean and cached.

After the pipeline stages have written the docs and the generated ``mkdocs.yml`` for a size,
the same folder is built four ways, each in a fresh process (``python -m bench.worker``), as
``hipback build`` runs the engine (``generator.publish``'s ``mkdocs_build`` / ``zensical_build``):

``mkdocs-clean``     MkDocs into an empty site folder (what every ``hipback build`` does)
``mkdocs-dirty``     MkDocs again into that site with ``dirty=True`` (``mkdocs build --dirty``,
                     MkDocs' only reuse: pages whose source is not newer are skipped; it warns
                     that navigation may go stale, so not strict), nothing changed
``zensical-clean``   Zensical with ``--clean`` (its cache dropped first)
``zensical-cached``  Zensical again with its cache (``build/.cache``), nothing changed

The last two run Zensical in a child process; the CPU time counts it (children included), peak
memory is the larger of the worker and that child. Zensical is in the ``test`` extra, which
``make bench`` installs; without it the two Zensical rows say so and the rest still runs.
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .stagekit import site_facts, timed

if TYPE_CHECKING:
    from .core import Options, Size

MODES = ("mkdocs-clean", "mkdocs-dirty", "zensical-clean", "zensical-cached")
LABELS = {
    "mkdocs-clean": "MkDocs, clean",
    "mkdocs-dirty": "MkDocs --dirty, nothing changed",
    "zensical-clean": "Zensical --clean",
    "zensical-cached": "Zensical cached, nothing changed",
}


# ---------------------------------------------------------------- in the worker process


def stage_engine(spec: dict[str, Any]) -> dict[str, Any]:
    """One engine build of ``spec["config"]`` into ``spec["site"]`` (see the module docstring)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.publish.mkdocs import mkdocs_build
    from generator.publish.zensical import zensical_build

    config, site, mode = Path(spec["config"]), Path(spec["site"]), spec["mode"]
    if mode != "mkdocs-dirty" and site.exists():
        shutil.rmtree(site)
    with timed() as clock:
        if mode == "mkdocs-clean":
            mkdocs_build(config, site)
        elif mode == "mkdocs-dirty":
            # not strict: MkDocs warns that a dirty build may leave stale navigation
            build(load_config(config_file=str(config), site_dir=str(site), strict=False),
                  dirty=True)
        else:
            zensical_build(config, site, clean=mode == "zensical-clean")
    return {"wall": clock.wall, "cpu": clock.cpu, **site_facts(site)}


# ---------------------------------------------------------------- in the bench process


def engines(size: Size, opts: Options) -> dict[str, Any]:
    """Each mode ``runs_for(n)`` times, alternating so background load hits all alike."""
    from generator.publish.zensical import INSTALL_HINT, ZENSICAL_VERSION, zensical_version

    config = size.docs.parent / "mkdocs.yml"
    sites = {"mkdocs": size.root / "engine-mkdocs", "zensical": size.root / "engine-zensical"}
    found = zensical_version()
    modes = MODES if found == ZENSICAL_VERSION else MODES[:2]
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    n_runs = opts.runs_for(size.n)
    for i in range(n_runs):
        opts.progress(f"N={size.n}: MkDocs and Zensical on the same folder, run {i + 1} of "
                      f"{n_runs}")
        for mode in modes:
            runs[mode].append(opts.runner("engine", mode=mode, config=config,
                                          site=sites[mode.split("-")[0]]))
    out: dict[str, Any] = {}
    for mode, mode_runs in runs.items():
        out[mode] = {
            "wall": statistics.median(one_run["wall"] for one_run in mode_runs),
            "cpu": statistics.median(one_run["cpu"] for one_run in mode_runs),
            "peak_mb": max(max(one_run["peak_mb"], one_run.get("children_peak_mb", 0.0))
                           for one_run in mode_runs),
            "pages": mode_runs[-1]["pages"],
            "runs": [{k: one_run[k] for k in ("wall", "cpu")} for one_run in mode_runs],
        }
    if len(modes) < len(MODES):
        out["zensical_missing"] = (f"Zensical {ZENSICAL_VERSION} not installed (found "
                                   f"{found or 'none'}); {INSTALL_HINT}")
    return out


# ---------------------------------------------------------------- the report


def _t(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds >= 100 else (
        f"{seconds:.1f} s" if seconds >= 10 else f"{seconds:.2f} s")


def format_engines(result: dict[str, Any]) -> list[str]:
    """The engine rows of the printed table (nothing when no size measured them)."""
    sizes = sorted(((int(n), entry) for n, entry in result["sizes"].items() if "engines" in entry),
                   key=lambda t: t[0])
    if not sizes:
        return []
    title = ("Engines on the same generated folder (engine only, no publish steps; median "
             "wall, CPU incl. children, per page, peak MB):")
    lines = [title]
    head = f"{'engine':<38}" + "".join(
        f" | {'N=' + str(n) + ' time':>11} {'cpu':>8} {'per page':>9} {'peak':>5}"
        for n, _e in sizes)
    lines += [head, "-" * len(head)]
    for mode in MODES:
        text = f"{LABELS[mode]:<38}"
        for _n, entry in sizes:
            measured = entry["engines"].get(mode)
            if measured is None:
                text += f" | {'not installed':>36}"
                continue
            per_page = f"{measured['wall'] / max(measured['pages'], 1) * 1000:.1f} ms"
            text += (f" | {_t(measured['wall']):>11} {_t(measured['cpu']):>8} {per_page:>9} "
                     f"{measured['peak_mb']:>5.0f}")
        lines.append(text)
    for n, entry in sizes:
        eng = entry["engines"]
        if "zensical_missing" in eng:
            lines.append(f"  N={n}: {eng['zensical_missing']}")
        elif eng["mkdocs-clean"]["cpu"]:
            mkdocs_cpu = eng["mkdocs-clean"]["cpu"]
            lines.append(
                f"  N={n}: Zensical clean {eng['zensical-clean']['cpu'] / mkdocs_cpu:.2f}× and "
                f"cached {eng['zensical-cached']['cpu'] / mkdocs_cpu:.2f}× the CPU time of a "
                f"clean MkDocs build; MkDocs --dirty "
                f"{eng['mkdocs-dirty']['cpu'] / mkdocs_cpu:.2f}×")
    lines.append("")
    return lines
