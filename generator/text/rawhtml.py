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

Content cannot make a block: plain values are escaped, so ``<`` never starts a line; prose
renders inline Markdown only; pages refuse the marker comments (``validate`` names the line).
Tested in ``tests/unit/text/test_text_rawhtml.py`` and ``tests/errors/cases/``.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["CLOSE", "EXTENSION", "MAP_SLOT", "MKDOCS_ANCHORS", "OPEN", "RED_FLAGS_SLOT",
           "RawHtmlExtension", "makeExtension", "raw_block"]

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


def raw_block(html: str) -> str:
    """``html`` (one or more block-level elements) as a pass-through block: the two marker lines
    around it (the extension makes it a block of its own whatever is around it)."""
    body = html.strip("\n")
    if not _BLOCK_START.match(body):
        raise ValueError(f"a pass-through block must start with a block-level element: "
                         f"{body[:40]!r}")
    if OPEN in body or CLOSE in body:
        raise ValueError("a pass-through block cannot contain the pass-through markers")
    return f"{OPEN}\n{body}\n{CLOSE}"


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
