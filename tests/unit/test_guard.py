"""A build never destroys content and never mixes with another build.

``--site-dir`` pointing at the content folder once deleted every condition file and exited 0;
``--site-dir .`` crashed with a traceback. Both, and the other dangerous places, are refused with
a message and exit code 2 before anything is read or written. Two builds sharing a working folder
would publish each other's pages: the second is refused while the first holds the lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from hb_testlib import copy_content, run_cli

from generator.publish.guard import GuardError, build_lock, check_outputs


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site", ["content", "content/conditions", ".", ".."])
def test_dangerous_site_dirs_are_refused_and_nothing_changes(tmp_path: Path, site: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    root = copy_content(project)
    (project / "mkdocs.yml").write_text("site_name: x\n")
    before = _tree(root)
    code, _out, err = run_cli(["build", "--content", "content", "--site-dir", site, "--no-pdf",
                              "--config", "mkdocs.yml"], cwd=project)
    assert code == 2, err
    assert err.startswith("error: the site folder (") and "Traceback" not in err
    assert _tree(root) == before


def test_home_and_root_are_refused(tmp_path: Path) -> None:
    for out in (Path.home(), Path("/")):
        with pytest.raises(GuardError, match="contains the content folder|replaces that folder"):
            check_outputs(content=tmp_path / "content", project=tmp_path,
                          outputs={"site folder": out})


def test_a_site_folder_inside_the_project_is_fine(tmp_path: Path) -> None:
    check_outputs(content=tmp_path / "content", project=tmp_path,
                  outputs={"site folder": tmp_path / "site", "docs folder": tmp_path / "build"})


def test_docs_folder_in_the_content_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GuardError, match="is inside the content folder"):
        check_outputs(content=tmp_path / "content", project=tmp_path,
                      outputs={"docs folder": tmp_path / "content" / "docs"})


def test_second_build_in_the_same_folder_is_refused(tmp_path: Path) -> None:
    work = tmp_path / "build"
    work.mkdir()
    lock = work / ".hipback.lock"
    # another process holds the lock (flock locks belong to the open file, so a second open
    # file in this process stands in for another build)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.pwrite(fd, b"4242", 0)
    try:
        with pytest.raises(GuardError, match=r"another build is running \(pid 4242\)"), \
                build_lock(work):
            pass
    finally:
        os.close(fd)
    with build_lock(work):  # free again: this one gets it and writes its own pid
        assert lock.read_text() == str(os.getpid())
