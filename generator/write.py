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


class TreeWriter:
    """:func:`write_tree` one file at a time, as the files are made: the emitter hands each file
    over (:meth:`add`) instead of holding the whole tree (about 47 MB of pages at 1,000
    conditions, and as much again while they were being made); :meth:`finish` writes the
    manifest and removes what an earlier tree had and this one lacks."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.result = WriteResult()
        self.names: set[str] = set()

    def add(self, rel: str, data: bytes) -> None:
        """Write one file of the tree (only when its bytes changed)."""
        path = self.out / rel
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        (self.result.unchanged if same else self.result.written).append(rel)
        if not same:
            atomic_write(path, data)
        self.names.add(rel)

    def finish(self) -> WriteResult:
        """The manifest written, files of an earlier tree removed; the names in order."""
        manifest = self.out / MANIFEST
        previous: set[str] = set()
        if manifest.is_file():
            previous = set(manifest.read_text(encoding="utf-8").split())
        self.add(MANIFEST, ("\n".join(sorted(self.names)) + "\n").encode())
        result = self.result
        result.written.sort()
        result.unchanged.sort()
        for rel in sorted(previous - self.names):
            path = self.out / rel
            if path.is_file():
                path.unlink()
                result.removed.append(rel)
                parent = path.parent
                while parent != self.out and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
        return result


def write_tree(out: Path, files: Mapping[str, bytes]) -> WriteResult:
    """Write the whole tree: changed files, and remove what an earlier tree had and this lacks."""
    writer = TreeWriter(out)
    for rel in sorted(files):
        writer.add(rel, files[rel])
    return writer.finish()
