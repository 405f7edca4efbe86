"""Handouts on a Dask cluster: a real ``LocalCluster`` of 2 worker processes.

The renders go to the cluster's workers (other processes, found by host:pid), the PDFs come back
into the local cache, and every byte is the same as a local render of the same content.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from hb_testlib import FIXTURE, run_cli

from generator.checks import load_and_check
from generator.emit.flowchart import build_flowchart
from generator.publish.cluster import dask_executor
from generator.publish.handouts import render_handouts
from generator.resolve import resolve

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("handouts")]


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as c:
        yield c


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> dict[str, Path]:
    """Every handout of the fixture content, rendered by the local process pool."""
    content, report = load_and_check(FIXTURE)
    assert content is not None, report.errors
    r = resolve(content)
    fc = build_flowchart(r, cache_dir=shared_cache)
    return dict(render_handouts(r, fc, cache_dir=tmp_path_factory.mktemp("local")))


def with_flowchart(cache: Path, shared_cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    for svg in sorted(shared_cache.glob("flowchart-*.svg")):  # Mermaid once per test run
        shutil.copy2(svg, cache / svg.name)
    return cache


def test_hipback_pdf_dask_is_byte_identical_to_a_local_render(
        cluster: LocalCluster, local: dict[str, Path], tmp_path: Path,
        shared_cache: Path) -> None:
    cache = with_flowchart(tmp_path / "cache", shared_cache)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(["pdf", "--content", str(FIXTURE), "--cache", str(cache),
                                    "--out", str(out), "--dask", cluster.scheduler_address])
    assert code == 0, stderr
    assert f"{len(local)} handout(s)" in stdout
    assert sorted(p.stem for p in out.iterdir()) == sorted(local)
    for name, path in local.items():
        assert (out / f"{name}.pdf").read_bytes() == path.read_bytes(), name
    # …and they came back into the local cache, under the same keys
    assert sorted(p.name for p in (cache / "handouts").glob("*.pdf")) == sorted(
        p.name for p in local.values())


def test_the_jobs_run_on_the_cluster_workers(cluster: LocalCluster, local: dict[str, Path],
                                             tmp_path: Path, shared_cache: Path) -> None:
    content, _ = load_and_check(FIXTURE)
    assert content is not None
    r = resolve(content)
    fc = build_flowchart(r, cache_dir=shared_cache)
    with Client(cluster) as client:
        workers = set(client.run(lambda: f"{socket.gethostname()}:{os.getpid()}").values())
    assert len(workers) == 2
    with dask_executor(cluster.scheduler_address, paper=content.site.paper_size) as executor:
        out = render_handouts(r, fc, cache_dir=tmp_path, only="booklet", executor=executor)
    assert out.rendered == sorted([*content.conditions, "overview", "booklet"])
    # every render ran on the cluster; the join (seconds of work on bytes that are here) in a
    # fresh local process of its own
    me = f"{socket.gethostname()}:{os.getpid()}"
    assert {out.workers[n] for n in out.rendered if n != "booklet"} <= workers
    assert out.workers["booklet"] not in workers | {me}
    assert out["booklet"].read_bytes() == local["booklet"].read_bytes()
    assert max(out.worker_peak_mb.values()) < 400
