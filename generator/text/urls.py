"""The one module that decides which links are allowed.

Content names a link target in one of five ways, and nothing else is accepted:

==========  ================================  ==============================================
kind        written as                        notes
==========  ================================  ==============================================
external    ``https://host/path``             ``http://`` is refused (use https); no user name
mail        ``mailto:name@example.org``
tel         ``tel:+441234567890``             digits, ``+``, ``-``, ``.``, ``(``, ``)``
page        ``conditions/sciatica.md#causes``  the source path of a site page, from the site
                                              root (hand-written pages: ``about.md``,
                                              ``guides/walking.md``, never ``pages/…``)
anchor      ``#causes``                       a place on the same page
==========  ================================  ==============================================

Everything else is refused with a plain message: ``javascript:``, ``vbscript:``, ``data:``,
``file:`` and every other scheme, protocol-relative ``//host``, absolute ``/path``, and any
whitespace, control character, backslash, quote or angle bracket (browsers drop tabs and
newlines from URLs and read ``\\`` as ``/``, which is how filters are usually slipped past).

Site pages are written as their source file because that is what an editor sees and what MkDocs
itself resolves; the site map (``model/sitemap.py``) turns those paths into the addresses the
built site uses, in its URL style. :func:`is_safe_href` is the last check on any href
an output is about to contain, whatever made it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "LinkProblem",
    "Target",
    "TargetKind",
    "classify",
    "is_safe_href",
    "link_problem",
    "source_href",
]

TargetKind = Literal["external", "mail", "tel", "page", "anchor"]


@dataclass(frozen=True, kw_only=True)
class Target:
    """An accepted link target.

    ``href`` is what an output links to for external, mail, tel and anchor targets (the target
    as written). For a page, ``page`` is its source path from the site root
    (``conditions/sciatica.md``) and ``fragment`` the part after ``#`` (without the ``#``);
    outputs make the href with the site map (``model/sitemap.py``).
    """

    kind: TargetKind
    raw: str
    href: str = ""
    page: str = ""
    fragment: str = ""


class LinkProblem(ValueError):
    """A refused link target; ``message`` says what is wrong and how to fix it, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
