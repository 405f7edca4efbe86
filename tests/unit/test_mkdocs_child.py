"""hipback build runs MkDocs in a child process (publish.mkdocs.mkdocs_build_apart)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from generator.publish.mkdocs import ENGINE_RUNS, BuildError, memory_mb, mkdocs_build_apart


def _site(tmp_path: Path, link: str = "other.md") -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(f"# Home\n\n[Other]({link})\n", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    config = {"site_name": "T", "site_url": "https://example.test/", "docs_dir": "docs",
              "theme": {"name": "mkdocs"}}
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_builds_the_site_with_the_build_date_of_this_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    config = _site(tmp_path)
    mkdocs_build_apart(config, tmp_path / "site")
    assert (tmp_path / "site" / "other" / "index.html").is_file()
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2023-11-14</lastmod>" in sitemap
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def test_the_child_reports_its_own_peak_memory_not_this_process_s(tmp_path: Path) -> None:
    """Linux carries a process's high-water mark over ``exec``: a child's ``ru_maxrss`` is at
    least its parent's size. The child's own peak (what the benchmarks report) is not."""
    ballast = bytearray(400 << 20)  # this process: 400 MB more, every page touched
    ballast[::4096] = b"x" * len(ballast[::4096])
    here = memory_mb("VmRSS")
    runs = len(ENGINE_RUNS)
    mkdocs_build_apart(_site(tmp_path), tmp_path / "site")
    assert len(ENGINE_RUNS) == runs + 1
    run = ENGINE_RUNS[-1]
    assert run.here >= here - 1 and here > 400
    assert 20 < run.peak < 300, run.peak  # MkDocs for two pages, not this process's 400 MB and more
    del ballast


def test_a_failed_build_comes_back_as_a_build_error(tmp_path: Path) -> None:
    config = _site(tmp_path, link="missing.md")
    with pytest.raises(BuildError, match="Aborted with 1 warnings in strict mode"):
        mkdocs_build_apart(config, tmp_path / "site")


def test_an_unreadable_configuration_comes_back_as_a_build_error(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(BuildError, match="MkDocs build failed"):
        mkdocs_build_apart(config, tmp_path / "site")


def test_an_interrupted_build_stops_the_child(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    from multiprocessing.connection import Connection

    def interrupted(self: Connection) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(Connection, "recv", interrupted)
    with pytest.raises(KeyboardInterrupt):
        mkdocs_build_apart(_site(tmp_path), tmp_path / "site")
    assert multiprocessing.active_children() == []
