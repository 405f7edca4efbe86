"""Render the handouts and join the booklet: cached by content hash, on any Executor.

Why it is built this way:

* The HTML is made in this process (:mod:`generator.emit.pdf`, milliseconds) and only the
  WeasyPrint step (about 0.35 s a page pair) goes to workers, as plain data: a job is strings
  and bytes, the result is the PDF's bytes (:mod:`.pdfwork`). Any
  :class:`concurrent.futures.Executor` can run them — by default a local process pool, or a
  Dask cluster's (``hipback pdf --dask``, :mod:`.cluster`) — and the results are written into
  this machine's cache.
* The cache key is the SHA-256 of the finished HTML (the CSS is inlined, so it is part of it), the
  font files, the WeasyPrint version, the PDF variant and the paper size: an unchanged handout is
  never rendered twice, and anything that can change the bytes changes the key.
* The booklet is not laid out: its front (cover, contents) is, and the finished handouts are
  joined behind it (:mod:`.pdfjoin`), one job per volume, as soon as its parts are in the cache.
  Its key is the front's HTML and its parts' keys, so an unchanged booklet is not joined again.
* Output is byte-identical for the same content: the PDF dates come from the review dates in the
  content (never the clock), the PDF/UA-1 variant adds no random ids (PDF/X-4 and later would),
  and the booklet's file ID is a hash of its content.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ThreadPoolExecutor,
    wait,
)
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from ..emit.flowchart import FlowchartBuild
from ..emit.pdf.booklet import Volume, fill_pages
from ..emit.pdf.html import MAX_CONDITION_PAGES, HandoutError
from ..lifeline import child_start, interrupts_held
from ..resolve import Resolved
from .handoutsets import LanguageSource, Planned, SetPlan, pack, plan_sets
from .pdfjoin import JoinJob, Part, page_count
from .pdfjoin import join_in_fresh_process as _join_job
from .pdfresult import Done
from .pdfwork import cache_key, environment_fingerprint, warm_up
from .pdfwork import render_job as _render_job
from .progress import Progress
from .workerpool import WorkerPool

__all__ = ["HandoutError", "Handouts", "cache_key", "environment_fingerprint", "render_handouts"]

_CACHE_NAME = re.compile(r"^(?P<name>.+)-(?P<key>[0-9a-f]{20})\.pdf$")


class Handouts(dict[str, Path]):
    """Handout name → finished PDF in the cache, plus what happened (for tests and summaries).

    ``rendered`` lists the handouts made in this call (laid out, or joined for a booklet; the
    handouts a booklet needed are included), ``cached`` those asked for and reused from the
    cache, ``seconds`` and ``pages`` the time and page count of each one made, ``compact``
    the condition handouts that needed the compact layout to fit, ``worker_peak_mb`` the
    peak memory of the worker process after each job and ``workers`` which one it was.
    The mapping holds the source language's handouts; ``languages`` each translated language's
    (language → name → PDF). The lists name a translation's handouts ``<language>/<name>``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rendered: list[str] = []
        self.cached: list[str] = []
        self.seconds: dict[str, float] = {}
        self.pages: dict[str, int] = {}
        self.compact: list[str] = []
        self.worker_peak_mb: dict[str, float] = {}
        self.workers: dict[str, str] = {}
        self.languages: dict[str, dict[str, Path]] = {}


def _store(path: Path, data: bytes) -> None:
    """Write a finished PDF into the cache atomically (a reader never sees half a file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


EXECUTOR_WINDOW = 64
"""Renders handed to a caller's executor (a cluster) at a time; a local pool gets twice its
size. The rest wait here, so a booklet front can go ahead of them."""

FRONT = ".front"
"""Suffix of the job that lays out a booklet volume's front (never a handout's name)."""


def worker_context() -> BaseContext:
    """Local workers start from a small server process, not as forks of this one: a fork would
    begin with (and be measured with) every page of this process — content, HTML, cache.

    The server is started with Ctrl-C ignored, so every worker it forks starts that way (see
    :func:`lifeline.interrupts_held`); each worker then also dies with the server, which ends
    with this process (:func:`_pool`)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["generator.publish.pdfwork", "generator.lifeline"])
    with interrupts_held():
        forkserver.ensure_running()
    return ctx


def _pool(size: int) -> WorkerPool:
    """A local pool whose workers leave Ctrl-C to this process, die with it, and are replaced
    before WeasyPrint's caches make them large (:mod:`.workerpool`)."""
    return WorkerPool(size, context=worker_context(), initializer=child_start,
                      initargs=(os.getpid(),), warm=warm_up)


