"""Child processes that never outlive the build and never answer Ctrl-C themselves.

A build starts helper processes: the handout workers (from multiprocessing's fork server), the
MkDocs child, the Mermaid renderer and the booklet joins. A terminal sends Ctrl-C (SIGINT) to
every process of the foreground group, so each of them would stop with its own
``KeyboardInterrupt`` traceback beside the build's one clear message: they ignore it instead, and
the build, which handles it, stops them. When the build itself dies without cleaning up
(``kill -9``, an out-of-memory kill), nothing would stop them: a worker waiting for its next job
would wait for ever. So each one asks the kernel to kill it when the build dies (Linux'
``PR_SET_PDEATHSIG``), or watches the build from a thread (:func:`die_with`).

This is shared by two stages (emit runs Mermaid, publish the rest), so it sits in the base.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator

PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal this process gets when the thread that made it ends."""

WATCH_SECONDS = 0.5
"""How often the fallback thread (not on Linux) looks for its parent."""


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; ``False`` where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (perhaps another one that got the same number)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, and belongs to another user
        return True
    return True


def _watch(pid: int) -> None:
    """Wait for process ``pid`` to end, then end this one."""
    try:
        fd = os.pidfd_open(pid)  # Linux 5.3+: readable once the process has ended
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # elsewhere: look now and then
        while pid_alive(pid):
            time.sleep(WATCH_SECONDS)
        os._exit(1)
    select.select([fd], [], [])
    os._exit(1)


def die_with(build: int) -> None:
    """End this process when the build process ``build`` ends (at once if it has already).

    A direct child asks the kernel (``PR_SET_PDEATHSIG``). A pool worker's parent is
    multiprocessing's fork server, which does not end before its children do (each of them
    holds its "still alive" pipe), so a worker watches the build itself from a thread.
    Called first thing in a child, before any work.
    """
    if os.getppid() == build and _set_parent_death_signal():
        if os.getppid() != build:  # it died before the request: the kernel would not tell us
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(build,), daemon=True, name="hipback-lifeline").start()


def ignore_interrupts() -> None:
    """Leave Ctrl-C to the build (it stops this process); a child never prints its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def child_start(build: int) -> None:
    """What every helper process does first: ignore Ctrl-C, die with the build."""
    ignore_interrupts()
    die_with(build)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Ignore Ctrl-C in this process while a child is being started, so the child starts with
    it ignored (a new Python program keeps an inherited "ignore", and a fork copies it): no
    Ctrl-C can reach the child before it runs :func:`child_start`. A Ctrl-C in these few
    milliseconds is lost; outside the main thread this does nothing (signals are the main
    thread's)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
