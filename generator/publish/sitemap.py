"""Sitemap dates from the content: a condition page was last changed when it was last reviewed.

MkDocs writes every page's ``<lastmod>`` as the build date (``SOURCE_DATE_EPOCH``). Search engines
use it to decide what to re-read, so a condition page gets its own review date instead; this is
done on the finished file, not by a hook, so any engine's sitemap gets the same treatment (Zensical
writes no ``<lastmod>`` at all: a condition page gets one, the other pages stay without).

A site in several languages has one ``sitemap.xml`` a tree (``/``, ``/cy/``, …); each of them
lists, under every address, the same page in every language and ``x-default`` (the source
language) as ``<xhtml:link rel="alternate" hreflang>`` (:func:`add_alternates`), as search
engines read them: the trees share the site map's paths, so the same page is each language's
root followed by the page's path.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping, Sequence
from html import escape, unescape
from pathlib import Path

_URL = re.compile(r"(<loc>)([^<]+)(</loc>\s*<lastmod>)([^<]+)(</lastmod>)")
_BARE = re.compile(r"([ \t]*)<loc>([^<]+)</loc>(?!\s*<lastmod>)")


def set_lastmod(site: Path, dates: Mapping[str, str]) -> int:
    """Set ``<lastmod>`` of each URL in ``dates`` (URL → ISO date); return how many changed.

    ``sitemap.xml.gz`` is written again from the new text, with no file name or time inside, so
    the bytes stay the same from build to build.
    """
    path = site / "sitemap.xml"
    if not path.is_file():
        return 0
    changed = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal changed
        date = dates.get(m.group(2))
        if date is None or date == m.group(4):
            return m.group(0)
        changed += 1
        return m.group(1) + m.group(2) + m.group(3) + date + m.group(5)

    def add(m: re.Match[str]) -> str:
        nonlocal changed
        date = dates.get(m.group(2))
        if date is None:
            return m.group(0)
        changed += 1
        return f"{m.group(0)}\n{m.group(1)}<lastmod>{date}</lastmod>"

    _write(path, _BARE.sub(add, _URL.sub(fix, path.read_text(encoding="utf-8"))))
    return changed


def _write(path: Path, text: str) -> None:
    """``sitemap.xml`` and its ``.gz`` copy, with no file name or time inside."""
    path.write_text(text, encoding="utf-8")
    with path.with_name(path.name + ".gz").open("wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=0
    ) as gz:
        gz.write(text.encode("utf-8"))


XHTML_NS = "http://www.w3.org/1999/xhtml"
_URLSET = re.compile(r"<urlset\b([^>]*)>")
_LOC = re.compile(r"([ \t]*)<loc>([^<]+)</loc>(.*?)(\s*</url>)", re.DOTALL)
"""An address and the rest of its ``<url>``: the alternates go last (the sitemap schema puts
other namespaces' elements after ``<lastmod>``)."""


def add_alternates(site: Path, roots: Sequence[tuple[str, str]]) -> int:
    """Add the alternates to each tree's ``sitemap.xml``; return how many addresses got them.
    ``roots``: (language, absolute root address) a tree, the source language's first (its tree
    is ``site``, the others ``site/<language>``; ``x-default`` is the first)."""
    if len(roots) < 2:
        return 0
    done = 0
    for i, (lang, root) in enumerate(roots):
        path = (site if i == 0 else site / lang) / "sitemap.xml"
        if not path.is_file():
            continue

        def links(m: re.Match[str], root: str = root) -> str:
            nonlocal done
            loc = m.group(2)
            if not loc.startswith(root):
                return m.group(0)
            rest = loc[len(root):]
            done += 1
            pairs = [*roots, ("x-default", roots[0][1])]
            return m.group(0)[: m.start(4) - m.start(0)] + "".join(
                f'\n{m.group(1)}<xhtml:link rel="alternate" hreflang="{escape(code, quote=True)}"'
                f' href="{escape(base + unescape(rest), quote=True)}"/>' for code, base in pairs
            ) + m.group(4)

        text = path.read_text(encoding="utf-8")
        if XHTML_NS not in text:
            text = _URLSET.sub(lambda m: f'<urlset{m.group(1)} xmlns:xhtml="{XHTML_NS}">',
                               text, count=1)
        _write(path, _LOC.sub(links, text))
    return done
