"""A local process pool that replaces each worker after a number of jobs: its memory stays bounded.

Why the handouts have a pool of their own and not :class:`~concurrent.futures.ProcessPoolExecutor`:

* A WeasyPrint worker grows with every handout it lays out (its caches keep what it has seen:
  143 MB after about 50 handouts, 390 MB after about 500). A worker is replaced after
  :data:`JOBS_PER_WORKER` jobs, or at once when it has grown past :data:`WORKER_MEMORY_MB`.
  ``ProcessPoolExecutor(max_tasks_per_child=…)`` would do the first, but can hang on Python
  3.11 once a worker has been replaced (cpython issue 115634).
* A stopped build kills the workers at once. A ``ProcessPoolExecutor`` whose workers were killed
  could then wait for ever in ``shutdown(wait=True)``: its feeder thread may be blocked writing
  the next jobs into a pipe no live worker reads. Here a job goes only to a worker that has said
  it waits for one, and the pool waits for each process a bounded time.
* No core waits for a fresh worker: the replacement is started when its predecessor is handed
  its last job, and loads WeasyPrint (``warm``) while that job runs.

Jobs run in each worker's main thread, one at a time, in the order they were submitted; the
workers come from ``context`` (the handouts' fork server) and run ``initializer`` first.
"""

from __future__ import annotations

import pickle
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from .pdfresult import peak_mb

__all__ = ["JOBS_PER_WORKER", "WORKER_MEMORY_MB", "WorkerPool", "WorkerStopped"]

JOBS_PER_WORKER = 150
"""Jobs one worker runs before it is replaced. Measured on synthetic condition handouts in three
languages (``python -m bench.languages --sizes 300``, README "What is still slow"): a fresh
worker holds 94 MB once WeasyPrint is loaded and grows about 1 MB a handout; after 150 they
peaked at 214-240 MB, well under the 400 MB a worker may use (without replacement: past 408 MB
after about 450). A replacement costs about 0.3 s of CPU (loading WeasyPrint), under 0.5 % of
150 handouts' work, and runs beside its predecessor's last job."""

WORKER_MEMORY_MB = 300.0
"""Peak memory (MB) past which a worker is replaced after its current job, whatever its count:
a backstop for content whose handouts are far larger than the synthetic ones."""

STOP_SECONDS = 5.0
"""How long a worker told to stop may take to end before it is killed."""

_READY = b"ready"


class WorkerStopped(RuntimeError):
    """A worker process ended while it ran a job (killed, out of memory, or the pool stopped)."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False  # loaded, and waiting for its first job
    given: int = 0  # jobs handed to it
    job: Future[Any] | None = None  # the one it runs now
    last: bool = False  # handed its last job


@dataclass
class _Work:
    future: Future[Any]
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


def _reply(ok: bool, value: Any, retire: bool) -> bytes:
    """A job's outcome, pickled; an exception that cannot be pickled is sent as its message."""
    try:
        return pickle.dumps((ok, value, retire))
    except Exception:  # noqa: BLE001 - anything the job raised or returned
        return pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {value}"), retire))


