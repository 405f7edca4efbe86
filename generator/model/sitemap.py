"""The site map: every page and handout of the site, its address, and how one links to another.

Made once from the content (:func:`site_map`), it is the only place that knows the URL layout
(the role MkDocs' ``Files`` plays). Emitters never write a path like ``../conditions/x/``: they
ask :meth:`SiteMap.href` for the link from the page they are writing to the page they name, and
the answer depends on two choices made once per build:

``style``
    :attr:`UrlStyle.DIRECTORY` — ``conditions/sciatica/``, what a web server serves (MkDocs'
    ``use_directory_urls``, and Zensical's); :attr:`UrlStyle.FILES` — ``conditions/sciatica.html``,
    the offline copy a clinic opens from a USB stick or a file share, where no server turns a
    folder into its ``index.html``.
``body_from_source``
    Where the engine resolves a relative link that stands in a page's Markdown as raw HTML
    (:attr:`Place.BODY`). MkDocs leaves it as written, so the browser reads it against the
    page's address (``compare/`` for ``compare.md``); Zensical resolves it against the Markdown
    file (``compare.md`` is in the site root), on purpose (zensical issue 258). The two differ
    by one folder on every ``x.md`` page; with ``.html`` files they are the same.

A link's :class:`Place` says who reads it: the engine (a Markdown link to the ``.md`` file, which
MkDocs and Zensical check and rewrite), the engine then the browser (raw HTML in the Markdown),
or only the browser (HTML the theme prints from front matter or the configuration, data a page
script reads). Addresses on paper (QR codes, a handout's links) are :meth:`SiteMap.public`: the
hosted site's directory URLs, whatever copy is being built.

The handouts' file names (every condition, the overview, the hazard log and the booklet's
volumes) and the generated pages' paths are here too, so a condition cannot take a name the site
already uses (:func:`reserved_reason`, checked at ``validate``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ..text.urls import LinkProblem, classify

__all__ = ["BOOKLET", "COMPARE", "CONDITIONS_INDEX", "FLOWCHART", "FLOWCHART_DATA",
           "FLOWCHART_DIAGRAM",
           "GENERATED_PAGES", "HANDOUTS", "HAZARD_LOG", "HAZARD_LOG_PAGE", "HOW_WE_CHECK", "MAX_PER_VOLUME",
           "OVERVIEW", "WHERE", "Place", "SiteMap", "UrlStyle", "condition_page", "handout_file",
           "reserved_reason", "site_map", "volume_count", "volume_names"]

Resolver = Callable[[str], "str | None"]

CONDITIONS_INDEX = "conditions/index.md"
COMPARE = "compare.md"
WHERE = "where-does-it-hurt.md"
HANDOUTS = "handouts.md"
FLOWCHART = "flowchart.md"
FLOWCHART_DATA = "graph.json"
"""The step-by-step guide's data, beside the flowchart page (:meth:`SiteMap.data`)."""
FLOWCHART_DIAGRAM = "diagram.svg"
"""The flowchart's drawing, beside the page, which its script puts into the page once the page
has loaded (the offline copy carries it in the page instead)."""
HOW_WE_CHECK = "how-we-check.md"
HAZARD_LOG_PAGE = "hazard-log.md"
GENERATED_PAGES = (CONDITIONS_INDEX, COMPARE, WHERE, HANDOUTS, FLOWCHART, HOW_WE_CHECK,
                   HAZARD_LOG_PAGE)
"""The pages the engine makes besides the content's own pages and one page per condition."""

OVERVIEW = "overview"
BOOKLET = "booklet"
HAZARD_LOG = "hazard-log"
MAX_PER_VOLUME = 200
"""At most this many conditions in one booklet file; more make ``booklet-1.pdf``, ``-2`` …"""

_RESERVED = {
    "index": "its page would take the address /conditions/, where the site lists every condition",
    OVERVIEW: "its handout would take the address /handouts/overview.pdf, where the overview "
              "handout of every condition is",
    BOOKLET: "its handout would take the address /handouts/booklet.pdf, where the booklet of "
             "every handout is",
    HAZARD_LOG: "its handout would take the address /handouts/hazard-log.pdf, where the hazard "
                "log for clinical safety officers is",
}
_VOLUME = re.compile(rf"{BOOKLET}-\d+")