class _Runner:
    """Submits the jobs, writes each result into the cache, and makes each booklet volume as
    soon as its parts are in the cache: the parts' page counts number the contents, the front
    is laid out like a handout (on the executor), then the join runs in a fresh local process
    (see :func:`pdfjoin.join_job`). The sets (each language's handouts) are planned one at a
    time (``plans``), the next once every job of the ones before is handed out
    (:mod:`.handoutsets`);
    the executor is made by ``start`` (given its size) when the first job is handed out, so a
    render with everything in the cache starts no worker."""

    def __init__(self, plans: list[Callable[[], SetPlan]], take: Callable[[SetPlan], None],
                 start: Callable[[int], Executor], workers: int, window: int, paper: str,
                 fingerprint: str, result: Handouts, bar: Progress) -> None:
        self.plans = deque(plans)  # what plans each set not yet planned
        self.take = take  # a set's bookkeeping (names, paths), when it comes
        self.start = start
        self.executor: Executor | None = None
        self.workers = workers
        self.window = window  # renders handed to the executor at a time
        self.todo: deque[Planned] = deque()  # each made into its job when handed out
        self.in_flight = 0
        self.joiner: ThreadPoolExecutor | None = None
        self.paths: dict[str, Path] = {}
        self.paper = paper
        self.fingerprint = fingerprint
        self.result = result
        self.bar = bar
        self.pending: dict[Future[Done], str] = {}
        self.waiting: dict[str, tuple[Volume, set[str]]] = {}
        self.volumes: dict[str, Volume] = {}

    def fill(self) -> None:
        """The next sets, until there is a job to hand out or no set is left."""
        while self.plans and not self.todo:
            plan = self.plans.popleft()()
            self.take(plan)
            self.paths.update(plan.paths)
            self.todo.extend(plan.todo)
            for volume in plan.joins:
                self.join_when_ready(volume)
            del plan  # its jobs are in the queue; its content goes with the last of them
        self.render_next()

    def render(self, job: Planned, *, first: bool = False) -> None:
        """Queue a render; ``first`` jumps the queue (a booklet front: its join waits on it)."""
        if first:
            self.todo.appendleft(job)
        else:
            self.todo.append(job)
        self.render_next()

    def join_when_ready(self, volume: Volume) -> None:
        missing = {p.name for p in volume.parts if not self.paths[p.name].is_file()}
        self.waiting[volume.name] = (volume, missing)
        self.volumes[volume.name] = volume
        self._ready()

    def _pages(self, name: str) -> int:
        known = self.result.pages.get(name)
        return known if known is not None else page_count(self.paths[name].read_bytes())

    def _ready(self) -> None:
        """Lay out the front of every volume whose parts are all in the cache."""
        for name, (volume, missing) in sorted(self.waiting.items()):
            if missing:
                continue
            del self.waiting[name]
            firsts, page = [], 1
            for part in volume.parts:
                firsts.append(page)
                page += self._pages(part.name)
            self.render(Planned(name=name + FRONT, packed=pack(fill_pages(volume.front, firsts)),
                                paper=self.paper, fingerprint=self.fingerprint), first=True)

    def render_next(self) -> None:
        while self.todo and self.in_flight < self.window:
            if self.executor is None:  # as many workers as there is work for, at most
                work = len(self.todo) + len(self.waiting)
                self.executor = self.start(self.workers if self.plans
                                           else max(1, min(self.workers, work)))
            job = self.todo.popleft().make()
            self.pending[self.executor.submit(_render_job, job)] = job.name
            self.in_flight += 1

    def _join(self, name: str, front: bytes) -> None:
        volume = self.volumes[name]
        parts = tuple(Part(title=p.title, pdf=self.paths[p.name].read_bytes(), group=p.group,
                           url=p.url) for p in volume.parts)
        if self.joiner is None:  # threads that each wait for one fresh join process
            self.joiner = ThreadPoolExecutor(max(1, min(self.workers, len(self.volumes))))
        job = JoinJob(name=name, front=front, parts=parts)
        self.pending[self.joiner.submit(_join_job, job)] = name

    def run(self) -> None:
        try:
            self.fill()
            while self.pending:
                done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=lambda f: self.pending[f]):
                    name = self.pending.pop(fut)
                    if name not in self.volumes:  # a render (joins run beside the window)
                        self.in_flight -= 1
                    try:
                        out = fut.result()
                    except Exception as exc:
                        raise HandoutError(f"could not render the handout "
                                           f"{name.removesuffix(FRONT)}: {exc}") from exc
                    if name.endswith(FRONT):
                        self._join(name.removesuffix(FRONT), out.pdf)
                    else:
                        self._finish(out)
                self._ready()
                self.fill()  # the next set, once this one's jobs are all handed out
        finally:
            for fut in self.pending:
                fut.cancel()
            if self.joiner is not None:
                self.joiner.shutdown(wait=True, cancel_futures=True)
        if self.waiting:  # a part was never rendered: a bug, not a content problem
            raise HandoutError(f"the booklet parts {sorted(self.waiting)} were not rendered")

    def _finish(self, out: Done) -> None:
        _store(self.paths[out.name], out.pdf)
        r = self.result
        r.rendered.append(out.name)
        r.seconds[out.name] = out.seconds
        r.pages[out.name] = out.pages
        r.worker_peak_mb[out.name] = out.peak_mb
        r.workers[out.name] = out.worker
        if out.compact:
            r.compact.append(out.name)
        for _volume, missing in self.waiting.values():
            missing.discard(out.name)
        self.bar.step(out.name)