def serve(conn: Connection, initializer: Callable[..., object] | None,
          initargs: tuple[Any, ...], warm: Callable[[], object] | None,
          memory_mb: float | None) -> None:
    """A worker's life: start, load, say so, then run jobs one at a time until told to stop
    (``None``), the pool is gone, or the worker has grown past ``memory_mb``."""
    try:
        if initializer is not None:
            initializer(*initargs)
        if warm is not None:
            warm()
    except Exception as exc:  # noqa: BLE001 - said in one sentence by the pool, no traceback
        conn.send_bytes(_reply(False, exc, True))
        return
    conn.send_bytes(_READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        fn, args, kwargs = task
        try:
            ok, value = True, fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the caller gets it from the future
            ok, value = False, exc
        retire = memory_mb is not None and peak_mb() > memory_mb
        conn.send_bytes(_reply(ok, value, retire))
        if retire:
            return


class WorkerPool(Executor):
    """``size`` worker processes, each replaced after ``jobs_per_worker`` jobs or past
    ``memory_mb``; :meth:`kill` stops them all at once. ``started`` counts the processes started."""

    def __init__(self, size: int, *, context: BaseContext,
                 initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = (),
                 warm: Callable[[], object] | None = None,
                 jobs_per_worker: int = JOBS_PER_WORKER,
                 memory_mb: float | None = WORKER_MEMORY_MB) -> None:
        if size < 1 or jobs_per_worker < 1:
            raise ValueError("a pool needs at least one worker, and a worker at least one job")
        self._ctx: Any = context  # each start method's context has a ``Process`` of its own
        self._start_args = (initializer, initargs, warm, memory_mb)
        self._per_worker = jobs_per_worker
        self._lock = threading.Lock()
        self._queue: deque[_Work] = deque()
        self._workers: list[_Worker] = []
        self._leaving: list[_Worker] = []  # told to stop, not yet ended
        self._wake_r, self._wake_w = context.Pipe(duplex=False)
        self._woken = False
        self._closing = False
        self._killed = False
        self._broken: WorkerStopped | None = None  # a worker could not start: nor will the next
        self.started = 0
        for _ in range(size):
            self._start_worker()
        self._thread = threading.Thread(target=self._run, name="hipback-workers", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ the caller's side

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._broken is not None:
                raise WorkerStopped(str(self._broken))
            if self._closing:
                raise RuntimeError("cannot submit a job to a pool that has been shut down")
            self._queue.append(_Work(future, fn, args, kwargs))
        self._wake()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop taking jobs; the workers end once the jobs handed out are done."""
        with self._lock:
            self._closing = True
            dropped = list(self._queue) if cancel_futures else []
            if cancel_futures:
                self._queue.clear()
        for work in dropped:
            work.future.cancel()
        self._wake()
        if wait:
            self._thread.join()

    def kill(self) -> None:
        """Kill every worker now (a stopped or failed build); their jobs fail, the rest are
        cancelled. Returns at once; :meth:`shutdown` then waits for the processes to end."""
        with self._lock:
            self._closing = self._killed = True
            dropped = list(self._queue)
            self._queue.clear()
            for w in (*self._workers, *self._leaving):
                w.process.kill()
        for work in dropped:
            work.future.cancel()
        self._wake()

    def _wake(self) -> None:
        with self._lock:
            if self._woken:
                return
            self._woken = True
        try:
            self._wake_w.send_bytes(b"")
        except OSError:  # the pool's thread has ended: nothing left to wake
            pass

    # ------------------------------------------------------------ the pool's thread

    def _start_worker(self) -> None:
        ours, theirs = self._ctx.Pipe()
        process = self._ctx.Process(target=serve, args=(theirs, *self._start_args),
                                    name="hipback-worker", daemon=True)
        with self._lock:
            if self._killed:
                return
            process.start()
            self._workers.append(_Worker(process, ours))
            self.started += 1
        theirs.close()

    def _run(self) -> None:
        try:
            while not self._finished():
                self._dispatch()
                self._handle(wait([self._wake_r, *(w.conn for w in self._workers),
                                   *(w.process.sentinel for w in (*self._workers,
                                                                  *self._leaving))]))
        except BaseException as exc:  # a bug here must not leave the caller waiting for ever
            with self._lock:
                self._killed = True
            self._end_all(WorkerStopped(f"the worker pool failed: {exc}"))
            raise
        self._end_all(self._broken or WorkerStopped("the worker pool was stopped"))

    def _finished(self) -> bool:
        with self._lock:
            if self._killed:
                return True
            return self._closing and not self._queue and all(w.job is None for w in self._workers)

    def _dispatch(self) -> None:
        """Hand the next jobs to the workers that wait for one."""
        for w in list(self._workers):
            if not w.ready or w.job is not None or w.last:
                continue
            work = self._next()
            if work is None:
                return
            w.job, w.given = work.future, w.given + 1
            if w.given >= self._per_worker:
                w.last = True
                self._start_worker()  # loads while ``w`` runs its last job
            try:
                w.conn.send((work.fn, work.args, work.kwargs))
            except OSError:
                self._lost(w)

    def _next(self) -> _Work | None:
        with self._lock:
            while self._queue:
                work = self._queue.popleft()
                if work.future.set_running_or_notify_cancel():
                    return work
        return None

    def _handle(self, ready: list[Any]) -> None:
        if self._wake_r in ready:  # emptied before the flag is cleared: no wake-up is lost
            while self._wake_r.poll():
                self._wake_r.recv_bytes()
            with self._lock:
                self._woken = False
        for w in list(self._workers):
            if w.conn in ready or w.process.sentinel in ready:
                self._receive(w)
        for w in list(self._leaving):
            if w.process.sentinel in ready:
                self._reap(w)

    def _receive(self, w: _Worker) -> None:
        try:
            message = w.conn.recv_bytes()
        except (EOFError, OSError):
            self._lost(w)
            return
        if message == _READY:
            w.ready = True
            return
        try:
            ok, value, retire = pickle.loads(message)
        except Exception as exc:  # noqa: BLE001 - e.g. an exception that cannot be rebuilt
            ok, value, retire = False, RuntimeError(f"its result could not be read: {exc}"), False
        if not w.ready:  # it could not start; nor will the next one
            self._break(WorkerStopped(f"a worker process could not start: {value}"))
            return
        job, w.job = w.job, None
        if job is not None:
            if ok:
                job.set_result(value)
            else:
                job.set_exception(value)
        if retire and not w.last:
            self._start_worker()
        if retire or w.last:
            self._leave(w)

    def _leave(self, w: _Worker) -> None:
        """Tell ``w`` to stop (it may have stopped already) and reap it when it ends."""
        self._workers.remove(w)
        with self._lock:
            self._leaving.append(w)
        try:
            w.conn.send(None)
        except OSError:
            pass

    def _lost(self, w: _Worker) -> None:
        """``w`` ended by itself: its job fails, and another worker takes its place (unless it
        never started: then the pool is broken, and every job waiting fails with that)."""
        w.process.join(STOP_SECONDS)
        if not w.ready:
            self._break(WorkerStopped(f"a worker process could not start (exit code "
                                      f"{w.process.exitcode})"))
        job, w.job = w.job, None
        if job is not None and not job.done():
            job.set_exception(WorkerStopped("the worker pool was stopped") if self._killed else
                              WorkerStopped(f"its worker process stopped unexpectedly (exit code "
                                            f"{w.process.exitcode}); it may have run out of "
                                            "memory"))
        self._leave(w)
        if not w.last and not self._finished():
            self._start_worker()

    def _break(self, error: WorkerStopped) -> None:
        with self._lock:
            self._closing = self._killed = True
            self._broken = self._broken or error

    def _reap(self, w: _Worker) -> None:
        w.process.join(STOP_SECONDS)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()
        with self._lock:
            self._leaving.remove(w)

    def _end_all(self, error: WorkerStopped) -> None:
        """End every worker, fail the jobs they held: told to stop, or killed if the pool was
        (or if it is still loading: it holds no job, and the caller should not wait for it)."""
        with self._lock:
            killed = self._killed
            workers = [*self._workers, *self._leaving]
        for w in workers:
            if killed or not w.ready:
                w.process.kill()
            else:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in workers:
            w.process.join(STOP_SECONDS)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            if w.job is not None and not w.job.done():
                w.job.set_exception(error)
            w.conn.close()
        with self._lock:
            self._workers.clear()
            self._leaving.clear()
            dropped = list(self._queue)
            self._queue.clear()
        for work in dropped:
            if self._broken is None:
                work.future.cancel()
            elif work.future.set_running_or_notify_cancel():
                work.future.set_exception(self._broken)
        self._wake_r.close()
