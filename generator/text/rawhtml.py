"""Finished HTML blocks in a Markdown page, handed through the Markdown engine without parsing.

The generator makes many blocks of a page as HTML itself (care cards, body maps, the "On this
page" list, the comparison table): their text is escaped and their prose sanitised when they are
made. In a Markdown page, Python-Markdown would parse such a block again to find where it ends
(``md_in_html`` reads every tag of it), only to keep it as it is: on a condition page that was a
third of MkDocs' time, most of it the body map's drawing.

:func:`raw_block` wraps a block between two comment lines, and the Markdown extension in this
module (``generator.text.rawhtml``, added to every generated MkDocs configuration, so MkDocs,
Zensical and the preview all load it) stores what is between them as finished HTML before any
other reading of the page: the block reaches the page byte for byte and nothing parses it. An
engine without the extension reads the same page the old way, with the same result (the two
comments stay in the HTML).

Content cannot make a block, by construction. :func:`raw_block` and :func:`slot` do not write
the markers: they write stand-ins that carry a random key made when the process starts (never
written anywhere, so no content can contain it), and :func:`seal`, which every generated
Markdown page passes through on its way into the tree (``emit/markdown/renderer.Renderer.text``),
first refuses the page if anything else in it could be read as a marker (any ``<!-- hipback:``
comment, in code spans, fences, comments or front matter alike, with the two characters
Python-Markdown deletes before reading taken out first), then turns the stand-ins into the
markers. So every marker an engine reads is one the generator wrote, whatever the engine does
with code spans and fences, and the output does not depend on the key (byte-identical builds).
``validate`` refuses the same comments in hand-written pages with their line
(:func:`forged_markers`, used by ``text/sanitize/pages.py``); plain values are escaped and prose
renders inline Markdown only, so neither can write a comment at all. Tested in
``tests/unit/text/test_text_rawhtml.py``, ``tests/e2e/test_forged_blocks.py`` and
``tests/errors/cases/``.
"""

from __future__ import annotations

import re
import secrets
from html import unescape
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["CLOSE", "EXTENSION", "MAP_SLOT", "MKDOCS_ANCHORS", "OPEN", "RED_FLAGS_SLOT",
           "ForgedMarker", "RawHtmlExtension", "forged_markers", "makeExtension", "raw_block",
           "seal", "slot"]

OPEN = "<!-- hipback:html -->"
CLOSE = "<!-- /hipback:html -->"
EXTENSION = "generator.text.rawhtml"
"""The extension's name in ``markdown_extensions``."""

MAP_SLOT = "<!-- hipback:map -->"
RED_FLAGS_SLOT = "<!-- hipback:red-flags -->"
"""Where the theme puts a condition page's body map (its front matter ``hb_map``) and the
red-flag cards every condition page shows (one copy, in the configuration's
``extra.hipback.red_flags_html``): ``overrides/partials/content.html`` fills the two slots when
it prints the page. Neither is in the page's text while the engine reads it: Markdown and the
search index never see the drawing, nor the same warning signs a thousand times (they are
indexed once, on the page that lists them), and the reader's page is the same."""

_BLOCK_START = re.compile(
    r"<(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|"
    r"h[1-6]|header|hr|main|nav|ol|p|section|table|ul)[\s>/]")


_KEY = secrets.token_hex(16)
"""This process's key in the stand-ins: random, so content cannot guess it; never written out."""
_STAND_INS = {f"<!-- hb-{_KEY}-{n} -->": real for n, real in
              enumerate((OPEN, CLOSE, MAP_SLOT, RED_FLAGS_SLOT))}
_PENDING = {real: stand_in for stand_in, real in _STAND_INS.items()}
_STAND_IN = re.compile("|".join(re.escape(x) for x in _STAND_INS))
_FORGED = re.compile(r"<!--\s*/?\s*hipback\s*:", re.IGNORECASE)
"""Anything an engine or the theme could take for a marker or a slot, and more: the markers are
whole lines of one exact spelling, this finds the comment's start in any spelling, anywhere."""


_SLICE = 1 << 16
"""Characters of a page lowered at a time by :func:`_may_hold_marker`."""


def _may_hold_marker(text: str) -> bool:
    """Whether ``text.lower()`` holds ``hipback``, found a slice at a time (the slices overlap by
    the word's length, and lowering never looks past a character, so the answer is the same).

    Lowering a whole page at once makes a temporary copy twelve bytes a character when the page
    holds a character past Latin-1: about 80 MB for the comparison table at 1,000 conditions,
    the build's peak memory.
    """
    return any("hipback" in text[i:i + _SLICE + 7].lower() for i in range(0, len(text), _SLICE))


class ForgedMarker(ValueError):
    """A generated page holds a marker the generator did not write (content made it)."""


