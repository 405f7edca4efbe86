"""The engine runs of one build: the source language's tree and each translation's, side by side.

Each language's tree is a whole MkDocs build of its own, in its own folder, and MkDocs uses one
core. Built one after the other, a site in three languages cost three builds end to end while
the other cores waited, and this process sat idle while each child ran. Here each tree's MkDocs
child is started as soon as its Markdown is written, and this process goes on to write the next
language's while it runs: at most :func:`engine_slots` children at a time (one per core, and no
more than :data:`MAX_AT_ONCE`: each holds its language's pages, about 220 MB at 1,000
conditions), the oldest waited for first. A tree's ``after`` step (its handouts copied in, its
own 404 page removed) runs once its child has ended.

A failure anywhere (a child's build error, Ctrl-C, an error in this process) stops every child
still running at once, and the first failure is the one raised. The output does not depend on
how many run at once: each child builds only its own folder from its own configuration, with
the same ``SOURCE_DATE_EPOCH``. Zensical runs are not put side by side (its own build uses
every core already); they run when started.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from .mkdocs import MkDocsChild

__all__ = ["MAX_AT_ONCE", "Engines", "engine_slots", "engine_templates"]

MAX_AT_ONCE = 4
"""The most MkDocs children one build runs at once, however many cores the machine has."""


def engine_slots() -> int:
    """How many engine runs go side by side: one per usable core, at most :data:`MAX_AT_ONCE`."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, MAX_AT_ONCE))


def engine_templates(engine: str) -> list[Path]:
    """The engine's own template folders (their inline scripts are the ones the CSP allows,
    beside Material's own): none for MkDocs, Zensical's for Zensical."""
    if engine == "zensical":
        from .zensical import zensical_templates

        return [zensical_templates()]
    return []


class Engines:
    """Start engine runs (:meth:`start`) and have them all ended by the end of the ``with``
    block (see the module docstring)."""

    def __init__(self, engine: str, *, slots: int | None = None) -> None:
        self.engine = engine
        self.slots = slots if slots is not None else engine_slots()
        self._running: deque[tuple[MkDocsChild, Callable[[], None]]] = deque()

    def start(self, config_file: Path, site_dir: Path,
              after: Callable[[], None] = lambda: None) -> None:
        """Build the generated folder of ``config_file`` into ``site_dir``; ``after`` runs in
        this process once it is built."""
        if self.engine == "zensical":
            from .zensical import zensical_build

            zensical_build(config_file, site_dir)
            after()
            return
        while len(self._running) >= self.slots:
            self._wait_oldest()
        self._running.append((MkDocsChild(config_file, site_dir), after))

    def _wait_oldest(self) -> None:
        child, after = self._running.popleft()
        child.wait()  # a failure: the rest are stopped on the way out (``__exit__``)
        after()

    def wait_all(self) -> None:
        while self._running:
            self._wait_oldest()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if kind is None:
                self.wait_all()
        finally:
            for child, _after in self._running:  # a failure: the rest are not waited for
                child.kill()
            for child, _after in self._running:
                child.reap()
            self._running.clear()
