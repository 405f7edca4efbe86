"""SIGTERM stops a command the way Ctrl-C does: the same clean-up, one sentence, no traceback.

Python turns Ctrl-C (SIGINT) into ``KeyboardInterrupt``, which unwinds every ``finally``: the
half-built site folder is removed, the handout workers are stopped and the pool's semaphores are
released. SIGTERM (``kill``, a service manager, a CI job being cancelled) would end the process
on the spot instead, leaving the folder, orphan workers and a "leaked semaphore" warning. So it
is raised as :class:`Terminated`, a ``KeyboardInterrupt``: whatever handles one handles both.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Terminated(KeyboardInterrupt):
    """The process was sent SIGTERM."""


def _on_term(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Raise :class:`Terminated` on SIGTERM while the command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stopped(exc: KeyboardInterrupt) -> tuple[int, str]:
    """The exit code and the word for a stop: 143 for SIGTERM, 130 for Ctrl-C (128 + signal)."""
    if isinstance(exc, Terminated):
        return 128 + signal.SIGTERM, "stopped (SIGTERM)"
    return 128 + signal.SIGINT, "interrupted"
