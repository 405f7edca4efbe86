"""Read a content file as UTF-8 text, or say exactly why it cannot be read.

Every content file (YAML and Markdown pages) comes through here first, so a folder, a pipe, a
huge paste, a byte-order mark, another encoding or a binary file each get one plain message at
the right place instead of a traceback or a confusing parse error further on.
"""

from __future__ import annotations

import stat
from pathlib import Path

from ..diagnostics import Diagnostic
from ..text.hidden import hidden_report

__all__ = ["MAX_FILE_BYTES", "hidden_characters", "read_text"]

MAX_FILE_BYTES = 512 * 1024
"""Content files are small; anything bigger is a mistake (a pasted log, a binary)."""


def read_text(path: Path, display: str, *, max_bytes: int = MAX_FILE_BYTES,
              refuse_hidden: bool = True) -> tuple[str | None, list[Diagnostic]]:
    """Read a content file as UTF-8 text, or say exactly why it cannot be read.

    With ``refuse_hidden`` (YAML files), a file holding invisible characters is refused too; a
    page is read anyway and its caller reports them (:func:`hidden_characters`), so links to
    the page do not fail as well.
    """
    raw = _read_bytes(path, display, max_bytes)
    if isinstance(raw, Diagnostic):
        return None, [raw]
    text = _decode(raw, display)
    if isinstance(text, Diagnostic):
        return None, [text]
    hidden = hidden_characters(text, display) if refuse_hidden else []
    if hidden:
        return None, hidden
    return text, []


def _read_bytes(path: Path, display: str, max_bytes: int) -> bytes | Diagnostic:
    """The file's bytes, once it is known to be an ordinary file of a sensible size: a pipe
    would block the build forever and a device (/dev/zero) never ends."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return Diagnostic(path=display, message="this is a folder, not a file; "
                              "rename it or move it out of the content folder.")
        if not stat.S_ISREG(info.st_mode):
            return Diagnostic(path=display, message="this is not an ordinary file (a "
                              "pipe, device or socket); content files must be ordinary "
                              "files. Remove it.")
        size = info.st_size
        if size > max_bytes:
            return Diagnostic(
                path=display,
                message=f"this file is {size:,} bytes; content files may be at most "
                f"{max_bytes:,} bytes. Split it or remove what does not belong.",
            )
        return path.read_bytes()
    except OSError as exc:
        return Diagnostic(path=display, message=f"cannot read this file: {exc.strerror}.")


def _decode(raw: bytes, display: str) -> str | Diagnostic:
    """The bytes as text, refused with the place of the first problem when they are not
    UTF-8 text (a byte-order mark, another encoding, a NUL byte of a binary file)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return Diagnostic(
            path=display,
            message="the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM.",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        return Diagnostic(
            path=display,
            line=line,
            col=col,
            message=f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte "
            f"{exc.start}); save it with UTF-8 encoding.",
        )
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        return Diagnostic(
            path=display,
            line=line,
            col=col,
            message="this file contains a NUL byte; it looks like a binary file, not text.",
        )
    return text


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def hidden_characters(text: str, display: str) -> list[Diagnostic]:
    """A diagnostic at the line and column of every invisible character in ``text``."""
    return [Diagnostic(path=display, line=line, col=col, message=message)
            for line, col, message in hidden_report(text)]
