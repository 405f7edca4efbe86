"""The HTML allow-list, enforced by nh3 (Ammonia), and what it removes from a document.

The policy, and why:

* Elements: what Markdown itself makes (paragraphs, headings, lists, quotes, code, tables,
  definition lists, links, images, line breaks, rules) plus a few inline elements with meaning
  (abbr, del, ins, kbd, mark, q, small, sub, sup) and figure/figcaption. No presentational or
  layout elements (b, i, u, div, span): a page says *what* things are, the theme decides how
  they look, and Markdown has ``**bold**`` and ``*italic*``.
* Attributes per element: a ``href title``; img ``src alt title width height``; th/td
  ``colspan rowspan`` (th ``scope``, both ``align`` left/center/right, which the tables
  extension writes for ``:---:``); ``id`` on headings (the table of contents links to them);
  ol ``start``; abbr ``title``. Never ``style`` or ``on…``.
* Classes: none of the page's own, except Material's button classes on links
  (``[Start](flowchart.md){ .md-button }``, the theme's documented call-to-action) and the
  ``language-…`` class fenced code gets. Anything else would style content outside the theme.
* URLs: https, mailto, tel, ``#place`` and relative paths
  (:func:`~generator.text.urls.is_safe_href`); images only from the site itself (a relative path): no third-party requests, no ``data:``.
* Comments are dropped silently (they are editors' notes and harmless).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from types import MappingProxyType

import markdown
import nh3

from ..urls import is_safe_href

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_ATTRIBUTE_VALUES",
    "ALLOWED_CLASSES",
    "ALLOWED_TAGS",
    "PAGE_EXTENSIONS",
    "PAGE_EXTENSION_CONFIGS",
    "URL_SCHEMES",
    "Removed",
    "clean_fragment",
    "removed_from",
    "render_page",
]

ALLOWED_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "small", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
_HEADING_ID = frozenset({"id"})
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType({
    "a": frozenset({"href", "title", "class"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start"}),
    "code": frozenset({"class"}),
    **{f"h{n}": _HEADING_ID for n in range(1, 7)},
})
"""Attributes allowed per element (values checked further by :func:`_filter`)."""

_ALIGN = frozenset({"left", "center", "right"})
ALLOWED_ATTRIBUTE_VALUES: Mapping[str, Mapping[str, frozenset[str]]] = MappingProxyType({
    "th": {"align": _ALIGN, "scope": frozenset({"row", "col", "rowgroup", "colgroup"})},
    "td": {"align": _ALIGN},
})
"""Attributes allowed only with one of a few values."""

ALLOWED_CLASSES: Mapping[str, frozenset[str]] = MappingProxyType({
    "a": frozenset({"md-button", "md-button--primary"}),
})
"""Class names allowed per element (plus ``language-…`` on ``code``)."""

URL_SCHEMES = frozenset({"https", "mailto", "tel"})

PAGE_EXTENSIONS = ("tables", "toc", "fenced_code", "def_list", "attr_list", "md_in_html")
"""The Markdown extensions MkDocs applies to a page body (its built-ins and the site's)."""
PAGE_EXTENSION_CONFIGS: Mapping[str, Mapping[str, object]] = MappingProxyType({
    "tables": {"use_align_attribute": True},
})
"""Table alignment as ``align=`` (allowed) instead of ``style=`` (not); MkDocs must use it too."""

_CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+.-]+$")
_NUMBER = re.compile(r"^[0-9]{1,4}$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CLEAN_CONTENT = frozenset({"script", "style", "iframe", "noscript", "template", "object",
                            "embed", "svg", "math"})


def local_image(src: str) -> bool:
    """Images come from the site itself: a relative path, no scheme, no ``//host``."""
    return is_safe_href(src) and not _SCHEME.match(src) and not src.startswith(("#", "?"))


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3's per-value check: URLs, classes and numbers; ``None`` removes the attribute."""
    if attribute == "href":
        return value if is_safe_href(value) else None
    if attribute == "src":
        return value if local_image(value) else None
    if attribute == "class":
        kept = [c for c in value.split() if c in ALLOWED_CLASSES.get(tag, ())
                or (tag == "code" and _CODE_CLASS.match(c))]
        return " ".join(kept) if kept and len(kept) == len(value.split()) else None
    if attribute in ("width", "height", "colspan", "rowspan", "start"):
        return value if _NUMBER.match(value) else None
    return value


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_CLEAN_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={t: {a: set(v) for a, v in m.items()}
                              for t, m in ALLOWED_ATTRIBUTE_VALUES.items()},
        attribute_filter=_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # no rel="noopener noreferrer" added: target= is not allowed anyway
        strip_comments=True,
    )


def clean_fragment(html: str) -> str:
    """``html`` with everything outside the allow-list removed (text of removed elements
    kept, except script-like elements, whose content goes too)."""
    return _cleaner().clean(html)


def _allowed(tag: str, attribute: str, value: str) -> bool:
    """The same decision nh3 makes for one attribute (used where the trees do not line up)."""
    if value in ALLOWED_ATTRIBUTE_VALUES.get(tag, {}).get(attribute, ()):
        return True
    return attribute in ALLOWED_ATTRIBUTES.get(tag, ()) and _filter(tag, attribute, value) == value


# --------------------------------------------------------------------------- page bodies


@dataclass(frozen=True, slots=True)
class _Element:
    tag: str
    attrs: tuple[tuple[str, str], ...]
    parent: int  # index of the enclosing element, -1 at the top


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


class _Elements(HTMLParser):
    """Start tags in document order, each with its parent (enough to line two trees up)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self._open: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self._open[-1][1] if self._open else -1
        self.elements.append(_Element(tag, tuple((a, v or "") for a, v in attrs), parent))
        if tag not in _VOID:
            self._open.append((tag, len(self.elements) - 1))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break


def _elements(html: str) -> list[_Element]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def render_page(body: str) -> str:
    """A page body as HTML, the way MkDocs renders it (before any theme or plugin)."""
    md = markdown.Markdown(extensions=list(PAGE_EXTENSIONS),
                           extension_configs={k: dict(v) for k, v in
                                              PAGE_EXTENSION_CONFIGS.items()})
    return md.convert(body)


@dataclass(frozen=True, slots=True)
class Removed:
    """Something nh3 removes: a whole element (``attribute`` empty) or one attribute."""

    tag: str
    attribute: str = ""
    value: str = ""


def removed_from(html: str) -> list[Removed]:
    """What the allow-list removes from ``html``, in document order, one entry per cause."""
    before, after = _elements(html), _elements(clean_fragment(html))
    matcher = difflib.SequenceMatcher(None, [e.tag for e in before], [e.tag for e in after],
                                      autojunk=False)
    gone: set[int] = set()
    out: list[Removed] = []

    def check_attrs(element: _Element, kept: Mapping[str, str] | None) -> None:
        for name, value in element.attrs:
            if kept is None:
                bad = not _allowed(element.tag, name, value)
            else:
                bad = kept.get(name) != value
            if bad:
                out.append(Removed(element.tag, name, value))

    for op, i1, i2, j1, _j2 in matcher.get_opcodes():
        for k in range(i1, i2):
            element = before[k]
            if element.parent in gone:
                gone.add(k)  # inside a removed element: reported with it
            elif op == "equal":
                check_attrs(element, dict(after[j1 + k - i1].attrs))
            elif element.tag not in ALLOWED_TAGS:
                gone.add(k)
                out.append(Removed(element.tag))
            else:  # the sanitiser's parser moved things around here: judge it directly
                check_attrs(element, None)
    return out
