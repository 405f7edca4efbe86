"""What a prose or plain-text field may not contain, with the offset and a fix in plain words.

The renderers escape everything, so nothing here is needed to keep outputs safe; these checks
exist so an editor who writes ``<b>``, ``![photo](…)``, ``{: .red}`` or ``# Heading`` learns at
validation time that it will not work, instead of finding the characters printed on the page.
Each problem is reported once, at the offset (into the field's text) of what to change.

Decisions where Markdown is ambiguous, all in the reader's favour:

* ``<`` is refused only where Markdown would read a tag, a comment or an autolink (``<b``,
  ``</``, ``<!``, ``<?``, ``<https://…>``); ``a < b`` and ``3 <4`` are plain text.
* ``&`` is refused only as a character reference that a browser would decode (``&amp;``,
  ``&#123;``, ``&eacute;``: names from HTML5's list); ``A&E`` and ``R&D;`` are plain text.
* ``{…}`` is refused only in the shapes Python-Markdown's ``attr_list`` reads: right after a
  link or emphasis (``*x*{…}``, ``[a](b){…}``), containing ``:``, ``#``, ``.`` first or an
  ``=`` (``{: .x}``, ``{#id}``, ``{onclick=x}``), or ending a line. A ``{name}`` placeholder
  (letters, digits, ``_``) is allowed anywhere else, even at the end of a line, because the
  engine fills placeholders such as ``{emergency_number}``; any other braces are plain text.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass

from ..urls import link_problem
from .tree import ASCII_PUNCTUATION, link_syntax, matching_bracket

__all__ = ["InlineProblem", "plain_problems", "problems"]


@dataclass(frozen=True, slots=True, order=True)
class InlineProblem:
    """A refused construct: ``offset`` into the field's text, ``message`` says how to fix it."""

    offset: int
    message: str


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f"
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d"
    "\u206e\u206f\u3164\ufeff\uffa0" + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)
