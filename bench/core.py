"""What every benchmark stage shares: options, the content of one size, running a stage in a
fresh process and keeping the median of its runs."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ROOT, synth

STANDIN_CACHE = ROOT / ".bench" / "standin-cache"
"""Kept between runs (git-ignored): the stand-in diagram is not a measurement, only an input."""

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
        "wall": statistics.median(run["wall"] for run in runs),
        "cpu": statistics.median(run["cpu"] for run in runs),
        "best_wall": min(run["wall"] for run in runs),
        "peak_mb": max(run["peak_mb"] for run in runs),
        "children_peak_mb": max(run.get("children_peak_mb", 0.0) for run in runs),
        "runs": [{k: run[k] for k in ("wall", "cpu", "peak_mb")} for run in runs],
    }


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        return []


def cores() -> dict[str, int]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    return {"cpu_count": os.cpu_count() or 0, "usable": usable or (os.cpu_count() or 0)}


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


def edit_condition(size: Size) -> tuple[str, Path, str]:
    slugs = synth.slugs(size.n)
    slug = slugs[len(slugs) // 2]
    path = size.content / "conditions" / f"{slug}.yml"
    original = path.read_text(encoding="utf-8")
    data = original.replace("\nhow_it_causes_pain:",
                            EDIT_SENTENCE.replace(" ", "\n  ", 1) + "\nhow_it_causes_pain:", 1)
    assert data != original
    path.write_text(data, encoding="utf-8")
    return slug, path, original


