"""``hipback pdf --dask``: what a user sees when the cluster cannot be used.

Each case runs ``hipback`` in a fresh process, so a traceback printed at any time (even by a
half-made Dask client being garbage-collected at exit) would show in its stderr.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from hb_testlib import FIXTURE, ROOT

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


def test_a_malformed_address_is_one_clear_sentence(tmp_path: Path) -> None:
    run = hipback("--dask", "nonsense", "--cache", f"{tmp_path}/c")
    assert run.returncode == 1
    assert run.stderr.startswith("error: cannot reach the Dask scheduler at nonsense (not an "
                                 "address: missing port number")
    assert "Traceback" not in run.stderr
