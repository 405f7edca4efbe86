"""Where the words of a Markdown page are: the ranges of its source that hold reader text.

A page is read the way MkDocs reads it (Python-Markdown with ``md_in_html``), and
:func:`prose_spans` returns the ranges of the source where inline HTML could be put around a
word without changing anything else: the glossary marks (:mod:`generator.emit.glossary`) are
added only there. Left out, with everything inside them:

* the front matter, ATX and setext headings, note-box title lines (``!!!``), reference and
  abbreviation definitions, fenced and indented code;
* raw HTML blocks, except the content of an element with a ``markdown`` attribute, which is
  read as Markdown again (block or inline, as ``md_in_html`` does);
* in the text: code spans, HTML tags and comments, the elements that must not get markup inside
  (links, abbreviations, code, headings, scripts, SVG …), links and images (words and target),
  any bracketed text (it may be a reference link) and attribute lists ``{…}``.

Where the source is unclear (an element never closed, a code fence never ended), less is
returned, never more. One pass over the page: the work grows with its length only.
"""

from __future__ import annotations

import functools
import re

__all__ = ["prose_spans"]

Span = tuple[int, int]

# Python-Markdown's block-level elements (markdown.util.BLOCK_LEVEL_ELEMENTS): at the start of a
# line, one of these starts a raw HTML block that runs to its closing tag.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
    "canvas", "colgroup", "dd", "body", "dt", "group", "html", "iframe", "li", "legend", "math",
    "map", "noscript", "output", "object", "option", "progress", "script", "style", "summary",
    "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "video", "center",
})
_BLOCK_STARTS = BLOCK_TAGS | {"!--"}
# md_in_html: block elements whose content gets inline parsing only, and those never parsed.
SPAN_TAGS = frozenset({"address", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "legend",
                       "li", "p", "summary", "td", "th"})
RAW_TAGS = frozenset({"canvas", "math", "option", "pre", "script", "style", "textarea"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Inline elements whose words stay as they are: a mark inside a link, an existing abbreviation,
# code or a drawing would nest interactive or foreign content.
SEALED_TAGS = frozenset({"a", "abbr", "button", "code", "kbd", "label", "math", "option",
                         "pre", "samp", "script", "select", "style", "svg", "template",
                         "textarea", "title", "var"}) | HEADINGS

_ATTR_SRC = r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
_ATTRS = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
_ATTR = re.compile(_ATTR_SRC)
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9-]*)({_ATTRS})\s*(/?)>")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_FRONT_MATTER = re.compile(r"---[ \t]*\n(?:(?:[^\n]*\n)+?)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
"""Front matter: from ``---`` to the first later ``---`` or ``...`` line (not the very next line
while a later one closes it). Read a whole line at a time: a condition page's front matter holds
its 16 KB map on one line, which ``.*?`` walked a character at a time (0.13 s for the pages of
1,000 conditions; this, 0.02 s)."""
_LINE = re.compile(r"""(?P<indent>[ \t]*)(?:
      (?P<blank>$)
    | (?P<fence>`{3,}|~{3,})
    | (?P<html><(?P<tag>!--|[A-Za-z][A-Za-z0-9-]*))
    | (?P<atx>\#{1,6}(?:[ \t]|$))
    | (?P<skip>!!!|\?\?\?|\*?\[[^\]\n]+\]:)
    | (?P<item>(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))
    )?""", re.MULTILINE | re.VERBOSE)
"""What a line starts: blank, a code fence, an HTML block, a heading, a line left out (note-box
title, reference or abbreviation definition), a list item; or none of these (text)."""
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|\Z)")
_INLINE_NEXT = re.compile(r"(?:[^\\`<\[{]|\\.)*+([`<\[{])?", re.DOTALL)
"""Text and escaped characters, then the next character that may start a construct."""
_TICKS = re.compile(r"`+")
_ANGLE = re.compile(r"[<>]")
_PAIR_NEXT = re.compile(r"(?:[^\\`<\[\](){}\n]|\\.|<(?![^<>]*>))*+(`+|<[^<>]*>|[\[\](){}\n])?",
                        re.DOTALL)
"""Text, escaped characters and a lone ``<``, then the next backtick run, tag, bracket, brace,
parenthesis or line end."""


def prose_spans(src: str) -> list[Span]:
    """The ``(start, end)`` ranges of ``src`` that hold reader text, in page order."""
    out: list[Span] = []
    front = _FRONT_MATTER.match(src)
    _blocks(src, front.end() if front else 0, len(src), out)
    return out