def _prune(keep: Iterable[Path]) -> None:
    """Remove older cached versions of the handouts just used, in each folder they are in (other
    names are left alone)."""
    folders: dict[Path, set[str]] = {}
    for p in keep:
        folders.setdefault(p.parent, set()).add(p.name)
    for folder, kept in folders.items():
        names = {m.group("name") for p in kept if (m := _CACHE_NAME.match(p))}
        for path in folder.iterdir():
            m = _CACHE_NAME.match(path.name)
            if m and m.group("name") in names and path.name not in kept:
                path.unlink(missing_ok=True)


def render_handouts(
    r: Resolved,
    flowchart: FlowchartBuild,
    *,
    cache_dir: Path,
    only: str | None = None,
    progress: bool = False,
    workers: int | None = None,
    executor: Executor | None = None,
    languages: Mapping[str, LanguageSource] | None = None,
) -> Handouts:
    """Render every handout (or only ``only``); return name → finished PDF inside the cache.

    ``languages``: each translated language's resolved content and flowchart (or a function
    that makes them, called when its turn comes: :mod:`.handoutsets`), whose handouts are
    rendered in the same pass on the same workers; they come back in :attr:`Handouts.languages`.

    A handout whose cache key is already in ``cache_dir/handouts`` is not made again. The rest
    run on ``executor`` (not shut down here), or else on a local pool of ``workers`` processes
    (default: one per CPU), with a progress bar on stderr when ``progress`` is true. A booklet
    needs every condition handout and the overview: those are rendered too when missing.
    """
    languages = languages or {}
    folder = cache_dir / "handouts"
    folder.mkdir(parents=True, exist_ok=True)
    paper = r.content.site.paper_size
    fingerprint = environment_fingerprint(paper)
    plans = plan_sets(r, flowchart, languages, only=only, folder=folder, paper=paper,
                      fingerprint=fingerprint)
    result = Handouts()
    kept: list[Path] = []
    conditions: set[str] = set()
    bar = Progress(0, progress)

    def take(plan: SetPlan) -> None:
        """A set's names and paths, as it comes."""
        into = result if not plan.prefix else result.languages.setdefault(plan.prefix[:-1], {})
        for name in plan.wanted:
            into[name.removeprefix(plan.prefix)] = plan.paths[name]
            if plan.paths[name].is_file():
                result.cached.append(name)
        kept.extend(plan.paths.values())
        conditions.update(plan.conditions)
        bar.more(len(plan.todo) + len(plan.joins))

    try:
        _run(plans, take, paper=paper, fingerprint=fingerprint, result=result, bar=bar,
             executor=executor, workers=workers or os.cpu_count() or 1)
    finally:
        bar.close()
    _prune(kept)
    for found in (result.rendered, result.cached, result.compact):
        found.sort()
    _warn_long(conditions, result)
    return result


def _warn_long(conditions: set[str], result: Handouts) -> None:
    """Warn (not fail) about a condition handout that no longer fits on one sheet."""
    for name in result.rendered:
        if name in conditions and result.pages[name] > MAX_CONDITION_PAGES:
            slug = name.rpartition("/")[2]
            sys.stderr.write(f"warning: the {name} handout has {result.pages[name]} pages (at "
                             f"most {MAX_CONDITION_PAGES} fit on one sheet); shorten the lists "
                             f"in conditions/{slug}.yml.\n")


def _run(plans: list[Callable[[], SetPlan]], take: Callable[[SetPlan], None], *,
         executor: Executor | None, workers: int, **state: Any) -> None:
    """Run every set's jobs (and the booklet fronts) on ``executor``, or on a local pool made
    when the first job is handed out, and the booklet joins on fresh local processes: never in
    this process.

    WeasyPrint registers XML namespace prefixes globally when it is imported (among them ""),
    which changes how other modules serialise ElementTree output in the same process (the
    flowchart SVG came out as ``<ns0:svg>``). Keeping WeasyPrint out of the parent keeps the
    rest of the build unaffected, even for a single handout.
    """
    own: WorkerPool | None = None

    def start(size: int) -> Executor:
        nonlocal own
        if executor is not None:
            return executor
        own = _pool(size)
        return own

    window = EXECUTOR_WINDOW if executor is not None else 2 * workers
    try:
        _Runner(plans, take, start, workers, window, **state).run()
    except BaseException:
        if own is not None:  # at once: a render in progress would hold up the stop
            own.kill()
        raise
    finally:
        if own is not None:
            own.shutdown(wait=True, cancel_futures=True)