"""A scheme as RFC 3986 spells it; what follows the colon depends on which one."""
_BAD_CHAR = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>`\\]")
"""Characters browsers drop or reinterpret in a URL (how filters are slipped past)."""
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
"""A character reference: it would be decoded in HTML and mean something else than shown."""

_FIX = "Links go to web pages (https://…), email (mailto:…), phone numbers (tel:…), "
_FIX += "pages of this site (for example conditions/sciatica.md) or a #place on this page."


def _show(raw: str) -> str:
    """The target as quoted in a message: short, and with invisible characters made visible."""
    text = raw if len(raw) <= 50 else raw[:49] + "…"
    return text.encode("unicode_escape").decode("ascii") if _BAD_CHAR.search(text) else text


def classify(raw: str, *, from_doc: str | None = None) -> Target:
    """The kind of link ``raw`` is, or :class:`LinkProblem` saying why it is not allowed.

    Prose fields name pages from the site root (``from_doc`` left out), so ``.`` and ``..``
    segments are refused there: a path that means the same from every page is the only kind an
    editor can check by eye. Hand-written pages link the way MkDocs reads them, relative to
    their own file: pass that file's path from the site root as ``from_doc`` and ``..`` may be
    used as long as the path stays inside the site. The page path in the result is always from
    the site root.
    """
    shown = _show(raw)
    if not raw:
        raise LinkProblem(f"the link has no address. {_FIX}")
    if _BAD_CHAR.search(raw):
        raise LinkProblem(
            f'the link "{shown}" contains a space, quote, angle bracket, backslash or invisible '
            "character; remove it (write a space in a web address as %20)."
        )
    if _ENTITY.search(raw):
        raise LinkProblem(
            f'the link "{shown}" contains an HTML character reference such as &amp;; '
            "write the character itself."
        )
    scheme_match = _SCHEME.match(raw)
    if scheme_match:
        return _with_scheme(raw, scheme_match.group(1).lower(), shown)
    if raw.startswith("//"):
        raise LinkProblem(
            f'the link "{shown}" starts with //; write the whole address with https:// in front.'
        )
    if raw.startswith("/"):
        raise LinkProblem(
            f'the link "{shown}" starts with /; name the page by its file from the site root, '
            "for example compare.md or conditions/sciatica.md."
        )
    if raw.startswith("#"):
        _check_fragment(raw[1:], shown)
        return Target(kind="anchor", raw=raw, href=raw)
    return _page(raw, shown, from_doc)


def link_problem(raw: str, *, from_doc: str | None = None) -> str | None:
    """:func:`classify`'s message for ``raw``, or ``None`` when the target is allowed."""
    try:
        classify(raw, from_doc=from_doc)
    except LinkProblem as problem:
        return problem.message
    return None


_HOST = re.compile(r"^[^\s/?#@:]+(:[0-9]{1,5})?$")
"""A site name with an optional port, and no user name before it."""
_TEL = re.compile(r"^\+?[0-9().-]{2,}$")
"""A phone number as people write one: digits, an optional leading +, and ( ) . - between."""
_SCRIPT_SCHEMES = ("javascript", "vbscript", "data", "file")


def _with_scheme(raw: str, scheme: str, shown: str) -> Target:
    rest = raw[len(scheme) + 1 :]
    if scheme == "https":
        authority = rest[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if not rest.startswith("//") or not authority:
            raise LinkProblem(f'the link "{shown}" is not a whole web address; write it as '
                              "https://example.org/page.")
        if "@" in authority:
            raise LinkProblem(f'the link "{shown}" has a user name or @ before the site name; '
                              "remove it, so readers can see which site the link opens.")
        if not _HOST.match(authority):
            raise LinkProblem(f'the link "{shown}" does not name a web site after https://.')
        return Target(kind="external", raw=raw, href=raw)
    if scheme == "http":
        raise LinkProblem(f'the link "{shown}" uses http://, which is not private; use '
                          "https:// (almost every site supports it).")
    if scheme == "mailto":
        if "@" not in rest:
            raise LinkProblem(f'the link "{shown}" has no email address after mailto:.')
        return Target(kind="mail", raw=raw, href=raw)
    if scheme == "tel":
        if not _TEL.match(rest):
            raise LinkProblem(f'the link "{shown}" is not a phone number; write tel: and the '
                              "digits, for example tel:+441234567890.")
        return Target(kind="tel", raw=raw, href=raw)
    if scheme in _SCRIPT_SCHEMES:
        raise LinkProblem(f'the link "{shown}" uses a {scheme}: address, which can run code or '
                          f"hide content; it is never allowed. {_FIX}")
    raise LinkProblem(f'the link "{shown}" uses the address type "{scheme}:", which is not '
                      f"allowed. {_FIX}")


_SEGMENT = re.compile(r"^[\w-][\w.-]*$")
"""One folder or file name in a page path: no empty part and no hidden file."""
_FRAGMENT = re.compile(r"^[\w.:-]+$")
"""A place name after #, as the heading ids the site makes."""


def _check_fragment(fragment: str, shown: str) -> None:
    if not _FRAGMENT.match(fragment):
        raise LinkProblem(f'the link "{shown}" needs a place name after # (letters, digits and '
                          "- only), for example #causes.")


def _page(raw: str, shown: str, from_doc: str | None) -> Target:
    path, _, fragment = raw.partition("#")
    if "#" in raw:
        _check_fragment(fragment, shown)
    if "?" in path:
        raise LinkProblem(f'the link "{shown}" has a ? in it; pages of this site take no '
                          "query; remove it.")
    if not path.endswith(".md"):
        raise LinkProblem(f'the link "{shown}" is not a web address or a page of this site; '
                          "link to the page's .md file, for example conditions/sciatica.md, or "
                          "to a web page with https://.")
    segments = path.split("/")
    if from_doc is None:
        if any(segment in (".", "..") for segment in segments):
            raise LinkProblem(f'the link "{shown}" uses ./ or ../; name the page from the site '
                              "root instead, for example conditions/sciatica.md.")
        resolved = path
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_doc), path))
        if resolved.startswith("../") or resolved == "..":
            raise LinkProblem(f'the link "{shown}" goes above the site\'s top folder; check '
                              "the number of ../ in it.")
        segments = resolved.split("/")
    if segments[0] == "pages" and len(segments) > 1:
        raise LinkProblem(f'the link "{shown}" starts with pages/; hand-written pages are '
                          f'named from the site root: write "{"/".join(segments[1:])}".')
    if not all(_SEGMENT.match(segment) for segment in segments):
        raise LinkProblem(f'the link "{shown}" has an unusual character or an empty part in '
                          "its path; page paths use letters, digits, - _ . and /.")
    return Target(kind="page", raw=raw, page=resolved, fragment=fragment)


# --------------------------------------------------------------------------- output check

_SAFE_SCHEMES = ("https", "mailto", "tel")


def is_safe_href(href: str) -> bool:
    """Whether an href may appear in HTML or SVG the engine writes.

    Allowed: ``https:``, ``mailto:``, ``tel:``, ``#frag`` and relative paths without a scheme.
    Refused: every other scheme (``http:`` too), ``//host``, root-absolute ``/path`` (the site
    may be served from a sub-folder, so every href the engine makes is relative), and any
    whitespace, control character, backslash, quote or angle bracket.
    """
    if not href or _BAD_CHAR.search(href) or href.startswith("/"):
        return False
    scheme = _SCHEME.match(href)
    if scheme is None:
        return True
    name = scheme.group(1).lower()
    if name not in _SAFE_SCHEMES:
        return False
    return name != "https" or href[len("https:") :].startswith("//")


def source_href(url: str, link: Callable[[str], str | None]) -> str | None:
    """Where a source's link goes where it is shown. A web address stays as written (the model
    checked its shape); a page of this site (``about.md#source-article``) goes through ``link``:
    relative on a page, the public address on paper, or ``None`` (words only) when there is no
    address to give."""
    return url if "://" in url else link(url)
