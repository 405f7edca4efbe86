"""Handouts on a Dask cluster: ``hipback pdf --dask tcp://host:8786``.

The handout jobs are plain data in, PDF bytes out (:mod:`.pdfwork`), so a Dask client's
``concurrent.futures`` executor runs them as they are, and the results come back into this
machine's cache; the workers need no shared file system, only the same ``hipback`` installed
(with its fonts, as package data), WeasyPrint and Pango. The booklet's joins, seconds of work
on bytes that are already here, stay on this machine. Before anything is sent, every
worker's environment fingerprint is compared with this machine's: a cluster that would make
other bytes under the same cache keys is refused.

``distributed`` is an optional extra (``pip install 'hipback[dask]'``): without it, and when the
scheduler cannot be reached, :class:`ClusterError` says so in one sentence.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any

from .pdfwork import environment_fingerprint

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler before giving up."""


class ClusterError(Exception):
    """The Dask cluster cannot be used (extra missing, unreachable, different workers)."""


def _worker_fingerprint(paper: str) -> str:
    """Runs on each worker: what its renders depend on (joins run on this machine)."""
    return environment_fingerprint(paper)


def _unreachable(address: str, why: str) -> ClusterError:
    return ClusterError(
        f"cannot reach the Dask scheduler at {address} ({why}); check the address "
        "(tcp://host:8786) and that the scheduler is running."
    )


def _probe(address: str) -> None:
    """Fail fast, and before a ``Client`` exists: a client that never connected complains
    with a traceback when it is garbage-collected, long after its error was reported."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme not in ("tcp", "tls", "ws", "wss"):
            return  # nothing to probe with a plain socket: let the client try
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise _unreachable(address, f"not an address: {exc}") from None
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        raise _unreachable(address, str(exc) or type(exc).__name__) from None


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "--dask needs the Dask extra, which is not installed: pip install 'hipback[dask]' "
            "(the `distributed` package)."
        ) from None
    _probe(address)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT,  # type: ignore[no-untyped-call]
                      set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise _unreachable(address, f"{type(exc).__name__}: {exc}") from None


@contextlib.contextmanager
def dask_executor(address: str, *, paper: str) -> Iterator[Executor]:
    """An executor whose jobs run on the Dask cluster at ``address`` (closed afterwards)."""
    client = _client(address)
    try:
        try:
            theirs: dict[str, str] = client.run(_worker_fingerprint, paper)
        except Exception as exc:  # noqa: BLE001 - a worker that cannot even import hipback
            raise ClusterError(
                f"the Dask workers at {address} could not run hipback: "
                f"{type(exc).__name__}: {exc}"
            ) from None
        if not theirs:
            raise ClusterError(f"the Dask scheduler at {address} has no workers.")
        mine = _worker_fingerprint(paper)
        different = sorted(w for w, fp in theirs.items() if fp != mine)
        if different:
            raise ClusterError(
                f"{len(different)} Dask worker(s) ({', '.join(different[:3])}) have another "
                "WeasyPrint, hipback or font files than this machine; their PDFs "
                "would not match the cache. Install the same versions on every worker."
            )
        yield client.get_executor(pure=False)
    finally:
        client.close()
