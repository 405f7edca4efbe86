"""Where a new site is built, how it replaces the old one, and what a dead build left behind.

The new site is built in a hidden folder beside the old one and swapped in only when every stage
succeeded. Three things make that safe whatever happens to the build:

* **The folder is provably ours.** Beside it lies a lock file of the same name plus ``.lock``
  (``.site.new-abc123`` and ``.site.new-abc123.lock``), held with ``flock`` for the whole build.
  The next build removes every such pair whose lock is free: a build that died (``kill -9``, a
  power cut) left it; a running one still holds its lock, and its folder is left alone. A
  folder without a lock file is not ours (or not provably) and is never touched.
* **The swap is one step.** On Linux the two folders are exchanged in one ``renameat2`` call
  (``RENAME_EXCHANGE``): the site is never missing, and the old tree lands in the build's own
  folder, which is removed afterwards. Where that call is missing the old site is first renamed
  to ``.site.new-abc123.old``; a build that died between the two renames has its last good site
  put back by the next one.
* **A symlinked site stays a symlink.** ``current -> releases/1`` is the usual deploy layout:
  the new site is built beside the link's target, renamed to the next number
  (``releases/2``; ``site`` → ``site-2``), and the link is replaced atomically (a new link under
  a temporary name, then one rename). The old release is left as it was, for a roll-back.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..lifeline import pid_alive

_LEFTOVER = re.compile(r"^\..+\.new-[A-Za-z0-9_]+$")
"""A build folder's name: ``.NAME.new-`` and ``tempfile``'s random letters."""

_TEMP_LINK = re.compile(r"^\..+\.link-(?P<pid>[0-9]+)$")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class ReleaseError(Exception):
    """The site folder cannot be replaced (a sentence for the user)."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); ``False`` where that is missing."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel or a file system without it: the two renames then
    raise OSError(code, os.strerror(code), str(b))


