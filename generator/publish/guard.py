"""Where a build may write, and one build at a time.

A build replaces its site folder wholesale and rewrites its docs folder, so pointing either at the
wrong place would destroy work: ``--site-dir content`` once deleted every condition file. Output
folders may not be, contain or sit inside the content folder, and may not be (or contain) the
current folder, the project folder, the home folder or ``/``, nor be a file. Two builds sharing a working folder would publish each
other's pages, so a lock file keeps a second one out with a clear message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class GuardError(Exception):
    """An output folder that must not be used, or a build already running."""


def _overlaps(out: Path, other: Path) -> str:
    if out == other:
        return "is"
    if out in other.parents:
        return "contains"
    if other in out.parents:
        return "is inside"
    return ""


_EXAMPLES = {"site folder": "site", "docs folder": "build/docs", "cache folder": "build/cache",
             "content folder": "content", "output folder": "out"}


def check_folder_arg(what: str, out: Path) -> None:
    """A folder argument that names a file, or a folder inside a file: one sentence (the
    command would otherwise stop with a traceback at its first ``mkdir``)."""
    path = Path(os.path.abspath(out))
    for place in (path, *path.parents):
        if os.path.lexists(place):
            if not place.is_dir():
                inside = "" if place == path else f" is inside {place}, which"
                raise GuardError(f"the {what} ({out}){inside} is a file, not a folder; give a "
                                 f"folder, for example {_EXAMPLES.get(what, 'site')}.")
            return


def check_outputs(*, content: Path, project: Path, outputs: dict[str, Path]) -> None:
    """Raise :class:`GuardError` if an output folder is a dangerous place to write."""
    content_r = content.resolve()
    protected = {
        "the current folder": Path.cwd().resolve(),
        "the project folder": project.resolve(),
        "your home folder": Path.home().resolve(),
        "the root folder /": Path("/"),
    }
    for what, out in outputs.items():
        if not str(out).strip():
            raise GuardError(f"the {what} is empty; give a folder name, for example site.")
        check_folder_arg(what, out)
        target = out.resolve()
        how = _overlaps(target, content_r)
        if how:
            raise GuardError(f"the {what} ({out}) {how} the content folder ({content}); a build "
                             "would overwrite or delete content. Choose another folder, for "
                             "example site.")
        for name, folder in protected.items():
            how = _overlaps(target, folder)
            if how in ("is", "contains"):
                raise GuardError(f"the {what} ({out}) {how} {name}; a build replaces that "
                                 "folder completely. Choose a folder of its own, for example "
                                 "site.")


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder/.hipback.lock`` for the whole build; fail at once if another holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".hipback.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise GuardError(f"another build is running (pid {other}) with the working folder "
                             f"{folder}; wait for it to finish, or give this one its own "
                             "folder with --docs.") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)