def _blocks(src: str, start: int, end: int, out: list[Span]) -> None:
    """Block-level reading of ``src[start:end]``: text lines go to :func:`_inline` a paragraph
    (or list, table …) at a time; everything else is left out. One pattern tells what each line
    starts."""
    pos = start
    para: int | None = None  # start of the run of text lines being collected
    para_end = start
    in_list = False
    blank_before = True

    def flush() -> None:
        nonlocal para
        if para is not None:
            _inline(src, para, para_end, out)
            para = None

    while pos < end:
        newline = src.find("\n", pos, end)
        line_end = end if newline < 0 else newline
        after = end if newline < 0 else newline + 1
        line_match = _LINE.match(src, pos, line_end)
        assert line_match is not None  # every line has an indent, if only an empty one
        kind = line_match.lastgroup
        if kind == "blank":
            flush()
            blank_before, pos = True, after
            continue
        indent = len(line_match.group("indent").expandtabs(4))
        if indent >= 4:
            kind = None  # not a block start: code, or more of a list item or paragraph
        if para is None and indent >= (8 if in_list else 4):
            pos = after  # indented code
            continue
        if blank_before and indent < 4:
            in_list = kind == "item"
        elif kind == "item":
            in_list = True
        blank_before = False
        if kind == "fence":
            flush()
            pos = _fence_end(src, after, end, line_match.group("fence"))
        elif kind == "html" and line_match.group("tag").lower() in _BLOCK_STARTS:
            flush()
            pos = _html_block(src, line_match.start("html"), end, out)
        elif kind in ("atx", "skip"):
            flush()
            pos = after
        elif after < end and _UNDERLINE.match(src, after, end):
            flush()  # a setext heading: this line and its underline
            pos = _next_line(src, after, end)
        else:
            if para is None:
                para = pos
            para_end, pos = line_end, after
    flush()


def _next_line(src: str, pos: int, end: int) -> int:
    nl = src.find("\n", pos, end)
    return end if nl < 0 else nl + 1


def _fence_end(src: str, pos: int, end: int, fence: str) -> int:
    """Where the line after the closing fence starts (``end`` if the fence is never closed)."""
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
    m = closing.search(src, pos, end)
    return end if m is None else _next_line(src, m.end(), end)


def _html_block(src: str, lt: int, end: int, out: list[Span]) -> int:
    """A raw HTML block starting at ``lt`` (a ``<``); returns where reading goes on.

    Only an element with a ``markdown`` attribute has its content read again; the rest of the
    line after the block's end is left out, as Python-Markdown keeps it with the block. A start
    tag that cannot be read leaves out everything up to the next blank line.
    """
    if src.startswith("<!--", lt):
        close = src.find("-->", lt + 4, end)
        return end if close < 0 else _next_line(src, close + 3, end)
    gt = src.find(">", lt, end)
    tag = None if gt < 0 else _TAG.fullmatch(src, lt, gt + 1)
    if tag is None:
        blank = _BLANK_LINE.search(src, lt, end)
        return end if blank is None else blank.end()
    if tag.group(1):
        return _next_line(src, lt, end)
    name = tag.group(2).lower()
    if tag.group(4) or name in VOID_TAGS:
        return _next_line(src, tag.end(), end)
    closing = _closing(src, name, tag.end(), end)
    if closing is None:
        return end
    mode = _markdown_mode(tag.group(3), name)
    if mode == "span":
        _inline(src, tag.end(), closing[0], out)
    elif mode == "block":
        _blocks(src, tag.end(), closing[0], out)
    return _next_line(src, closing[1], end)


def _markdown_mode(attrs: str, name: str) -> str | None:
    """How ``md_in_html`` reads an element's content: ``"block"``, ``"span"`` or not at all."""
    if name in RAW_TAGS or name in HEADINGS:
        return None
    for m in _ATTR.finditer(attrs):
        if m.group(1).lower() == "markdown":
            value = next((g for g in m.groups()[1:] if g is not None), "1")
            if value == "span" or (value in ("1", "markdown") and name in SPAN_TAGS):
                return "span"
            if value in ("1", "markdown", "block"):
                return "block"
            return None
    return None


@functools.lru_cache(maxsize=64)
def _same_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^<>]*?(/?)>", re.IGNORECASE)


def _closing(src: str, name: str, pos: int, end: int) -> Span | None:
    """The closing tag that matches an element opened just before ``pos`` (nested ones of the
    same name counted), as ``(start, end)``; ``None`` if it is never closed."""
    depth = 1
    for m in _same_name(name).finditer(src, pos, end):
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.start(), m.end()
        elif not m.group(2):
            depth += 1
    return None


