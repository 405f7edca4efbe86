"""Write a generated tree to disk, touching only files whose bytes changed.

Unchanged files keep their modification time, so ``mkdocs serve`` does not rebuild for nothing
and a second build rewrites nothing. Files we generated before but no longer make are removed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".hipback/manifest.txt"


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(out: Path, files: Mapping[str, bytes]) -> WriteResult:
    """Write just these files (those whose bytes changed); leave every other file alone."""
    result = WriteResult()
    for rel in sorted(files):
        data = files[rel]
        path = out / rel
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if same:
            result.unchanged.append(rel)
        else:
            atomic_write(path, data)
            result.written.append(rel)
    return result


def write_tree(out: Path, files: Mapping[str, bytes]) -> WriteResult:
    """Write the whole tree: changed files, and remove what an earlier tree had and this lacks."""
    files = dict(files)
    files[MANIFEST] = ("\n".join(sorted(files)) + "\n").encode()
    previous: set[str] = set()
    manifest = out / MANIFEST
    if manifest.is_file():
        previous = set(manifest.read_text(encoding="utf-8").split())
    result = write_files(out, files)
    for rel in sorted(previous - set(files)):
        path = out / rel
        if path.is_file():
            path.unlink()
            result.removed.append(rel)
            parent = path.parent
            while parent != out and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return result
