"""Renderers of a prose tree: HTML, canonical Markdown and plain words.

Each escapes at the very end, per piece of text, so no content character can become markup.
The HTML and the Markdown renderer agree exactly: Python-Markdown reads what
:func:`to_markdown` writes into the HTML :func:`to_html` writes (the tests check it on a corpus
and on generated strings), which is what keeps the web page (built by MkDocs from Markdown)
and the handout and flowchart (HTML made directly) saying the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..escape import drop_controls, md_escape
from ..memo import remembered
from ..urls import is_safe_href
from .tree import Em, Node, Strong, Text, parse

__all__ = [
    "LinkResolver",
    "output_href",
    "prose_html",
    "prose_markdown",
    "prose_plain",
    "to_html",
    "to_markdown",
    "to_plain",
]

LinkResolver = Callable[[str], "str | None"]
"""Maps a link's target as written to the href an output uses, or ``None`` (words only).

:meth:`generator.model.sitemap.SiteMap.resolver` makes the usual one for a page of the site.
"""

# Characters that would end or confuse a Markdown link destination. Spaces, quotes, angle
# brackets, backticks and backslashes never get here (is_safe_href refuses them).
_HREF_ENCODE = {c: f"%{ord(c):02X}" for c in "()[]"}
_HREF_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_FOLD = re.compile(r"[\t\n\v\f\r \x85\u2028\u2029]+")


def output_href(target: str, link: LinkResolver | None) -> str | None:
    """The href a renderer writes for ``target``, or ``None`` to keep only the words.

    The resolver's answer must pass :func:`~generator.text.urls.is_safe_href` (a last check,
    whatever the resolver did). Parentheses and brackets are percent-encoded, and so
    is an ``&`` that would start a character reference (Python-Markdown leaves those alone in
    attributes, and a browser would decode them), so both renderers write the very same href.
    """
    href = link(target) if link is not None else None
    if href is None or not is_safe_href(href):
        return None
    href = _HREF_ENTITY.sub("%26", href)
    return "".join(_HREF_ENCODE.get(c, c) for c in href)


def _html_text(text: str) -> str:
    # Exactly what Python-Markdown's serialiser escapes in text, so both routes give equal bytes
    # (the control characters md_escape drops are dropped here too).
    return drop_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_html(nodes: Iterable[Node], *, link: LinkResolver | None = None) -> str:
    """HTML for a parsed prose field: inline elements only (the caller adds any ``<p>``).

    A link whose target the resolver maps to ``None`` (or to an unsafe href) keeps its words.
    """
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(_html_text(node.text))
        elif isinstance(node, Strong):
            parts.append(f"<strong>{to_html(node.children, link=link)}</strong>")
        elif isinstance(node, Em):
            parts.append(f"<em>{to_html(node.children, link=link)}</em>")
        else:
            inner = to_html(node.children, link=link)
            href = output_href(node.target, link)
            if href is None:
                parts.append(inner)
            else:
                attr = _html_text(href).replace('"', "&quot;")
                parts.append(f'<a href="{attr}">{inner}</a>')
    return "".join(parts)


def _holds_emphasis(nodes: Iterable[Node]) -> bool:
    """Whether emphasis sits inside these nodes (a link's words are read on their own)."""
    return any(isinstance(n, Strong | Em) for n in nodes)


def to_markdown(nodes: Iterable[Node], *, link: LinkResolver | None = None) -> str:
    """Canonical Markdown for a parsed prose field, on one line and never starting a block.

    Words go through :func:`~generator.text.escape.md_escape`; strong is ``**…**``, em
    ``*…*`` (both ``***…***``), a link ``[words](href)`` (words only when the resolver gives
    no href). Other emphasis that holds emphasis (``*a **b** c*``, rare) is written as
    ``<em>``/``<strong>`` tags around Markdown instead: Python-Markdown's delimiter matching
    misreads some such nestings next to other delimiters, and a tag is read one way only.
    """
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(md_escape(node.text))
        elif isinstance(node, Strong | Em):
            inner = to_markdown(node.children, link=link)
            if isinstance(node, Strong) and len(node.children) == 1 and inner.startswith("*"):
                parts.append(f"**{inner}**")  # "***x***": strong(em), however it is placed
            elif _holds_emphasis(node.children):
                tag = "strong" if isinstance(node, Strong) else "em"
                parts.append(f"<{tag}>{inner}</{tag}>")
            else:
                parts.append(f"**{inner}**" if isinstance(node, Strong) else f"*{inner}*")
        else:
            inner = to_markdown(node.children, link=link)
            href = output_href(node.target, link)
            parts.append(inner if href is None else f"[{inner}]({href})")
    return "".join(parts)


def to_plain(nodes: Iterable[Node]) -> str:
    """The words only, whitespace folded: for PDF and SVG text, JSON-LD, meta descriptions and
    the reading grade. Not escaped: the place it lands escapes it."""
    text = _plain(nodes)
    # Most texts have nothing to fold: every character printable (none of _FOLD's but the
    # space is) and no two spaces together. They skip the substitution, which rewrote every
    # single space as itself (0.23 s for the 74,000 texts of a site at 1,000 conditions).
    if not text.isprintable() or "  " in text:
        text = _FOLD.sub(" ", text)
    return text.strip()


def _plain(nodes: Iterable[Node]) -> str:
    return "".join(n.text if isinstance(n, Text) else _plain(n.children) for n in nodes)


def prose_html(src: str, *, link: LinkResolver | None = None) -> str:
    """:func:`to_html` of :func:`~generator.text.inline.parse` (for templates and filters)."""
    return to_html(parse(src), link=link)


def prose_markdown(src: str, *, link: LinkResolver | None = None) -> str:
    """:func:`to_markdown` of :func:`~generator.text.inline.parse`."""
    return to_markdown(parse(src), link=link)


@remembered
def prose_plain(src: str) -> str:
    """:func:`to_plain` of :func:`~generator.text.inline.parse` (remembered in a preview)."""
    return to_plain(parse(src))