def forged_markers(text: str) -> list[int]:
    """Offsets in ``text`` of every comment that could pass for a marker or a slot.

    STX and ETX are taken out first, as Python-Markdown does before any reading (so
    ``<!-\x02- hipback:html -->`` is found); offsets are those of ``text`` itself.
    """
    if not _may_hold_marker(text):
        return []
    keep = [i for i, ch in enumerate(text) if ch not in "\x02\x03"]
    plain = "".join(text[i] for i in keep)
    return [keep[m.start()] for m in _FORGED.finditer(plain)]


def slot(marker: str) -> str:
    """The stand-in for :data:`MAP_SLOT` or :data:`RED_FLAGS_SLOT` (:func:`seal` writes it)."""
    if marker not in (MAP_SLOT, RED_FLAGS_SLOT):
        raise ValueError(f"not a slot: {marker!r}")
    return _PENDING[marker]


def raw_block(html: str) -> str:
    """``html`` (one or more block-level elements) as a pass-through block: the stand-ins of
    the two marker lines around it (the extension makes it a block of its own whatever is
    around it; :func:`seal` writes the markers)."""
    body = html.strip("\n")
    if not _BLOCK_START.match(body):
        raise ValueError(f"a pass-through block must start with a block-level element: "
                         f"{body[:40]!r}")
    if forged_markers(body) or _PENDING[OPEN] in body or _PENDING[CLOSE] in body:
        raise ValueError("a pass-through block cannot contain the pass-through markers")
    return f"{_PENDING[OPEN]}\n{body}\n{_PENDING[CLOSE]}"


def seal(text: str, where: str = "page") -> str:
    """A generated page with its markers written, after making sure they are all its own.

    Raises :class:`ForgedMarker` (naming ``where``, line and column) when anything in ``text``
    besides the stand-ins could be read as a marker: the page is not written, so a forged block
    can never reach an engine.
    """
    found = forged_markers(text)
    if found:
        at = found[0]
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise ForgedMarker(f"{where}:{line}:{col}: this page holds a comment that looks like "
                           "the markers of the site's own HTML blocks (<!-- hipback: -->); "
                           "content cannot make them. Remove it.")
    if "<!-- hb-" not in text:
        return text
    return _STAND_IN.sub(lambda m: _STAND_INS[m.group(0)], text)


_ID = re.compile(r'\sid="([^"]*)"')
MKDOCS_ANCHORS = "mkdocs_raw_html"
"""MkDocs' preprocessor that reads every id in a page's raw HTML, so that a Markdown link to an
anchor inside raw HTML validates (``mkdocs/structure/pages.py``, MkDocs 1.5 and later)."""


class _PassThrough(Preprocessor):
    """Replaces each wrapped block by a placeholder for the finished HTML.

    It runs before Python-Markdown's (and ``md_in_html``'s) raw HTML reader, and before MkDocs'
    reading of ids, which would parse the block just to find them: the ids of the blocks are
    taken here (they are written ``id="…"`` by the generator) and handed to MkDocs after its
    reader has run. An opening line without a closing one leaves the rest of the page to the
    normal reading.
    """

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        self.ids = set()
        if OPEN not in lines:
            return lines
        out: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if line == OPEN:
                try:
                    close = lines.index(CLOSE, i + 1)
                except ValueError:
                    out.extend(lines[i:])
                    break
                html = "\n".join(lines[i + 1:close])
                self.ids.update(unescape(x) for x in _ID.findall(html))
                out.extend(["", self.md.htmlStash.store(html), ""])
                i = close + 1
                continue
            out.append(line)
            i += 1
        return out


class _HandIds(Preprocessor):
    """Adds the pass-through blocks' ids to what MkDocs' id reader found (when MkDocs runs)."""

    def __init__(self, md: Markdown, source: _PassThrough) -> None:
        super().__init__(md)
        self.source = source

    def run(self, lines: list[str]) -> list[str]:
        if self.source.ids and MKDOCS_ANCHORS in self.md.preprocessors:
            found = getattr(self.md.preprocessors[MKDOCS_ANCHORS], "present_anchor_ids", None)
            if isinstance(found, set):
                found.update(self.source.ids)
        return lines


class RawHtmlExtension(Extension):
    """The Python-Markdown extension (no options)."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalising (30), before MkDocs' id reader (21) and the raw HTML
        # reader (20); the ids go to MkDocs between those two.
        passthrough = _PassThrough(md)
        md.preprocessors.register(passthrough, "hipback_rawhtml", 25)
        md.preprocessors.register(_HandIds(md, passthrough), "hipback_rawhtml_ids", 20.5)


def makeExtension(**kwargs: Any) -> RawHtmlExtension:
    return RawHtmlExtension(**kwargs)
