"""Reading content files safely: only regular files inside the content folder, each under a size
limit, decoded as UTF-8 — or a message that says exactly why a file cannot be read.

Content is not trusted: a "page" can be a symlink to ``/dev/zero`` (endless bytes), a FIFO (a read
that never returns) or a link to a file outside the folder (publishing ``/etc/passwd``). None of
these is read; each gets a ``path:line:col`` message instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..diagnostics import Diagnostic

MAX_FILE_BYTES = 512 * 1024
"""Content files are small; anything bigger is a mistake (a pasted log, a binary)."""


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _err(display: str, message: str, line: int = 1, col: int = 1) -> list[Diagnostic]:
    return [Diagnostic(path=display, line=line, col=col, message=message)]


def file_problem(path: Path, root: Path | None) -> str | None:
    """Why ``path`` may not be read as content (``None`` when it is a regular file inside
    ``root``). Never opens the file, so a FIFO cannot block."""
    try:
        info = path.lstat()
    except OSError as exc:
        return f"cannot read this file: {exc.strerror}."
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "this is a link to a file that does not exist; replace it with the file."
        if root is not None and not target.is_relative_to(root.resolve()):
            return ("this is a link to a file outside the content folder; copy the file into "
                    "the content folder instead.")
        info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        return ("this is not a regular file (a device, pipe or socket); content files must be "
                "plain text files.")
    return None


def read_bytes(path: Path, display: str, *, root: Path | None = None,
               limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a content file, read only if it is a regular file under ``limit`` bytes."""
    why = file_problem(path, root)
    if why:
        return None, _err(display, why)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the check
                return None, _err(display, "this is not a regular file; content files must be "
                                  "plain text files.")
            raw = fh.read(limit + 1)
    except OSError as exc:
        return None, _err(display, f"cannot read this file: {exc.strerror}.")
    if len(raw) > limit:
        return None, _err(display, f"this file is over {limit:,} bytes; content files may be "
                          f"at most {limit:,} bytes. Split it or remove what does not belong.")
    return raw, []


def read_text(path: Path, display: str, *, root: Path | None = None,
              limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Diagnostic]]:
    """Read a content file as UTF-8 text, or say exactly why it cannot be read."""
    raw, errors = read_bytes(path, display, root=root, limit=limit)
    if raw is None:
        return None, errors
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, _err(display, "the file starts with a byte-order mark (BOM); save it as "
                          "UTF-8 without BOM.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        return None, _err(display, f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x} "
                          f"at byte {exc.start}); save it with UTF-8 encoding.", line, col)
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        return None, _err(display, "this file contains a NUL byte; it looks like a binary "
                          "file, not text.", line, col)
    return text, []
