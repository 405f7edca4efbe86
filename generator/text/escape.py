"""Escaping plain text for every place it lands: Markdown, HTML, ``<script>`` JSON, CSS, SVG.

Content is not trusted code. Every value the engine writes into an output goes through exactly
one of these functions, chosen by the place it lands, and is escaped at the very end (after any
formatting), so no character of content can become markup. Each function is total: it accepts
any string and never raises.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Html", "answers_of", "css_string", "drop_controls", "html_escape", "json_for_script",
           "md_escape", "theme_values", "xml_attr", "xml_text"]

# Characters Python-Markdown's backslash escapes cover (its ESCAPED_CHARS, plus "<" and ">",
# which become entities below).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!<>-])")
# Characters that are markup only in some engines or extensions (tables, strikethrough, math,
# mark, caret, definition lists) and that Python-Markdown cannot backslash-escape: "\:" would be
# shown with its backslash. A numeric entity is literal text in every engine.
_MD_LITERAL = re.compile(r"([|~:$=^])")
# "1. Hello" at the start of a line is an ordered list item; "1\. Hello" is literal ("." is in
# Python-Markdown's ESCAPED_CHARS and CommonMark's escapable punctuation).
_MD_ORDERED = re.compile(r"^(\s*\d{1,9})\.")


MEMO_CHARS = 80
MEMO_SIZE = 16384
_MEMOS: dict[Callable[[str], str], dict[str, str]] = {}


def _short_memo(escape: Callable[[str], str]) -> Callable[[str], str]:
    """``escape``, remembering its answers for short texts (plain ``str`` only, at most
    :data:`MEMO_SIZE` of them, each at most :data:`MEMO_CHARS` long: at most about 2 MB).

    A site prints the same short values over and over (ids, labels, the engine's words, a
    region name on every map): at 1,000 conditions 360,000 escapes are of 12,000 texts, 7,000
    of them escaped as HTML (0.8 MB remembered). :data:`MEMO_SIZE` holds them all: with room
    for 4,096 the texts met first filled it, and 75,000 printed values of under 40 characters
    found no answer and were escaped again (about 0.3 s of a 3 s render). The functions are pure, so an answer remembered is the answer.
    """
    memo: dict[str, str] = {}

    @functools.wraps(escape)
    def escaped(text: str) -> str:
        found = memo.get(text) if type(text) is str else None
        if found is None:
            found = escape(text)
            if type(text) is str and len(text) <= MEMO_CHARS and len(memo) < MEMO_SIZE:
                memo[text] = found
        return found

    _MEMOS[escaped] = memo
    return escaped


def answers_of(escape: Callable[[str], str]) -> Mapping[str, str]:
    """The answers a memoised escape function (:func:`_short_memo`) has remembered so far, to
    look up before calling it (a template engine escaping 400,000 values saves a call for most
    of them); empty for any other function."""
    return _MEMOS.get(escape, {})


# Control characters HTML cannot hold (a parse error even as a reference): dropped wherever text
# lands. ``validate`` refuses them in content, so for valid content this changes nothing.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_controls(text: str) -> str:
    """``text`` without the control characters HTML cannot hold (tab and newlines stay)."""
    return _CONTROL.sub("", text)


@_short_memo
def md_escape(text: str) -> str:
    """Escape plain text so Python-Markdown shows it literally, on one line.

    Backslash escapes where Python-Markdown has them, entities where it has none ("&", "<",
    ">", and the characters of :data:`_MD_LITERAL`). Newlines become spaces: the value is always
    placed inside a line of a generated page (a heading, a list item, a table cell). Control
    characters are dropped.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", _CONTROL.sub("", text).replace("\r", " ").replace(
        "\n", " "))
    escaped = _MD_ORDERED.sub(r"\1\\.", escaped)
    # Markdown backslash escapes do not cover "&" or "<" reliably across engines: use entities.
    escaped = escaped.replace("&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")
    return _MD_LITERAL.sub(lambda m: f"&#{ord(m.group(1))};", escaped)


@_short_memo
def html_escape(text: str) -> str:
    """Escape for HTML text and for double- or single-quoted attribute values (control
    characters, which HTML cannot hold, are dropped)."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def json_for_script(value: object) -> str:
    """JSON safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes, so no value can close the element
    (``</script>``) or open a comment (``<!--``); U+2028/U+2029 are escaped because older
    JavaScript engines end a string at them. Keys are sorted so the bytes are repeatable.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def css_string(value: str) -> str:
    """A double-quoted CSS string, safe inside an HTML ``<style>`` element.

    Quotes, backslashes, ``<``, ``>``, ``&`` and control characters become CSS hex escapes
    (with the terminating space CSS needs), so no content value can end the string or the style
    element (``</style>``).
    """
    out = []
    for ch in value:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# Characters XML 1.0 cannot hold at all, even escaped: C0 controls other than tab, newline and
# carriage return, lone surrogates, and the non-characters U+FFFE/U+FFFF.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@_short_memo
def xml_text(value: str) -> str:
    """Escape SVG/XML text content; characters XML cannot hold are dropped, so it still parses."""
    return _XML_BAD.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(value: str) -> str:
    """A double-quoted, escaped XML attribute value (always the same quoting: stable bytes).

    Tab, newline and carriage return become character references, because an XML parser
    normalises them to spaces in attribute values otherwise.
    """
    text = xml_text(value).replace('"', "&quot;")
    return '"' + text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;") + '"'


class Html(str):
    """Finished HTML the generator made itself (its text escaped, its prose sanitised when it
    was made): :func:`theme_values` hands it to the theme as it is."""

    __slots__ = ()


def theme_values(value: Any) -> Any:
    """``value`` as the theme's templates may print it: every text escaped for HTML text and
    quoted attributes (mapping keys too: MkDocs' nav labels are keys), except :class:`Html`.

    Material (and Zensical's copy of it) prints the configuration's and a page's values without
    escaping, and it cannot simply autoescape, because it prints the page's HTML from the same
    kind of value. So the one way our data enters the theme (the generated configuration:
    ``emit/nav.site_settings``) passes through here and everything in it arrives escaped;
    ``tests/unit/test_theme_gate.py`` renders every template of ``overrides/`` with it.
    Numbers, booleans and ``None`` pass unchanged; the result holds plain ``str`` only.
    """
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, str):
        return html_escape(value)
    if isinstance(value, dict):
        return {theme_values(k): theme_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [theme_values(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    raise TypeError(f"no theme value of type {type(value).__name__}")
