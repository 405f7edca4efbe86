"""What a handout job returns, from any worker: the PDF's bytes and how it went.

Kept apart (standard library only) so the process that joins a booklet imports nothing but
pikepdf and this: it starts small, and its memory is the join's.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    name: str
    pdf: bytes
    pages: int
    compact: bool
    seconds: float
    peak_mb: float  # the worker process's peak memory so far (ru_maxrss)
    worker: str = ""  # host:pid of the process that made it


def peak_mb() -> float:
    """This process's peak memory (MB): Linux's ``VmHWM``, else ``ru_maxrss``.

    ``ru_maxrss`` is not this program's own on Linux: a process started with ``subprocess``
    (a booklet join) is made by vfork and exec, and reports the peak of the process that
    started it (a join at N=300 reported the build's 698 MB to the megabyte); ``VmHWM`` is the
    peak of the memory this program has mapped since it began."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # not on this platform
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def done(name: str, pdf: bytes, pages: int, started: float, *, compact: bool = False) -> Done:
    """The result of a job that started at ``started`` (``time.perf_counter()``)."""
    return Done(name=name, pdf=pdf, pages=pages, compact=compact,
                seconds=time.perf_counter() - started, peak_mb=peak_mb(),
                worker=f"{socket.gethostname()}:{os.getpid()}")
