"""Swapping a new site in (generator/publish/release.py) without a build around it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.publish.release import ReleaseError, Staging, next_release, staged


@pytest.mark.parametrize(("current", "siblings", "expected"), [
    ("1", ["1"], "2"),
    ("1", ["1", "2", "7", "x"], "8"),  # never a number that is taken
    ("release-7", ["release-7", "release-9", "release-x"], "release-10"),
    ("site", ["site"], "site-2"),
    ("site", ["site", "site-2"], "site-3"),
])
def test_next_release(tmp_path: Path, current: str, siblings: list[str], expected: str) -> None:
    for name in siblings:
        (tmp_path / name).mkdir()
    assert next_release(tmp_path, current) == expected


def _site(folder: Path, text: str) -> None:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text)


def test_a_plain_site_is_replaced_in_one_step_and_nothing_is_left(tmp_path: Path) -> None:
    _site(tmp_path / "site", "old")
    with staged(tmp_path / "site") as stage:
        (stage.folder / "index.html").write_text("new")
        assert stage.lock.is_file()
        assert stage.publish() == tmp_path / "site"
        assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert oct((tmp_path / "site").stat().st_mode & 0o777) == "0o755"  # not mkdtemp's 0700


def test_a_failed_build_leaves_the_site_and_no_copy(tmp_path: Path) -> None:
    _site(tmp_path / "site", "old")
    with pytest.raises(RuntimeError), staged(tmp_path / "site") as stage:
        (stage.folder / "index.html").write_text("half")
        raise RuntimeError
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / "index.html").read_text() == "old"


def test_an_absolute_link_stays_absolute(tmp_path: Path) -> None:
    _site(tmp_path / "releases" / "1", "old")
    (tmp_path / "current").symlink_to(tmp_path / "releases" / "1")
    with staged(tmp_path / "current") as stage:
        (stage.folder / "index.html").write_text("new")
        stage.publish()
    assert os.readlink(tmp_path / "current") == str(tmp_path / "releases" / "2")
    assert (tmp_path / "current" / "index.html").read_text() == "new"
    assert (tmp_path / "releases" / "1" / "index.html").read_text() == "old"
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["1", "2"]


def test_a_link_to_a_file_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "current").symlink_to("afile")
    with pytest.raises(ReleaseError, match=r"is a link to afile, which is not a folder"):
        Staging(tmp_path / "current")


def test_a_leftover_of_earlier_versions_is_removed(tmp_path: Path) -> None:
    """Earlier versions left ``.current.old`` (a link) beside a symlinked site."""
    _site(tmp_path / "releases" / "1", "old")
    (tmp_path / "current").symlink_to("releases/1")
    (tmp_path / ".current.old").symlink_to("releases/1")
    with staged(tmp_path / "current"):
        pass
    assert not os.path.lexists(tmp_path / ".current.old")
    assert (tmp_path / "releases" / "1" / "index.html").read_text() == "old"


def test_without_an_exchange_call_two_renames_do(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``renameat2`` is missing (not Linux, an old kernel or file system)."""
    from generator.publish import release

    monkeypatch.setattr(release, "_exchange", lambda a, b: False)
    _site(tmp_path / "site", "old")
    with staged(tmp_path / "site") as stage:
        (stage.folder / "index.html").write_text("new")
        stage.publish()
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_dead_builds_copy_goes_with_the_next_build(tmp_path: Path) -> None:
    """A build killed after its staging copy was made (kill -9, a power cut) leaves the copy
    and its lock file; no process holds the lock, so the next build removes both."""
    _site(tmp_path / "site", "old")
    dead = tmp_path / ".site.new-dead01"
    dead.mkdir()
    (dead / "index.html").write_text("half")
    (tmp_path / ".site.new-dead01.lock").write_text("999999\nsite\n")
    with staged(tmp_path / "site") as stage:
        (stage.folder / "index.html").write_text("new")
        stage.publish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / "index.html").read_text() == "new"
