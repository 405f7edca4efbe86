"""``hipback pdf --dask``: what a user sees when the cluster cannot be used.

Each case runs ``hipback`` in a fresh process, so a traceback printed at any time (even by a
half-made Dask client being garbage-collected at exit) would show in its stderr. Every failure
is one sentence, within seconds, and nothing falls back to rendering on this machine.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, ROOT

from generator.publish.cluster import CONNECT_TIMEOUT

RUN = """
import sys
if {block}:
    sys.modules["distributed"] = None  # as if the extra were not installed
from generator.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def hipback(*args: str, block_dask: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN.format(block=block_dask), "pdf", "--content", str(FIXTURE),
         *args], check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_missing_dask_extra_is_one_clear_sentence(tmp_path: Path) -> None:
    run = hipback("--dask", "tcp://127.0.0.1:8786", "--cache", f"{tmp_path}/c",
                  block_dask=True)
    assert run.returncode == 1
    assert run.stderr.strip() == (
        "error: --dask needs the Dask extra, which is not installed: pip install "
        "'hipback[dask]' (the `distributed` package).")


def test_unreachable_scheduler_is_one_clear_sentence(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    run = hipback("--dask", address, "--cache", f"{tmp_path}/c")
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: cannot reach the Dask scheduler at {address} (")
    assert "check the address (tcp://host:8786)" in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize(("address", "says"), [
    ("nonsense", "is not a Dask scheduler address; give tcp://HOST:PORT or tls://HOST:PORT"),
    ("ucx://127.0.0.1:8786", "is not a Dask scheduler address"),  # was a TypeError traceback
    ("http://127.0.0.1:8786", "is not a Dask scheduler address"),  # a traceback 20 s later
    ("inproc://x", "is not a Dask scheduler address"),
    ("ws://127.0.0.1:8786", "is not a Dask scheduler address"),
    ("tcp://127.0.0.1", "needs a host and a port after tcp://"),
    ("tcp://127.0.0.1:99999", "needs a host and a port after tcp://"),
    ("tcp://127.0.0.1:8786/path", "needs a host and a port after tcp://"),
    ("", "needs the address of a Dask scheduler"),  # rendered locally without a word
    (" ", "needs the address of a Dask scheduler"),
])
def test_a_bad_address_is_one_sentence_before_any_work(tmp_path: Path, address: str,
                                                         says: str) -> None:
    start = time.monotonic()
    run = hipback("--dask", address, "--cache", f"{tmp_path}/c")
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("error: --dask ") and says in run.stderr, run.stderr
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr
    assert not (tmp_path / "c").exists()  # before any work: no cache, no flowchart
    assert time.monotonic() - start < 60


def test_a_port_where_something_else_listens_times_out_in_seconds(tmp_path: Path) -> None:
    """A listener that accepts and says nothing (not a scheduler) once held the build until
    Ctrl-C, then printed a traceback."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        start = time.monotonic()
        run = hipback("--dask", address, "--cache", f"{tmp_path}/c")
        took = time.monotonic() - start
    assert run.returncode == 1
    assert run.stderr == (f"error: nothing at {address} answered as a Dask scheduler within "
                          f"{CONNECT_TIMEOUT:.0f} seconds; check the address and port (a "
                          "scheduler listens on 8786 by default).\n")
    assert took < CONNECT_TIMEOUT + 60  # start-up and the content check on a loaded machine


def test_tls_without_certificates_is_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        address = f"tls://127.0.0.1:{listener.getsockname()[1]}"
        run = hipback("--dask", address, "--cache", f"{tmp_path}/c")
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: --dask {address} needs Dask's TLS settings")
    assert len(run.stderr.splitlines()) == 1
