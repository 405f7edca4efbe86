"""Glossary tooltips: the first use of each glossary term on a page is marked in its Markdown.

The generator writes ``<abbr title="definition">word</abbr>`` around the first use of each
term (any of its forms) on a page; Material shows the title as a tooltip (``content.tooltips``).
MkDocs then needs no abbreviation pass over every text node of every page, which was over half
of its build time, and a reader gets the definition where the word first appears.

Matching is what Python-Markdown's ``abbr`` extension did with the glossary: the forms as
written (``term`` and ``also``), case and all, as whole words, the longest form first. Words
are looked for only where :func:`~generator.text.mdspans.prose_spans` finds reader text (not in
headings, links, code, HTML or its attributes, existing tags or front matter), as they appear
in the Markdown source: as written (hand-written pages) or escaped by
:func:`~generator.text.escape.md_escape` (generated text; ``abbr`` never found those: it saw
Python-Markdown's placeholders for escapes, so "X\\-rays" had no tooltip). All forms are one
regular expression built from a trie of the forms, so a page is read once whatever the size of
the glossary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model.vocab import Glossary
from ..text.escape import md_escape
from ..text.mdspans import prose_spans

_TITLE_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "`\\[]!*_{}|~#^$<>&\"'"}
"""Characters of a definition written as character references in the title attribute: HTML's
own, and those Python-Markdown reads as Markdown even inside an inline tag (code spans, links,
escapes run before raw HTML is set aside). The browser shows them as the characters."""


def title_attr(definition: str) -> str:
    """A definition as the value of a double-quoted attribute in a Markdown page."""
    return " ".join(definition.split()).translate(_TITLE_ENTITIES)


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for ``words`` that tries longer words first (a trie, so the work
    at each position is the length of the match, not the number of words)."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return pattern(root)


class GlossaryMarker:
    """Marks the first use of each glossary term on a page (one compiled pattern per glossary)."""

    def __init__(self, glossary: Glossary) -> None:
        self._term_of: dict[str, int] = {}  # a form as it appears in Markdown → term number
        self._open: list[str] = []
        for number, term in enumerate(sorted(glossary.terms, key=lambda t: t.id)):
            self._open.append(f'<abbr title="{title_attr(term.definition)}">')
            for form in (term.term, *term.also):
                for written in (form, md_escape(form)):
                    if written.strip():
                        self._term_of.setdefault(written, number)
        self._pattern: re.Pattern[str] | None = None
        if self._term_of:
            # Whole words: no word character on either side (an escaped "\_" is one too), and
            # not the name of a character reference ("&amp;", "&#58;"). One pattern, look-behinds
            # first: at 1,000 conditions ``finditer`` of it takes 0.18 s, where searching for
            # the forms alone and checking the look-behinds in Python at each match took 0.31 s.
            self._pattern = re.compile(
                r"(?<!\w)(?<!&)(?<!&#)(?:" + _trie_pattern(self._term_of) + r")(?!\w|\\_)")

    def mark(self, page: str) -> str:
        """``page`` (Markdown) with the first use of each term wrapped in ``<abbr title>``."""
        if self._pattern is None:
            return page
        seen: set[int] = set()
        parts: list[str] = []
        done = 0
        for start, end in prose_spans(page):
            for m in self._pattern.finditer(page, start, end):
                number = self._term_of[m.group(0)]
                if number in seen:
                    continue
                seen.add(number)
                parts += [page[done:m.start()], self._open[number], m.group(0), "</abbr>"]
                done = m.end()
            if len(seen) == len(self._open):
                break
        if not parts:
            return page
        parts.append(page[done:])
        return "".join(parts)
