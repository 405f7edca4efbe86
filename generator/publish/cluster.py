"""Handouts on a Dask cluster: ``hipback pdf --dask tcp://host:8786``.

The handout jobs are plain data in, PDF bytes out (:mod:`.pdfwork`), so a Dask client's
``concurrent.futures`` executor runs them as they are, and the results come back into this
machine's cache; the workers need no shared file system, only the same ``hipback`` installed
(with its fonts, as package data), WeasyPrint and Pango. The booklet's joins, seconds of work
on bytes that are already here, stay on this machine. Before anything is sent, every
worker's environment fingerprint is compared with this machine's: a cluster that would make
other bytes under the same cache keys is refused.

``distributed`` is an optional extra (``pip install 'hipback[dask]'``). Every way the cluster can
be unusable is one sentence (:class:`ClusterError`), within seconds: an address that is not
``tcp://``/``tls://`` HOST:PORT before any other work, a port where nothing or something else
listens within :data:`CONNECT_TIMEOUT`. Nothing falls back to rendering on this machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Executor
from typing import Any

from .pdfwork import environment_fingerprint

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the scheduler (to connect, and to answer as one) before giving up."""

SCHEMES = ("tcp", "tls")
"""The address schemes ``--dask`` takes (Dask's others need extra packages or one process)."""

_HOST_PORT = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[A-Za-z0-9._-]+)):(?P<port>[0-9]{1,5})$")


class ClusterError(Exception):
    """The Dask cluster cannot be used (extra missing, unreachable, different workers)."""


def _worker_fingerprint(paper: str) -> str:
    """Runs on each worker: what its renders depend on (joins run on this machine)."""
    return environment_fingerprint(paper)


def check_address(address: str) -> tuple[str, str, int]:
    """``address`` as (scheme, host, port); :class:`ClusterError` unless it is ``tcp://`` or
    ``tls://`` HOST:PORT.

    Checked before any other work, and without Dask: an address Dask cannot use (``ucx://``
    without its package, ``inproc://`` from another process, ``http://``) would otherwise fail
    late, with a traceback, and an empty one would quietly render on this machine."""
    example = "for example tcp://127.0.0.1:8786"
    if not address.strip():
        raise ClusterError(f"--dask needs the address of a Dask scheduler, {example}; leave "
                           "--dask out to render on this machine.")
    scheme, sep, rest = address.partition("://")
    if not sep or scheme not in SCHEMES:
        raise ClusterError(f"--dask {address} is not a Dask scheduler address; give "
                           f"tcp://HOST:PORT or tls://HOST:PORT, {example}.")
    m = _HOST_PORT.match(rest)
    if not m or not 0 < int(m.group("port")) < 65536:
        raise ClusterError(f"--dask {address} needs a host and a port after {scheme}://, "
                           f"{example}.")
    return scheme, m.group("v6") or m.group("host"), int(m.group("port"))


def _unreachable(address: str, why: str) -> ClusterError:
    return ClusterError(
        f"cannot reach the Dask scheduler at {address} ({why}); check the address "
        "(tcp://host:8786) and that the scheduler is running."
    )


def _probe(address: str, host: str, port: int) -> None:
    """Connect once as Dask does, handshake included, within :data:`CONNECT_TIMEOUT`.

    Before a ``Client`` exists: a client that never connected complains with a traceback when
    it is garbage-collected, long after its error was reported; and a client pointed at a
    port where something else listens waits for its handshake for ever."""
    from distributed.comm.core import connect
    from distributed.security import Security

    try:  # a closed port is refused at once (Dask would retry until its timeout)
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        raise _unreachable(address, str(exc) or type(exc).__name__) from None
    args = Security().get_connection_args("client")  # type: ignore[no-untyped-call]
    if address.startswith("tls://") and args.get("ssl_context") is None:
        raise ClusterError(f"--dask {address} needs Dask's TLS settings (the certificate "
                           "files under distributed.comm.tls in its configuration).")

    async def handshake() -> None:
        comm = await asyncio.wait_for(
            connect(address, timeout=CONNECT_TIMEOUT, **args),  # type: ignore[no-untyped-call]
            CONNECT_TIMEOUT)
        await comm.close()

    try:
        _run_apart(handshake)
    except TimeoutError:
        raise ClusterError(
            f"nothing at {address} answered as a Dask scheduler within {CONNECT_TIMEOUT:.0f} "
            "seconds; check the address and port (a scheduler listens on 8786 by default)."
        ) from None
    except OSError as exc:
        raise _unreachable(address, str(exc) or type(exc).__name__) from None
    except Exception as exc:  # noqa: BLE001 - anything else Dask says: one sentence, no traceback
        raise _unreachable(address, f"{type(exc).__name__}: {exc}") from None


def _run_apart(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to its end with a loop of its own: here when no loop runs in this thread,
    else in a short-lived thread (``asyncio.run`` refuses to run inside a running loop, as when
    hipback is called from async code or beside an in-process Dask cluster)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(make())
        return
    failed: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(make())
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=target, name="hipback-dask-probe", daemon=True)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def _client(address: str) -> Any:
    _scheme, host, port = check_address(address)
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "--dask needs the Dask extra, which is not installed: pip install 'hipback[dask]' "
            "(the `distributed` package)."
        ) from None
    _probe(address, host, port)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT,  # type: ignore[no-untyped-call]
                      set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - one sentence, whatever the client raised
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
