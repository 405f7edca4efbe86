"""The tree of a prose field: scanning, CommonMark emphasis, and the normal form.

See :mod:`generator.text.inline` for what prose may contain and why it is parsed once.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ASCII_PUNCTUATION", "Em", "Link", "Node", "Strong", "Text", "link_syntax", "parse"]


@dataclass(frozen=True, slots=True)
class Text:
    """Literal words: whitespace already folded to single spaces."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """``**…**`` or ``__…__``: never directly inside another Strong (see :func:`parse`)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Em:
    """``*…*`` or ``_…_``: never directly inside another Em (see :func:`parse`)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link; ``target`` is exactly as written (angle brackets and title removed)."""

    children: tuple[Node, ...]
    target: str


Node = Text | Strong | Em | Link

ASCII_PUNCTUATION = frozenset(string.punctuation)

# ---------------------------------------------------------------------------- scanning


@dataclass(slots=True)
class _Delim:
    """A run of ``*`` or ``_`` that may open or close emphasis (CommonMark's delimiter run)."""

    char: str
    count: int
    orig: int
    can_open: bool
    can_close: bool


@dataclass(frozen=True, slots=True)
class LinkSyntax:
    """Where a ``[label](target "title")`` sits in the source."""

    label_start: int
    label_end: int  # index of the closing "]"
    target: str
    target_start: int
    end: int  # index after the closing ")"


_Item = str | _Delim | Node
_PLAIN_RUN = re.compile(r"[^\\*_\[]+")
_FOLD = re.compile(r"[\t\n\v\f\r \x85\u2028\u2029]+")


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    # CommonMark 0.31: ASCII punctuation and Unicode P (punctuation) and S (symbol) categories.
    return ch != "" and (ch in ASCII_PUNCTUATION or unicodedata.category(ch)[0] in "PS")


def _delim(src: str, start: int, end: int) -> _Delim:
    """CommonMark's left/right-flanking rules for the run ``src[start:end]``."""
    char = src[start]
    before = src[start - 1] if start > 0 else ""
    after = src[end] if end < len(src) else ""
    left = not _is_space(after) and (
        not _is_punct(after) or _is_space(before) or _is_punct(before)
    )
    right = not _is_space(before) and (
        not _is_punct(before) or _is_space(after) or _is_punct(after)
    )
    if char == "*":
        can_open, can_close = left, right
    else:  # "_": no emphasis inside a word
        can_open = left and (not right or _is_punct(before))
        can_close = right and (not left or _is_punct(after))
    n = end - start
    return _Delim(char=char, count=n, orig=n, can_open=can_open, can_close=can_close)


