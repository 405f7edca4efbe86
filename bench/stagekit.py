"""What the benchmark's stages share inside their process: the clock (wall and CPU seconds of
one block), the checked content they start from, and what a built site holds.

The stage modules (``worker``, ``engines``, ``drawing``, ``handouts_scale``) all use these; they
live here, below them, so that no stage module imports another for them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Clock:
    wall: float = 0.0
    cpu: float = 0.0


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (Zensical, MkDocs'
    helpers), user and system."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@contextmanager
def timed() -> Iterator[Clock]:
    """The block's wall and CPU seconds, filled in on the clock it yields when the block ends."""
    clock = Clock()
    wall, cpu = time.perf_counter(), cpu_seconds()
    try:
        yield clock
    finally:
        clock.wall = time.perf_counter() - wall
        clock.cpu = cpu_seconds() - cpu


def load_checked(spec: dict[str, Any]) -> Any:
    """The content folder ``spec["content"]`` loaded and checked (the stage's input, untimed);
    the process ends with the errors if it has any (synthetic content must be valid)."""
    from generator.checks import load_and_check

    content, report = load_and_check(Path(spec["content"]))
    if content is None:
        raise SystemExit("synthetic content has errors:\n" + "\n".join(
            d.format() for d in report.sorted()))
    return content


def site_facts(site: Path) -> dict[str, Any]:
    """How big a built site is: its pages (the 404 page aside), all its bytes, its HTML bytes."""
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    html = sum(p.stat().st_size for p in pages)
    return {"pages": len(pages), "site_bytes": size, "html_bytes": html}
