"""Issue 25: the handout pool replaces its workers (after a number of jobs, or once one has grown
too large) without losing, repeating or reordering a job, keeps every core busy while a worker is
replaced, and still stops everything at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hb_testlib import FIXTURE, ROOT

import generator.publish.handouts as pdfpub
from generator.emit.flowchart import FlowchartBuild
from generator.model.content import load_content
from generator.publish import pdfresult, pdfwork
from generator.publish.workerpool import WorkerPool, WorkerStopped
from generator.resolve import resolve

WAIT = 60.0
"""Seconds for anything that should take one (a loaded 2-core machine)."""


def square_in(x: int) -> tuple[int, int]:
    """A job: its answer and the process that worked it out."""
    return x * x, os.getpid()


def fail(message: str) -> None:
    raise ValueError(message)


def die() -> None:
    os._exit(3)


def pool(size: int, **kw: Any) -> WorkerPool:
    return WorkerPool(size, context=pdfpub.worker_context(), **kw)


def ended(pid: int) -> bool:
    """Whether process ``pid`` is gone (or a zombie waiting for the fork server to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def wait_until(what: Any, seconds: float = WAIT) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not what():
        time.sleep(0.05)
    return bool(what())


def squares(workers: Any, count: int) -> tuple[list[Any], Counter[int]]:
    """``count`` squares on ``workers`` (shut down after), checked in order; the jobs each
    process ran."""
    try:
        results = list(workers.map(square_in, range(count)))
    finally:
        workers.shutdown()
    assert [r[0] for r in results] == [x * x for x in range(count)]
    return results, Counter(pid for _, pid in results)


def test_a_worker_is_replaced_after_its_jobs_and_the_results_are_the_same_in_order() -> None:
    results, per_process = squares(pool(1, jobs_per_worker=2), 5)
    assert len(per_process) == 3 and max(per_process.values()) == 2
    pids = [pid for _, pid in results]  # each process took the next jobs in turn
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    assert wait_until(lambda: all(ended(pid) for pid in per_process))


def test_two_slots_each_run_at_most_their_jobs() -> None:
    workers = pool(2, jobs_per_worker=3)
    _results, per_process = squares(workers, 14)
    assert max(per_process.values()) <= 3 and len(per_process) >= 5
    assert workers.started >= len(per_process)


def test_a_worker_past_the_memory_limit_is_replaced_after_its_job() -> None:
    workers = pool(1, memory_mb=0.0)  # every worker is over it after its first job
    try:
        results = list(workers.map(square_in, range(4)))
    finally:
        workers.shutdown()
    assert [r[0] for r in results] == [0, 1, 4, 9]
    assert len({pid for _, pid in results}) == 4


def warm_marker(folder: str) -> None:
    """A worker's warm-up that leaves a trace: the second worker's says it has loaded."""
    (Path(folder) / f"warm-{os.getpid()}").touch()


def wait_for_successor(folder: str, me: int) -> bool:
    """A last job that ends only once another worker has warmed up: it would wait in vain if
    the replacement started only after it."""
    return wait_until(lambda: any(p.name != f"warm-{me}" for p in Path(folder).iterdir()), 30)


def last_job(folder: str) -> bool:
    return wait_for_successor(folder, os.getpid())


def test_the_replacement_loads_while_its_predecessor_runs_its_last_job(tmp_path: Path) -> None:
    workers = pool(1, jobs_per_worker=1, warm=partial(warm_marker, str(tmp_path)))
    try:
        assert workers.submit(last_job, str(tmp_path)).result(timeout=WAIT) is True
        assert workers.submit(square_in, 3).result(timeout=WAIT)[0] == 9
    finally:
        workers.shutdown()


def test_a_failing_job_and_a_dying_worker_fail_only_their_own_job() -> None:
    workers = pool(1)
    try:
        with pytest.raises(ValueError, match="not this one"):
            workers.submit(fail, "not this one").result(timeout=WAIT)
        with pytest.raises(WorkerStopped, match=r"stopped unexpectedly \(exit code 3\)"):
            workers.submit(die).result(timeout=WAIT)
        assert workers.submit(square_in, 4).result(timeout=WAIT)[0] == 16
    finally:
        workers.shutdown()


def test_a_worker_that_cannot_start_fails_the_jobs_instead_of_starting_for_ever() -> None:
    workers = pool(2, warm=partial(fail, "no WeasyPrint here"))
    try:
        jobs = [workers.submit(square_in, i) for i in range(3)]
        for job in jobs:
            with pytest.raises(WorkerStopped, match="could not start: no WeasyPrint here"):
                job.result(timeout=WAIT)
        with pytest.raises(WorkerStopped, match="could not start"):
            workers.submit(square_in, 1)
    finally:
        workers.shutdown()
    assert workers.started <= 2


def test_a_worker_that_dies_as_it_starts_breaks_the_pool() -> None:
    workers = pool(1, warm=die)
    try:
        with pytest.raises(WorkerStopped, match=r"could not start \(exit code 3\)"):
            workers.submit(square_in, 1).result(timeout=WAIT)
    finally:
        workers.shutdown()


def test_kill_stops_running_jobs_at_once_and_leaves_no_process() -> None:
    workers = pool(2)
    pids = {workers.submit(square_in, i).result(timeout=WAIT)[1] for i in range(2)}
    running = [workers.submit(time.sleep, 60) for _ in range(2)]
    queued = [workers.submit(time.sleep, 60) for _ in range(3)]
    assert wait_until(lambda: all(f.running() for f in running))
    start = time.monotonic()
    workers.kill()
    workers.shutdown(wait=True, cancel_futures=True)
    assert time.monotonic() - start < 10
    for f in running:
        assert isinstance(f.exception(timeout=WAIT), WorkerStopped)
    assert all(f.cancelled() for f in queued)
    assert wait_until(lambda: all(ended(pid) for pid in pids), 10)
    with pytest.raises(RuntimeError, match="shut down"):
        workers.submit(square_in, 1)
    workers.kill()  # a second stop is harmless


def test_a_helper_process_reports_its_own_peak_not_its_parents() -> None:
    """A booklet join is started with ``subprocess`` (vfork and exec): ``ru_maxrss`` gave it
    the peak of the process that started it."""
    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched: resident
    code = "from generator.publish.pdfresult import peak_mb; print(peak_mb())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert pdfresult.peak_mb() > 300
    assert 1 < float(out.stdout) < 150
    del ballast


def render_in_process(job: Any) -> pdfwork.Done:
    """A handout job that makes a one-line PDF and names the process that made it."""
    pdf = f"%PDF-fake {job.name}".encode()
    return pdfwork.Done(name=job.name, pdf=pdf, pages=1, compact=False, seconds=0.0,
                        peak_mb=1.0, worker=str(os.getpid()))


def join_here(job: Any) -> pdfwork.Done:
    body = b"+".join([job.front, *(p.pdf for p in job.parts)])
    return pdfwork.Done(name=job.name, pdf=body, pages=len(job.parts), compact=False,
                        seconds=0.0, peak_mb=1.0, worker="join")


def test_every_handout_is_made_once_across_replaced_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, report = load_content(FIXTURE)
    assert content is not None, [d.format() for d in report.errors]
    r = resolve(content, readings=())
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'
    chart = FlowchartBuild(svg=svg, json="{}", markdown="", raw_svg=svg)
    monkeypatch.setattr(pdfpub, "_render_job", render_in_process)
    monkeypatch.setattr(pdfpub, "_join_job", join_here)
    made = {}
    for per_worker, cache in ((1000, tmp_path / "one"), (2, tmp_path / "recycled")):
        monkeypatch.setattr(pdfpub, "_pool", lambda size, k=per_worker: WorkerPool(
            size, context=pdfpub.worker_context(), jobs_per_worker=k))
        out = pdfpub.render_handouts(r, chart, cache_dir=cache, workers=2)
        made[per_worker] = {name: path.read_bytes() for name, path in out.items()}
        renders = [n for n in out.rendered if n != "booklet"]
        processes = Counter(out.workers[n] for n in renders)
        assert sum(processes.values()) == len(renders) > 2
        assert max(processes.values()) <= per_worker
    assert made[2] == made[1000] and made[2]