_SNIPPET = re.compile(r"-+8<-+")
_HTML_START = re.compile(r"<[A-Za-z/!?]")
_REFERENCE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_PLACEHOLDER = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*")
_BLOCKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(`{3,}|~{3,})"), "a code fence"),
    (re.compile(r"([-*_])([ \t]*\1){2,}[ \t]*$"), "a horizontal line"),
    (re.compile(r"(=+|-+)[ \t]*$"), "a heading underline"),
    (re.compile(r"#{1,6}([ \t]|$)"), "a heading"),
    (re.compile(r">"), "a quote"),
    (re.compile(r"[-*+]([ \t]|$)"), "a bullet list item"),
    (re.compile(r"[0-9]{1,9}[.)]([ \t]|$)"), "a numbered list item"),
    (re.compile(r"\||:?-+:?[ \t]*\|"), "a table row"),
    (re.compile(r":([ \t]|$)"), "a definition (a line starting with :)"),
    (re.compile(r"(!!!|\?\?\?)"), "a note box (!!! or ???)"),
    (re.compile(r"\*?\[[^\]\n]*\]:"), "a link or abbreviation definition"),
)
_MARKUP_HELP = "only words and inline Markdown (**bold**, *italic*, [words](link)) are allowed"


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def plain_problems(src: str) -> list[InlineProblem]:
    """Problems with any text field (names, labels, prose): invisible junk only.

    Control characters and text-direction overrides are refused because they make what a
    reader sees differ from what the editor reviewed (a bidi override can reverse "999"); a
    field of only spaces and invisible characters shows nothing. An empty field is left to
    the model, which knows whether the field is required.
    """
    out: list[InlineProblem] = []
    for m in _CONTROL.finditer(src):
        out.append(InlineProblem(m.start(), f"contains an invisible control character "
                                 f"({_char_name(m.group())}); delete and retype this part."))
    for m in _BIDI.finditer(src):
        out.append(InlineProblem(m.start(), "contains a hidden text-direction character "
                                 f"({_char_name(m.group())}), which can make the text show "
                                 "differently from how it reads; delete it."))
    if src and all(ch.isspace() or ch in _INVISIBLE for ch in src):
        out.append(InlineProblem(0, "has no visible words (only spaces or invisible "
                                 "characters); write the text, or remove the field."))
    return sorted(out)


def problems(src: str) -> list[InlineProblem]:
    """Why a prose field is not allowed, in words an editor understands (empty if fine).

    Sorted by offset; each construct is reported once.
    """
    out = plain_problems(src)
    for m in _SNIPPET.finditer(src):
        out.append(InlineProblem(m.start(), f'contains the file-include marker "{m.group()}", '
                                 "which is not allowed; remove it."))
    out.extend(_block_problems(src))
    _scan_problems(src, 0, len(src), in_label=False, out=out)
    return sorted(set(out))


def _block_problems(src: str) -> list[InlineProblem]:
    out = []
    start = 0
    for line in src.split("\n"):
        indent = len(line) - len(line.lstrip(" \t"))
        rest = line[indent:]
        for pattern, what in _BLOCKS:
            if pattern.match(rest):
                out.append(InlineProblem(start + indent, f'a line starts with "{rest[:3]}", '
                           f"which Markdown reads as {what}; prose holds sentences only. "
                           "Reword the start of the line (use a YAML list for bullet points)."))
                break
        start += len(line) + 1
    return out


def _scan_problems(src: str, start: int, end: int, *, in_label: bool,
                   out: list[InlineProblem]) -> None:
    """Walk the field as :mod:`.tree` reads it; check text, links and what surrounds them."""
    i = start
    while i < end:
        ch = src[i]
        if ch == "\\":
            i += 2 if i + 1 < end and src[i + 1] in ASCII_PUNCTUATION else 1
            continue
        if ch == "[":
            link = link_syntax(src, i, end)
            if link is not None:
                _link_problems(src, i, link.label_start, link.label_end, link.target,
                               link.target_start, in_label=in_label, out=out)
                i = link.end
                continue
            close = matching_bracket(src, i, end)
            if close > 0 and close + 1 < end and src[close + 1] == "(":
                out.append(InlineProblem(i, "contains [words](…) that is not a link: its "
                                         "address has a space in it or no closing ). Write "
                                         "the address without spaces, on one line (a line "
                                         "break inside it counts as a space)."))
            elif close > 0 and close + 1 < end and src[close + 1] == "[":
                what = "an image" if _after_bang(src, i) else "a reference-style link"
                out.append(InlineProblem(i, f"contains {what} ([…][…]); write links as "
                                         "[words](address)" + (", and leave images out: "
                                         "prose cannot hold images." if "image" in what
                                         else ".")))
        elif ch == "<" and _HTML_START.match(src, i):
            out.append(InlineProblem(i, f'contains "{src[i:i + 2]}", which Markdown reads as '
                                     f"raw HTML or an address in angle brackets; {_MARKUP_HELP}. "
                                     'Write "less than" if you meant <.'))
        elif ch == "&":
            _reference_problem(src, i, out)
        elif ch == "{":
            _attr_list_problem(src, i, out)
        i += 1


def _after_bang(src: str, i: int) -> bool:
    """Whether the ``[`` at ``i`` follows an unescaped ``!`` (an image)."""
    if i == 0 or src[i - 1] != "!":
        return False
    backslashes = len(src[: i - 1]) - len(src[: i - 1].rstrip("\\"))
    return backslashes % 2 == 0


def _link_problems(src: str, i: int, label_start: int, label_end: int, target: str,
                   target_start: int, *, in_label: bool, out: list[InlineProblem]) -> None:
    if in_label:
        out.append(InlineProblem(i, "has a link inside the words of another link; a link "
                                 "cannot contain a link. Take one of them out."))
    elif _after_bang(src, i):
        out.append(InlineProblem(i - 1, "contains an image (![…](…)); prose cannot hold "
                                 "images. Remove it, or link to a page that shows it."))
    if not src[label_start:label_end].strip():
        out.append(InlineProblem(i, "has a link with no words between [ and ]; write the "
                                 "words readers click on, for example [sciatica](…)."))
    message = link_problem(target)
    if message is not None:
        out.append(InlineProblem(target_start, message))
    _scan_problems(src, label_start, label_end, in_label=True, out=out)


def _reference_problem(src: str, i: int, out: list[InlineProblem]) -> None:
    m = _REFERENCE.match(src, i)
    if m is None:
        return
    name = m.group(1)
    if name.startswith("#") or f"{name};" in html.entities.html5:
        out.append(InlineProblem(i, f'contains the HTML character reference "{m.group()}"; '
                                 "type the character itself (for example & or é)."))


def _attr_list_problem(src: str, i: int, out: list[InlineProblem]) -> None:
    close = src.find("}", i)
    newline = src.find("\n", i)
    if close < 0 or (0 <= newline < close):
        return
    inner = src[i + 1 : close]
    before = src[i - 1] if i > 0 else ""
    line_end = not src[close + 1 : newline if newline >= 0 else len(src)].strip(" \t")
    shaped = inner.lstrip(" ").startswith((":", "#", ".")) or "=" in inner
    if (before and before in ")]*_`") or shaped or (
        line_end and not _PLACEHOLDER.fullmatch(inner)
    ):
        out.append(InlineProblem(i, f'contains "{{{inner[:30]}}}", which Markdown reads as an '
                                 "attribute list (like {: .class} or {#id}); attribute lists "
                                 "are not allowed in prose. Remove the braces, or reword."))
