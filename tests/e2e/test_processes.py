"""Stopping a build: Ctrl-C, SIGTERM and ``kill -9`` leave no traceback, worker or half-built copy.

Each case runs ``hipback`` as a real process in a session of its own (so its process group holds
it and everything it starts: the fork server, the handout workers, the MkDocs child) and stops
it while the handouts are being rendered, or while the booklet is joined and the workers wait
for work — from an empty handout cache, with the flowchart's Mermaid render (many seconds) taken
from the shared cache. Ctrl-C goes to the whole group, as a
terminal sends it; SIGTERM and SIGKILL go to the build alone, as ``kill`` sends them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, ROOT, flowchart_only_cache, run_cli

from generator.checks import load_and_check
from generator.emit.flowchart import build_flowchart
from generator.resolve import resolve

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("handouts"),
              pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc")]

WAIT = 90.0
"""Seconds allowed for anything that should take a few (a loaded 2-core machine)."""


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a live process, from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[2])


def group(pgid: int) -> dict[int, int]:
    """Live (not zombie) processes of the group ``pgid``: pid → parent pid."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st and st[2] == pgid and st[0] != "Z":
                out[int(entry.name)] = st[1]
    return out


def workers(build: int) -> list[int]:
    """The handout workers: processes of the build's group that the build did not start
    itself but a process it started did (the fork server's children)."""
    procs = group(build)
    return [pid for pid, parent in procs.items() if parent in procs and parent != build]


def running(build: int, what: bytes) -> bool:
    """Whether a process of the build's group has ``what`` in its command line."""
    for pid in group(build):
        with contextlib.suppress(OSError):
            if what in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
    return False


PHASES = {"join": b"generator.publish.pdfjoin"}
"""A booklet join (a fresh process): the workers are idle then, waiting for their next job,
which is where a Ctrl-C used to print their tracebacks."""


def wait_for(what: Callable[[], bool], seconds: float = WAIT, every: float = 0.1) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if what():
            return True
        time.sleep(every)
    return what()


@pytest.fixture(scope="module")
def flowchart_cache(shared_cache: Path) -> Path:
    """The fixture's flowchart rendered into the shared cache (once per test run)."""
    content, report = load_and_check(FIXTURE)
    assert content is not None, report.errors
    build_flowchart(resolve(content), cache_dir=shared_cache)
    return shared_cache


def fresh_cache(tmp_path: Path, flowchart_cache: Path) -> Path:
    return flowchart_only_cache(tmp_path, flowchart_cache)


def start(command: str, tmp_path: Path, cache: Path) -> subprocess.Popen[str]:
    args = {"build": ["--site-dir", str(tmp_path / "site"), "--docs", str(tmp_path / "docs"),
                      "--config", str(ROOT / "mkdocs.yml")],
            "pdf": ["--out", str(tmp_path / "out")]}[command]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(
        [sys.executable, "-m", "generator", command, "--content", str(FIXTURE),
         "--cache", str(cache), *args],
        cwd=ROOT, env=env, start_new_session=True, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def caught(proc: subprocess.Popen[str], phase: str) -> bool:
    """Wait until handout workers are rendering, or until the booklet is being joined;
    ``False`` if the command ended first (a join can be over between two looks)."""
    if phase in PHASES:
        wait_for(lambda: running(proc.pid, PHASES[phase]) or proc.poll() is not None,
                 every=0.01)
    else:
        wait_for(lambda: bool(workers(proc.pid)) or proc.poll() is not None)
    if proc.poll() is not None:
        proc.communicate()
        return False
    if phase == "render":
        time.sleep(0.5)  # let them take their first jobs
    return True


def during_handouts(command: str, tmp_path: Path, flowchart_cache: Path,
                    phase: str) -> tuple[subprocess.Popen[str], Path]:
    """A running command caught in ``phase``, and its folder (three tries, each from an empty
    handout cache in a folder of its own)."""
    for attempt in range(3):
        work = tmp_path / f"try-{attempt}"
        work.mkdir()
        proc = start(command, work, fresh_cache(work, flowchart_cache))
        if caught(proc, phase):
            return proc, work
    raise AssertionError(f"the {command} command never got to {phase!r} in three tries")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".new-" in p.name or p.name.endswith(".old"))


@pytest.mark.parametrize(("command", "how", "phase"), [
    # Ctrl-C while the workers wait (the old code printed their tracebacks every time; while
    # they render, only now and then); SIGTERM while they render (they are stopped at once)
    ("build", "SIGINT", "join"), ("build", "SIGTERM", "render"),
    ("pdf", "SIGINT", "join"), ("pdf", "SIGTERM", "render")])
def test_a_stopped_build_exits_plainly_and_leaves_nothing(
        command: str, how: str, phase: str, tmp_path: Path, flowchart_cache: Path) -> None:
    proc, work = during_handouts(command, tmp_path, flowchart_cache, phase)
    try:
        if how == "SIGINT":  # Ctrl-C in a terminal: every process of the foreground group
            os.killpg(proc.pid, signal.SIGINT)
        else:  # `kill PID`
            proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == {"SIGINT": 130, "SIGTERM": 143}[how], err
    assert "Traceback" not in err and "leaked semaphore" not in err, err
    assert err.strip().splitlines()[-1].startswith(("interrupted", "stopped (SIGTERM)")), err
    assert wait_for(lambda: not group(proc.pid), 20), f"left running: {group(proc.pid)}"
    assert leftovers(work) == []
    assert not (work / "site").exists()


def test_a_killed_build_takes_its_workers_and_the_next_build_cleans_up(
        tmp_path: Path, flowchart_cache: Path) -> None:
    proc, work = during_handouts("build", tmp_path, flowchart_cache, "render")
    try:
        proc.kill()  # kill -9: no clean-up of its own
        proc.communicate(timeout=WAIT)
        assert wait_for(lambda: not group(proc.pid), 20), f"left running: {group(proc.pid)}"
    finally:
        if group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    # the handouts are rendered before the new site's staging copy exists (publish/pipeline.py),
    # so a build killed here leaves no copy; one killed later does, and release.py clears a dead
    # build's copy (tests/unit/test_release.py): the next build must succeed and leave none
    code, _out, err = run_cli(["build", "--content", str(FIXTURE), "--site-dir",
                               str(work / "site"), "--docs", str(work / "docs"),
                               "--cache", str(work / "cache"), "--config", str(ROOT / "mkdocs.yml"),
                               "--no-pdf"], cwd=ROOT)
    assert code == 0, err
    assert leftovers(work) == []
    assert (work / "site" / "index.html").is_file()
