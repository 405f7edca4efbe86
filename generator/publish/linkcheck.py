"""After MkDocs: every internal link and anchor in the built HTML must resolve.

MkDocs validates links written in Markdown; this also covers what it cannot see: links inside
raw HTML blocks, inline SVGs (``href`` and ``xlink:href``), the drawings a page's script puts
into the page (``data-hb-svg``: their links and ids count as the page's own), the JSON exports,
and links to files that join the site after MkDocs has run (the PDF handouts). Every target counts, pages
or not: a link to a file the site does not hold fails the build, naming the page and the link.
The 404 page is checked too; its links start at the site's root (``/…``, below the path of
the site's public address), because it is served at any address.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .pagescan import PageFacts, scan_html


class _Files:
    """What the file system says about the site's paths, each asked once: every page links the
    same targets (the navigation), some 90,000 links at 1,000 pages."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._dirs: dict[str, bool] = {}
        self._exists: dict[Path, bool] = {}

    def is_dir(self, rel: str) -> bool:
        """Whether the site-relative path ``rel`` is a folder."""
        if rel not in self._dirs:
            self._dirs[rel] = (self.site / rel).is_dir()
        return self._dirs[rel]

    def exists(self, path: Path) -> bool:
        if path not in self._exists:
            self._exists[path] = path.exists()
        return self._exists[path]


def _target(
    site: Path, page: Path, link: str, public_url: str | None = None, files: _Files | None = None,
    base: str | None = None,
) -> tuple[Path, str] | None:
    """The file ``link`` on ``page`` points to and its fragment (None: not a link into the site).
    ``base``: the page's folder, site-relative, when the caller has it already."""
    if public_url and link.startswith(public_url):
        link = "/" + link[len(public_url):]
    elif public_url and link.startswith(root := _root_path(public_url)) and root != "/":
        link = "/" + link[len(root):]  # /hip/about/ on a site published at …/hip/
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "tel:", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    if base is None:
        base = page.parent.relative_to(site).as_posix()
    resolved = posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else (
        posixpath.normpath(path.lstrip("/") or "."))
    if path.endswith("/") or (files or _Files(site)).is_dir(resolved):
        resolved = posixpath.join(resolved, "index.html")
    return site / resolved, parts.fragment


@cache
def _root_path(public_url: str) -> str:
    """The path of the site's public address, with a final slash (``/`` for a domain's root)."""
    path = urlsplit(public_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _missing(site: Path, page: str, link: str, target: Path) -> str:
    """The message for a link to a file the site does not hold."""
    try:
        where = target.relative_to(site).as_posix()
    except ValueError:
        where = target.as_posix()
    return f"{page}: link to {link!r}: {where} is not in the site"


def check_built_site(
    site: Path, *, ignore_suffixes: tuple[str, ...] = (), public_url: str | None = None,
    scanned: Mapping[Path, PageFacts] | None = None,
) -> list[str]:
    """Broken internal links, as ``page: link to '…': why`` lines (empty when all resolve).

    Absolute links that start with the site's own ``public_url`` are checked as internal.
    ``ignore_suffixes`` leaves out links to files of those kinds; a build never passes it
    (every link it publishes must resolve), the benchmark's stage of a site built without
    handouts does. ``scanned``: pages already parsed (by :func:`.csp.apply_csp_scanned`), not
    parsed again; every other page under ``site`` is.
    """
    known = scanned or {}
    pages = {html: _embed(site, html, known[html] if html in known else scan_html(
        html.read_text(encoding="utf-8")), public_url)
             for html in sorted(site.rglob("*.html"))}
    problems: list[str] = []
    files = _Files(site)
    for html, c in pages.items():
        rel = html.relative_to(site).as_posix()
        base = posixpath.dirname(rel) or "."
        for link in sorted(set(c.links)):
            t = _target(site, html, link, public_url, files, base)
            if t is None:
                continue
            target, fragment = t
            if target.suffix in ignore_suffixes:
                continue
            if not files.exists(target):
                problems.append(_missing(site, rel, link, target))
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(fragment) not in ids:
                    problems.append(f"{rel}: link to {link!r}: no anchor #{fragment}")
    for js in sorted(site.rglob("*.json")):
        if "search" in js.parts:
            continue
        try:
            urls = _json_urls(json.loads(js.read_text(encoding="utf-8"),
                                         object_pairs_hook=_object_urls))
        except ValueError as exc:
            problems.append(f"{js.relative_to(site)}: not valid JSON: {exc}")
            continue
        for url in urls:
            t = _target(site, js, url, public_url)
            if t is None or t[0].suffix in ignore_suffixes:
                continue
            if not t[0].exists():
                problems.append(_missing(site, js.relative_to(site).as_posix(), url, t[0]))
    return problems


def _embed(site: Path, page: Path, facts: PageFacts, public_url: str | None) -> PageFacts:
    """``facts`` with the drawings ``page`` names in ``data-hb-svg`` read in: its script puts
    them into the page, so their links are the page's links (``#outcome-x`` is an anchor of the
    page) and their ids its ids. A missing drawing is reported as the page's broken link (the
    scan counts the attribute as a link)."""
    for link in facts.embeds:  # (a drawing naming another is not read)
        t = _target(site, page, link, public_url)
        if t is not None and t[0].is_file():
            drawing = scan_html(t[0].read_text(encoding="utf-8"))
            facts = replace(facts, ids=facts.ids | drawing.ids,
                            links=facts.links + drawing.links)
    return facts


class _Urls(list[str]):
    """A JSON object as the link check keeps it: the addresses in it, in order."""


def _is_url_key(key: str) -> bool:
    return key == "url" or key.endswith("_url") or key == "href"


def _object_urls(pairs: list[tuple[str, object]]) -> _Urls:
    """Each JSON object, as it is read, reduced to the addresses in it (``url``, ``*_url`` and
    ``href`` texts, and those of what it holds, in order): the whole document as Python objects
    was the link check's peak (the API file of 1,000 conditions, 8.5 MB of text, in each
    language)."""
    out = _Urls()
    for key, value in pairs:
        if isinstance(value, str) and _is_url_key(key):
            out.append(value)
        else:
            out += _json_urls(value)
    return out


def _json_urls(data: object) -> list[str]:
    """The addresses in JSON read with :func:`_object_urls` (its objects already reduced)."""
    if isinstance(data, _Urls):
        return data
    out: list[str] = []
    if isinstance(data, list):
        for v in data:
            out += _json_urls(v)
    return out