def _inline(src: str, start: int, end: int, out: list[Span]) -> None:
    """Inline reading of ``src[start:end]`` (one paragraph, list or table): the text between
    code spans, tags, links and attribute lists. Code spans and bracket pairs are found once,
    when the first backtick, bracket or brace asks for them."""
    ticks: dict[int, int] | None = None
    pairs: dict[int, int] | None = None
    text = pos = start
    while True:
        m = _INLINE_NEXT.match(src, pos, end)
        ch = None if m is None else m.group(1)
        if m is None or ch is None:
            break
        i = m.start(1)
        if ch == "<":
            sealed = _tag_end(src, i, end)
        else:
            if ticks is None:
                ticks = _code_spans(src, start, end)
            if ch == "`":
                sealed = ticks.get(i)
            else:
                if pairs is None:
                    pairs = _pairs(src, start, end, ticks)
                sealed = _bracket_end(ch, i, pairs)
        if sealed is None:
            pos = i + 1
            while ch == "`" and pos < end and src[pos] == "`":
                pos += 1  # a backtick run that opens no code span is text
            continue
        if i > text:
            out.append((text, i))
        text = pos = sealed
    if end > text:
        out.append((text, end))


def _bracket_end(ch: str, i: int, pairs: dict[int, int]) -> int | None:
    """``{…}`` (an attribute list), or ``[words](target)``, ``[words][ref]`` and ``[words]``
    (maybe a reference link): where it ends, or ``None`` if the bracket is never closed."""
    close = pairs.get(i)
    if close is None or ch == "{":
        return None if close is None else close + 1
    after = pairs.get(close + 1)
    return close + 1 if after is None else after + 1


def _tag_end(src: str, i: int, end: int) -> int | None:
    """A comment, an autolink or an HTML tag at ``i``: where it ends (for an element whose words
    stay as they are, where the element ends), or ``None``. Like Python-Markdown, a tag is what
    runs from ``<`` to the next ``>`` with no ``<`` between."""
    if src.startswith("<!--", i):
        close = src.find("-->", i + 4, end)
        return end if close < 0 else close + 3
    nxt = _ANGLE.search(src, i + 1, end)
    if nxt is None or src[nxt.start()] == "<":
        return None
    stop = nxt.end()
    if _AUTOLINK.fullmatch(src, i, stop):
        return stop
    tag = _TAG.fullmatch(src, i, stop)
    if tag is None:
        return None
    name = tag.group(2).lower()
    if tag.group(1) or tag.group(4) or name not in SEALED_TAGS or name in VOID_TAGS:
        return stop
    closing = _closing(src, name, stop, end)
    return end if closing is None else closing[1]


def _code_spans(src: str, start: int, end: int) -> dict[int, int]:
    """Code spans: ``{start of the opening backtick run: end of the closing run}``.

    A run is closed by the next run of the same length; runs in between are code. Found with
    one look at each run (the next run of each length is known from a pass backwards).
    """
    runs: list[Span] = []
    for ticks in _TICKS.finditer(src, start, end):
        run_start = ticks.start()
        slashes = run_start
        while slashes > start and src[slashes - 1] == "\\":
            slashes -= 1
        if (run_start - slashes) % 2:
            run_start += 1  # an escaped backtick is text
        if run_start < ticks.end():
            runs.append((run_start, ticks.end()))
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    spans: dict[int, int] = {}
    index = 0
    while index < len(runs):
        close = following[index]
        if close is None:
            index += 1
        else:
            spans[runs[index][0]] = runs[close][1]
            index = close + 1
    return spans


def _pairs(src: str, start: int, end: int, ticks: dict[int, int]) -> dict[int, int]:
    """Matching brackets ``[…]``, parentheses ``(…)`` and braces ``{…}`` (one line), outside
    escapes, code spans and tags: ``{index of the opener: index of its closer}``."""
    pairs: dict[int, int] = {}
    stacks: dict[str, list[int]] = {"[": [], "(": [], "{": []}
    opener = {"]": "[", ")": "(", "}": "{"}
    pos = start
    while True:
        found = _PAIR_NEXT.match(src, pos, end)
        token = None if found is None else found.group(1)
        if found is None or token is None:
            return pairs
        i, pos = found.start(1), found.end()
        if token[0] == "`":
            pos = ticks.get(i, pos)
        elif token == "\n":
            stacks["{"].clear()
        elif token in stacks:
            stacks[token].append(i)
        elif token in opener and stacks[opener[token]]:
            pairs[stacks[opener[token]].pop()] = i