def reserved_reason(slug: str) -> str | None:
    """Why ``slug`` cannot name a condition (its page or handout would take an address the site
    already uses, and what is there), or ``None`` when it can."""
    if slug in _RESERVED:
        return _RESERVED[slug]
    if _VOLUME.fullmatch(slug):
        return (f"its handout would take the address /handouts/{slug}.pdf, where a volume of "
                "the booklet goes when the booklet is split")
    return None


def condition_page(slug: str) -> str:
    return f"conditions/{slug}.md"


def handout_file(name: str) -> str:
    """A handout's path from the site root (``handouts/sciatica.pdf``)."""
    return f"handouts/{name}.pdf"


def volume_count(conditions: int) -> int:
    return max(1, -(-conditions // MAX_PER_VOLUME))


def volume_names(conditions: int) -> list[str]:
    """``["booklet"]`` while one volume holds everything, else ``booklet-1`` … ``booklet-K``
    (so the address of a small site's booklet never changes)."""
    count = volume_count(conditions)
    if count == 1:
        return [BOOKLET]
    return [f"{BOOKLET}-{i}" for i in range(1, count + 1)]


class UrlStyle(StrEnum):
    DIRECTORY = "directory"
    FILES = "files"


class Place(StrEnum):
    """Who reads a link: see the module docstring."""

    MARKDOWN = "markdown"
    BODY = "body"
    PAGE = "page"


def _folder_of(url: str) -> str:
    """The folder an address is in: itself when it names a folder (``x/``, the root ``""``)."""
    return url if url.endswith("/") or not url else posixpath.dirname(url) + "/"


def _relpath(path: str, start: str) -> str:
    """:func:`posixpath.relpath` of two paths from the site root, the same answer without its
    detour through the working folder (``abspath`` of both, a ``getcwd`` each): a site at
    1,000 conditions writes 16,000 links. Anything but plain relative paths (a leading ``/``,
    a ``..``, an empty path) is left to ``relpath`` itself."""
    if not path or not start or path[0] == "/" or start[0] == "/" or ".." in path \
            or ".." in start:
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(here) - common) + to[common:]
    return "/".join(parts) if parts else "."


def _fragment(anchor: str) -> str:
    return f"#{anchor}" if anchor else ""


@dataclass(frozen=True)
class SiteMap:
    """Every page (docs paths from the site root) and handout name, and the links between them."""

    pages: tuple[str, ...]
    handouts: tuple[str, ...]
    style: UrlStyle = UrlStyle.DIRECTORY
    body_from_source: bool = False
    _urls: dict[tuple[str, UrlStyle | None], str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _links: dict[tuple[str, str, str, Place], str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)
    """Addresses and links worked out so far (:meth:`url`, :meth:`href`): the map never changes,
    and a site asks for the same ones again and again (every condition's address on every page
    that lists it; 6,000 links on the flowchart page alone at 1,000 conditions)."""

    # -- addresses
    def url(self, doc: str, style: UrlStyle | None = None) -> str:
        """The address of ``doc`` from the site root: ``conditions/sciatica.md`` →
        ``conditions/sciatica/`` (or ``conditions/sciatica.html``); ``index.md`` → ``""`` (or
        ``index.html``); any other file (a PDF, JSON) keeps its own path."""
        found = self._urls.get((doc, style))
        if found is None:
            found = self._urls[doc, style] = self._url(doc, style)
        return found

    def _url(self, doc: str, style: UrlStyle | None) -> str:
        if not doc.endswith(".md"):
            return doc
        folder, name = posixpath.split(doc[:-3])
        if (style or self.style) is UrlStyle.FILES:
            return f"{folder}/{name}.html" if folder else f"{name}.html"
        if name in ("index", "README"):
            return f"{folder}/" if folder else ""
        return f"{folder}/{name}/" if folder else f"{name}/"

    def public(self, public_url: str, doc: str, anchor: str = "") -> str:
        """The full address of ``doc`` on the hosted site (``public_url`` ends in ``/``), as
        printed on paper: always directory URLs, whichever copy is being built."""
        return public_url + self.url(doc, UrlStyle.DIRECTORY) + _fragment(anchor)

    def handout(self, name: str) -> str:
        return handout_file(name)

    def data(self, doc: str, name: str) -> str:
        """The path of a data file a page's script reads, in the page's own folder so the links
        in it mean the same from both: ``flowchart/graph.json`` beside ``flowchart/``,
        ``graph.json`` beside ``flowchart.html``."""
        here = self.url(doc)
        folder = _folder_of(here)
        return (folder if folder != "/" else "") + name

    # -- links
    def href(self, from_doc: str, to_doc: str, anchor: str = "",
             place: Place = Place.PAGE) -> str:
        """The link from the page built from ``from_doc`` to ``to_doc`` (``#anchor`` on it), as
        it must be written in ``place``. A page links to a place on itself as ``#anchor``, to
        itself as ``./``."""
        key = (from_doc, to_doc, anchor, place)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self._href(from_doc, to_doc, anchor, place)
        return found

    def _href(self, from_doc: str, to_doc: str, anchor: str, place: Place) -> str:
        if to_doc == from_doc and anchor:
            return f"#{anchor}"
        if place is Place.MARKDOWN:
            return _relpath(to_doc, posixpath.dirname(from_doc) or ".") + \
                _fragment(anchor)
        here = (posixpath.dirname(from_doc) + "/" if place is Place.BODY and self.body_from_source
                else self.url(from_doc))
        here_dir = _folder_of(here)
        there = self.url(to_doc)
        rel = _relpath(there or ".", here_dir.rstrip("/") or ".")
        if rel == ".":
            rel = "./"
        elif there.endswith("/") or not there:
            rel += "/"
        return rel + _fragment(anchor)

    def resolver(self, from_doc: str, place: Place) -> Resolver:
        """The link resolver for prose shown on the page built from ``from_doc`` in ``place``:
        external, mail, tel and anchor targets as written, a page of the site through
        :meth:`href`, a refused target ``None`` (the renderer keeps only the words; validation
        has reported it)."""

        def resolve(raw: str) -> str | None:
            try:
                target = classify(raw)
            except LinkProblem:
                return None
            if target.kind != "page":
                return target.href
            return self.href(from_doc, target.page, target.fragment, place)

        return resolve

    def public_resolver(self, public_url: str | None) -> Resolver:
        """The link resolver for prose printed away from the site (handouts, exports): a page of
        the site becomes its :meth:`public` address. A ``#place`` alone has no page to be on,
        and without a public address (a placeholder must not reach paper) a page keeps only its
        words (``None``)."""

        def resolve(raw: str) -> str | None:
            try:
                target = classify(raw)
            except LinkProblem:
                return None
            if target.kind == "anchor":
                return None
            if target.kind != "page":
                return target.href
            if public_url is None:
                return None
            return self.public(public_url, target.page, target.fragment)

        return resolve


def site_map(page_slugs: Iterable[str], condition_slugs: Iterable[str], *,
             style: UrlStyle = UrlStyle.DIRECTORY, body_from_source: bool = False) -> SiteMap:
    """The site map of a content folder: its own pages (``about``, ``index`` …), the generated
    ones, a page per condition; the handouts of every condition, the overview, the hazard log
    and the booklet's volumes."""
    conditions = sorted(condition_slugs)
    pages = ([f"{slug}.md" for slug in sorted(page_slugs)] + list(GENERATED_PAGES)
             + [condition_page(slug) for slug in conditions])
    handouts = conditions + [OVERVIEW, HAZARD_LOG, *volume_names(len(conditions))]
    return SiteMap(pages=tuple(pages), handouts=tuple(handouts), style=style,
                   body_from_source=body_from_source)