def _free_lock(lock: Path) -> int | None:
    """Our lock file, held now by us (its build is dead), or ``None`` (in use, or not ours)."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)


def _clean_one(lock: Path, fd: int) -> None:
    work = lock.with_suffix("")  # .site.new-abc123
    target_name = os.pread(fd, 4096, 0).decode("utf-8", "replace").partition("\n")[2].strip()
    old = work.with_name(work.name + ".old")
    target = work.parent / target_name if target_name and "/" not in target_name else None
    if target is not None and old.is_dir() and not os.path.lexists(target):
        os.replace(old, target)  # it died between the two renames: the last good site returns
    _remove_tree(old)
    _remove_tree(work)
    lock.unlink(missing_ok=True)


def clean_leftovers(folder: Path) -> None:
    """Remove what builds that died left in ``folder`` (only what is provably theirs)."""
    if not folder.is_dir():
        return
    for lock in sorted(folder.glob(".*.new-*.lock")):
        if not _LEFTOVER.match(lock.stem) or not lock.is_file():
            continue
        fd = _free_lock(lock)
        if fd is None:
            continue
        try:
            _clean_one(lock, fd)
        finally:
            os.close(fd)


def _clean_temp_links(folder: Path, name: str) -> None:
    """Temporary links (``.current.link-PID``) of builds that died between two calls."""
    if not folder.is_dir():
        return
    for link in folder.glob(f".{name}.link-*"):
        m = _TEMP_LINK.match(link.name)
        if m and link.is_symlink() and not pid_alive(int(m.group("pid"))):
            link.unlink(missing_ok=True)


def _clean_legacy(folder: Path, name: str) -> None:
    """``.NAME.old``, which earlier versions renamed the old site to and always removed before
    their next swap (a symlinked site was left there as a link)."""
    old = folder / f".{name}.old"
    if old.is_symlink():
        old.unlink()
    elif old.is_dir() and (folder / name).is_dir():
        shutil.rmtree(old, ignore_errors=True)


def _link_target(site: Path) -> Path:
    """Where the symlink ``site`` points (one step, not resolved further)."""
    text = os.readlink(site)
    target = Path(text) if os.path.isabs(text) else site.parent / text
    if target.name in ("", ".", "..") or not target.parent.is_dir():
        raise ReleaseError(f"the site folder {site} is a link to {text}, which is not a folder "
                           "beside others; point it at a folder such as releases/1.")
    if os.path.lexists(target) and not target.is_dir():
        raise ReleaseError(f"the site folder {site} is a link to {text}, which is not a folder; "
                           "point it at a folder such as releases/1.")
    return target


def next_release(folder: Path, current: str) -> str:
    """The name after ``current`` among its siblings: ``1`` → ``2``, ``site`` → ``site-2``."""
    m = re.fullmatch(r"(.*?)([0-9]*)", current)
    prefix, digits = (m.group(1), m.group(2)) if m else (current, "")
    if not digits:
        prefix, digits = f"{current}-", "1"
    pattern = re.compile(re.escape(prefix) + r"([0-9]+)")
    taken = [int(x.group(1)) for p in folder.iterdir() if (x := pattern.fullmatch(p.name))]
    return f"{prefix}{max([int(digits), *taken]) + 1}"


class Staging:
    """A hidden folder being built beside its target, with its lock held (see the module)."""

    def __init__(self, site: Path) -> None:
        self.site = Path(os.path.abspath(site))
        self.link = self.site.is_symlink()
        self.target = _link_target(self.site) if self.link else self.site
        if self.target.name in ("", ".", ".."):
            raise ReleaseError(f"the site folder {site} has no name; give a folder such as site.")
        if os.path.lexists(self.target) and not self.target.is_dir():
            raise ReleaseError(f"the site folder {site} is a file, not a folder; give a folder "
                               "such as site.")
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(parent)
        _clean_legacy(self.site.parent, self.site.name)
        if self.link:
            _clean_temp_links(self.site.parent, self.site.name)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=parent))
        self.lock = self.folder.with_name(self.folder.name + ".lock")
        # locked under another name first, then renamed (the lock stays with the open file):
        # another build's clean-up never sees this lock file unlocked
        pending = self.folder.with_name(self.folder.name + ".pending")
        self._fd = os.open(pending, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        os.write(self._fd, f"{os.getpid()}\n{self.target.name}\n".encode())
        os.rename(pending, self.lock)

    def publish(self) -> Path:
        """Put the finished folder in place; return the folder the site now is."""
        self.folder.chmod(0o755)
        if self.link:
            return self._publish_release()
        if not os.path.lexists(self.target):
            os.replace(self.folder, self.target)
        elif not _exchange(self.folder, self.target):
            old = self.folder.with_name(self.folder.name + ".old")
            os.replace(self.target, old)
            os.replace(self.folder, self.target)
            _remove_tree(old)
        return self.target

    def _publish_release(self) -> Path:
        parent = self.target.parent
        release = parent / next_release(parent, self.target.name)
        os.rename(self.folder, release)
        text = os.readlink(self.site)
        new_text = os.path.join(os.path.dirname(text), release.name)
        temp = self.site.with_name(f".{self.site.name}.link-{os.getpid()}")
        temp.unlink(missing_ok=True)
        os.symlink(new_text, temp)
        os.replace(temp, self.site)
        return release

    def close(self) -> None:
        """Remove the folder (the old site, after a swap; a half-built one after a failure)."""
        _remove_tree(self.folder.with_name(self.folder.name + ".old"))
        _remove_tree(self.folder)
        self.lock.unlink(missing_ok=True)
        os.close(self._fd)


@contextlib.contextmanager
def staged(site: Path) -> Iterator[Staging]:
    """A new build folder for ``site``, removed afterwards whatever happened."""
    stage = Staging(site)
    try:
        yield stage
    finally:
        stage.close()
