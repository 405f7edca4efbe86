"""Characters a reader cannot see, refused in every content file, named so an editor can find them.

Control characters, text-direction (bidi) controls and zero-width characters make what a reader
sees differ from what the editor reviewed: a right-to-left override can show "999" as a different
number, a zero-width space splits a word the glossary and the search then miss, a BEL breaks the
XML of a drawing. None of them has a use in this content, so the loader refuses them in every
YAML file and every Markdown page (``load/textfile.py``), at the line and column where they stand,
with their Unicode name. Tab, newline and carriage return are ordinary text and stay allowed
(YAML itself refuses tabs where they would indent); emoji variation selectors are allowed too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["MAX_REPORTED", "Hidden", "describe", "find_hidden", "hidden_report"]

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060-\u2064\u180e\ufeff"
_SEPARATOR = "\u2028\u2029"
_ANNOTATION = "\ufff9-\ufffb"
HIDDEN = re.compile(f"[{_CONTROL}{_BIDI}{_ZERO_WIDTH}{_SEPARATOR}{_ANNOTATION}]")
"""Every character :func:`find_hidden` refuses."""

_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
    0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
}


@dataclass(frozen=True, slots=True)
class Hidden:
    """One refused character: its offset in the text and the character itself."""

    offset: int
    char: str


def find_hidden(text: str) -> list[Hidden]:
    """Every refused character in ``text``, in order."""
    return [Hidden(m.start(), m.group()) for m in HIDDEN.finditer(text)]


def _name(ch: str) -> str:
    code = ord(ch)
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(code, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"


def describe(ch: str, *, escaped: bool = False) -> str:
    """What is wrong with ``ch`` and how to fix it (a sentence that follows "this text")."""
    if re.match(f"[{_BIDI}]", ch):
        what = ("a hidden text-direction character, which can make the text show differently "
                "from how it reads")
    elif re.match(f"[{_SEPARATOR}]", ch):
        what = "an invisible line break that many editors do not show"
    elif re.match(f"[{_ZERO_WIDTH}{_ANNOTATION}]", ch):
        what = "an invisible zero-width character"
    else:
        what = "an invisible control character"
    if escaped:
        return (f"contains {_name(ch)}, {what}, written as an escape (\\u{ord(ch):04x} or "
                "similar) in quotes; delete the escape.")
    return (f"contains {_name(ch)}, {what}; delete it (if your editor does not show it, delete "
            "and retype the word around it).")


MAX_REPORTED = 10
"""Refused characters named one by one in a file; the rest are counted in one more line."""


def _line_col(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def hidden_report(text: str) -> list[tuple[int, int, str]]:
    """``(line, col, message)`` for every refused character of a file's ``text`` (the first
    :data:`MAX_REPORTED`, then how many more)."""
    found = find_hidden(text)
    out = [(*_line_col(text, h.offset), "this text " + describe(h.char))
           for h in found[:MAX_REPORTED]]
    if len(found) > MAX_REPORTED:
        more = (f"and {len(found) - MAX_REPORTED} more invisible characters from here on; "
                "delete them too.")
        out.append((*_line_col(text, found[MAX_REPORTED].offset), more))
    return out