def matching_bracket(src: str, start: int, end: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``start`` (balanced, escapes skipped), or -1."""
    depth = 0
    i = start
    while i < end:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _skip_space(src: str, i: int, end: int) -> int:
    newline = False
    while i < end and src[i] in " \t\n":
        if src[i] == "\n":
            if newline:
                break
            newline = True
        i += 1
    return i


def link_syntax(src: str, start: int, end: int) -> LinkSyntax | None:
    """The inline link whose ``[`` is at ``start``, if the text there is one."""
    close = matching_bracket(src, start, end)
    if close < 0 or close + 1 >= end or src[close + 1] != "(":
        return None
    i = _skip_space(src, close + 2, end)
    target_start = i
    if i < end and src[i] == "<":
        gt = i + 1
        while gt < end and src[gt] not in "<>\n":
            gt += 1
        if gt >= end or src[gt] != ">":
            return None
        target, target_start, i = src[i + 1 : gt], i + 1, gt + 1
    else:
        depth = 0
        while i < end and not src[i].isspace() and ord(src[i]) >= 0x20:
            if src[i] == "\\" and i + 1 < end and src[i + 1] in ASCII_PUNCTUATION:
                i += 2
                continue
            if src[i] == "(":
                depth += 1
            elif src[i] == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        target = src[target_start:i]
    j = _skip_space(src, i, end)
    if j > i and j < end and src[j] in "\"'(":
        closer = ")" if src[j] == "(" else src[j]
        k = j + 1
        while k < end and src[k] != closer:
            k += 2 if src[k] == "\\" else 1
        if k >= end:
            return None
        j = _skip_space(src, k + 1, end)
    if j >= end or src[j] != ")":
        return None
    return LinkSyntax(
        label_start=start + 1, label_end=close, target=target, target_start=target_start,
        end=j + 1,
    )


def _scan(src: str, start: int, end: int, in_label: bool) -> list[_Item]:
    """Split ``src[start:end]`` into text, delimiter runs and (already parsed) links."""
    items: list[_Item] = []
    i = start
    while i < end:
        ch = src[i]
        if ch == "\\":
            if i + 1 < end and src[i + 1] in ASCII_PUNCTUATION:
                items.append(src[i + 1])
                i += 2
            else:
                items.append(ch)
                i += 1
        elif ch in "*_":
            j = i
            while j < end and src[j] == ch:
                j += 1
            items.append(_delim(src, i, j))
            i = j
        elif ch == "[":
            link = None if in_label else link_syntax(src, i, end)
            if link is None:
                items.append(ch)
                i += 1
            else:
                label = _scan(src, link.label_start, link.label_end, True)
                items.append(Link(children=_emphasis(label), target=link.target))
                i = link.end
        else:
            m = _PLAIN_RUN.match(src, i, end)
            assert m is not None  # ch is not special, so at least one character matches
            items.append(m.group(0))
            i = m.end()
    return items


def _emphasis(items: list[_Item]) -> tuple[Node, ...]:
    """CommonMark's "process emphasis": pair closers with the nearest fitting opener."""
    i = 0
    while i < len(items):
        closer = items[i]
        if not (isinstance(closer, _Delim) and closer.can_close and closer.count):
            i += 1
            continue
        found = -1
        for j in range(i - 1, -1, -1):
            opener = items[j]
            if not (
                isinstance(opener, _Delim)
                and opener.char == closer.char
                and opener.can_open
                and opener.count
            ):
                continue
            both = opener.can_close or closer.can_open
            if both and (opener.orig + closer.orig) % 3 == 0 and (
                opener.orig % 3 or closer.orig % 3
            ):
                continue  # CommonMark's "rule of three"
            found = j
            break
        if found < 0:
            i += 1
            continue
        opener = items[found]
        assert isinstance(opener, _Delim)
        use = 2 if opener.count >= 2 and closer.count >= 2 else 1
        children = _finish(items[found + 1 : i])
        node: Node = Strong(children) if use == 2 else Em(children)
        opener.count -= use
        closer.count -= use
        items[found + 1 : i] = [node]
        i = found + 2
        if opener.count == 0:
            del items[found]
            i -= 1
        if closer.count == 0:
            del items[i]
    return _finish(items)


def _finish(items: Iterable[_Item]) -> tuple[Node, ...]:
    """Leftover delimiters become text; adjacent texts merge."""
    out: list[Node] = []
    for item in items:
        if isinstance(item, _Delim):
            item = item.char * item.count
        if isinstance(item, str):
            if not item:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + item)
            else:
                out.append(Text(item))
        else:
            out.append(item)
    return tuple(out)


# ---------------------------------------------------------------------------- normal form


def _normal(nodes: Iterable[Node], *, em: bool, strong: bool) -> list[Node]:
    """Fold whitespace, unwrap emphasis inside the same emphasis, merge neighbours.

    An em holding nothing but a strong becomes a strong holding an em (they look the same):
    ``***x***`` is the only Markdown spelling of either, and Python-Markdown reads it as the
    latter.

    ``<em>`` inside ``<em>`` (``*a _b_ c*``) looks like ``<em>`` and has no Markdown spelling
    that every engine reads back the same, so it is unwrapped; adjacent nodes of the same kind
    (``*a*_b_``) merge for the same reason (``*a**b*`` would read as bold).
    """
    out: list[Node] = []

    def add(node: Node) -> None:
        last = out[-1] if out else None
        if isinstance(node, Text) and isinstance(last, Text):
            out[-1] = Text(_FOLD.sub(" ", last.text + node.text))
        elif isinstance(node, Em) and isinstance(last, Em):
            out[-1] = Em(tuple(_normal(last.children + node.children, em=True, strong=strong)))
        elif isinstance(node, Strong) and isinstance(last, Strong):
            out[-1] = Strong(tuple(_normal(last.children + node.children, em=em, strong=True)))
        else:
            out.append(node)

    for node in nodes:
        if isinstance(node, Text):
            if node.text:
                add(Text(_FOLD.sub(" ", node.text)))
        elif isinstance(node, Em):
            inner = _normal(node.children, em=True, strong=strong)
            if em:
                for child in inner:
                    add(child)
            elif len(inner) == 1 and isinstance(inner[0], Strong):
                add(Strong((Em(inner[0].children),)))  # "***x***" is read as strong(em)
            elif inner:
                add(Em(tuple(inner)))
        elif isinstance(node, Strong):
            inner = _normal(node.children, em=em, strong=True)
            if strong:
                for child in inner:
                    add(child)
            elif inner:
                add(Strong(tuple(inner)))
        else:
            label = _normal(node.children, em=em, strong=strong)
            if label:  # a link with no words shows nothing (problems() reports it)
                add(Link(tuple(label), node.target))
    return out


@functools.lru_cache(maxsize=8192)
def parse(src: str) -> tuple[Node, ...]:
    """The tree of a prose field (cached: each field is rendered for several outputs).

    Total: any string gives a tree, so a renderer never fails; only text that passed
    :func:`~generator.text.inline.problems` is sure to read the way its editor meant.
    """
    nodes = _normal(_emphasis(_scan(src, 0, len(src), False)), em=False, strong=False)
    if nodes and isinstance(nodes[0], Text):
        nodes[0] = Text(nodes[0].text.lstrip(" "))
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text.rstrip(" "))
    return tuple(n for n in nodes if not (isinstance(n, Text) and not n.text))
