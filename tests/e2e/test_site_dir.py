"""Where the site goes: a symlinked site folder stays a symlink; a bad folder argument is one
sentence; what a dead build left beside the site is removed by the next one, and only that."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, ROOT, run_cli

pytestmark = pytest.mark.e2e


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(tmp: Path, cache: Path, site: str, *extra: str,
          cwd: Path | None = None) -> tuple[int, str]:
    code, out, err = run_cli(
        ["build", "--content", str(FIXTURE), "--site-dir", site, "--docs", str(tmp / "work" / "docs"),
         "--cache", str(cache), "--config", str(ROOT / "mkdocs.yml"), "--no-pdf",
         *extra], cwd=cwd or tmp)
    return code, out + err


def test_a_symlinked_site_stays_a_symlink_to_a_new_release(tmp_path: Path,
                                                            shared_cache: Path) -> None:
    releases = tmp_path / "releases"
    (releases / "1").mkdir(parents=True)
    (releases / "1" / "index.html").write_text("the live release")
    (tmp_path / "current").symlink_to("releases/1")
    before = _tree(releases / "1")

    code, out = build(tmp_path, shared_cache, "current")
    assert code == 0, out
    link = tmp_path / "current"
    assert link.is_symlink() and os.readlink(link) == "releases/2"  # relative, as it was
    assert (releases / "2" / "index.html").read_text() != "the live release"
    assert _tree(releases / "1") == before  # the old release is there to roll back to
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "current", "releases", "work"]  # no .current.old

    code, out = build(tmp_path, shared_cache, "current")  # and again: the next number
    assert code == 0, out
    assert os.readlink(link) == "releases/3"
    assert sorted(p.name for p in releases.iterdir()) == ["1", "2", "3"]


@pytest.mark.parametrize(("args", "says"), [
    (["--site-dir", "."], "the site folder (.) is the current folder"),
    (["--site-dir", ".."], "the site folder (..) contains the current folder"),
    (["--site-dir", "afile"], "the site folder (afile) is a file, not a folder"),
    (["--site-dir", "afile/site"], "which is a file, not a folder"),
    (["--docs", "."], "the docs folder (.) is the current folder"),
    (["--docs", "afile"], "the docs folder (afile) is a file, not a folder"),
    (["--cache", "afile"], "the cache folder (afile) is a file, not a folder"),
    (["--content", "afile"], "the content folder (afile) is a file, not a folder"),
])
def test_a_bad_folder_argument_is_one_sentence(tmp_path: Path, args: list[str], says: str,
                                               shared_cache: Path) -> None:
    """From a folder that is not the project's: ``--site-dir .`` there once crashed with
    ``ValueError: PosixPath('.') has an empty name`` (and, unguarded, would replace it)."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "afile").write_text("not a folder")
    before = _tree(work)
    site = "site"
    if args[0] == "--site-dir":
        site, args = args[1], []
    code, out = build(work, shared_cache, site, *args, cwd=work)
    assert code == 2, out
    assert out.startswith("error: ") and says in out, out
    assert len(out.splitlines()) == 1 and "Traceback" not in out
    assert _tree(work) == before


def test_only_a_dead_builds_leftovers_are_removed(tmp_path: Path, shared_cache: Path) -> None:
    site = tmp_path / "site"
    dead = tmp_path / ".site.new-dead1234"  # a build killed mid-way: its lock is free
    (dead / "assets").mkdir(parents=True)
    (tmp_path / ".site.new-dead1234.lock").write_text("4242\nsite\n")
    running = tmp_path / ".site.new-live1234"  # another build still at work: locked
    running.mkdir()
    lock = tmp_path / ".site.new-live1234.lock"
    lock.write_text("4243\nsite\n")
    stranger = tmp_path / ".site.new-notours"  # no lock file: not provably ours
    stranger.mkdir()
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # (flock belongs to the open file: as if another process)
    try:
        code, out = build(tmp_path, shared_cache, str(site))
    finally:
        os.close(fd)
    assert code == 0, out
    assert not dead.exists() and not (tmp_path / ".site.new-dead1234.lock").exists()
    assert running.is_dir() and lock.is_file() and stranger.is_dir()
    assert (site / "index.html").is_file()


def test_a_build_that_died_mid_swap_gets_its_last_good_site_back(tmp_path: Path) -> None:
    """Where the folders cannot be exchanged in one step, the old site is renamed away first;
    a build killed right then leaves no site at all, and the next one puts it back first."""
    old = tmp_path / ".site.new-dead5678.old"
    old.mkdir()
    (old / "index.html").write_text("the last good site")
    (tmp_path / ".site.new-dead5678.lock").write_text("4242\nsite\n")
    from generator.publish.release import clean_leftovers

    clean_leftovers(tmp_path)
    assert (tmp_path / "site" / "index.html").read_text() == "the last good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
