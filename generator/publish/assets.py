"""Static assets after MkDocs: one small stylesheet, no dead files, precompressed copies.

A phone on a slow network pays for every render-blocking byte and every request. MkDocs links
Material's two stylesheets and each of ours separately, and Material's main stylesheet styles
every component the theme has (code blocks, tabs, tags, versions, ...), most of which this site
never shows. After MkDocs has written the pages, :func:`optimise_site`:

1. merges every local stylesheet a page links (Material's ``main`` and ``palette`` files and our
   ``extra_css``, in page order) into ONE file, ``assets/stylesheets/site.<hash>.css``;
2. drops the rules that can never match on this site: a selector that needs a class which no
   page and no script of the site contains (scripts count with every name-like word in them, and
   a word ending in ``-`` or ``_`` counts as a prefix, for class names built at run time), or a
   palette colour the site does not use; then custom properties nothing reads;
3. minifies it (comments and needless whitespace go; tokens are never merged or changed), and
   rewrites the ``<link>`` in every page; the merged source files (and their source maps) go;
4. removes the search-language files the search index's languages do not use (all of them
   when it is English only: the search worker loads them only for other languages);
5. and the last step of a build writes ``.gz`` and ``.br`` copies of every text file
   (:mod:`.compress`).

Everything is deterministic: the same input tree gives the same bytes (sorted walks, content
hashes).
"""


from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import tinycss2
import tinycss2.ast as css_ast

from .css import UsedNames, minify_css, prune_css

__all__ = [
    "AssetReport",
    "UsedNames",
    "bundle_stylesheets",
    "minify_css",
    "optimise_site",
    "prune_css",
]

BUNDLE_DIR = "assets/stylesheets"

_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')


# ------------------------------------------------------------------------------------ bundling


@dataclass(frozen=True)
class AssetReport:
    bundle: str = ""  # site path of the merged stylesheet ("" if the site has none)
    merged: tuple[str, ...] = ()  # the stylesheets it replaced, in order
    css_bytes_before: int = 0
    css_bytes_after: int = 0
    removed: tuple[str, ...] = ()  # files deleted from the site


def _site_path(href: str, page: str, base_path: str) -> str | None:
    """The site-relative path a local ``href`` on ``page`` points to (None if not local)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return None
        return parts.path[len(base_path):]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))


def _stylesheet_links(html: str) -> list[tuple[re.Match[str], str]]:
    found = []
    for m in _LINK.finditer(html):
        attrs = {k.lower(): v for k, v in _ATTR.findall(m.group(0))}
        if attrs.get("rel", "").lower() == "stylesheet" and "href" in attrs:
            found.append((m, attrs["href"]))
    return found


def _rebase_urls(css: str, source: str, target_dir: str) -> str:
    """Rewrite relative ``url()``s written for ``source`` so they work from ``target_dir``."""

    def fix(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("/", "#")) or not parts.path:
            return url
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source), parts.path))
        new = posixpath.relpath(path, target_dir)
        return new + (("?" + parts.query) if parts.query else "") + (
            ("#" + parts.fragment) if parts.fragment else "")

    def walk(nodes: Iterable[css_ast.Node]) -> list[css_ast.Node]:
        out: list[css_ast.Node] = []
        for n in nodes:
            if n.type == "url":
                new = fix(n.value)
                n = css_ast.URLToken(n.source_line, n.source_column, new, f"url({new})")
            elif n.type == "function" and n.lower_name == "url":
                args = [a for a in n.arguments if a.type == "string"]
                if args:
                    new = fix(args[0].value)
                    quoted = '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
                    n = css_ast.FunctionBlock(n.source_line, n.source_column, n.name,
                                              [css_ast.StringToken(0, 0, new, quoted)])
            elif n.type == "function":
                n.arguments = walk(n.arguments)
            elif n.type in ("() block", "[] block", "{} block"):
                n.content = walk(n.content)
            out.append(n)
        return out

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=False)
    for rule in rules:
        if rule.type in ("qualified-rule", "at-rule"):
            if rule.prelude is not None:
                rule.prelude = walk(rule.prelude)
            if rule.content is not None:
                rule.content = walk(rule.content)
    return str(tinycss2.serialize(rules))


def _inside(path: Path, site: Path, skip: Iterable[str]) -> bool:
    """Whether ``path`` belongs to this tree and not to one of the trees in ``skip`` below it
    (each translated language's tree has its own stylesheet and scripts)."""
    first = path.relative_to(site).parts[0]
    return first not in set(skip) or path.parent == site


def _pages(site: Path, skip: Iterable[str] = ()) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if _inside(p, site, skip)]


def bundle_stylesheets(site: Path, *, base_path: str = "/", prune: bool = True,
                       skip: Iterable[str] = ()) -> AssetReport:
    """Merge every local stylesheet the pages link into one hashed, pruned, minified file.
    ``skip``: folders below ``site`` that are trees of their own (translated languages)."""
    pages = _pages(site, skip)
    order: list[str] = []

    def read_all() -> Iterator[str]:
        """Every page once, for its stylesheet links and (when pruning) the names it uses."""
        for page in pages:
            rel = page.relative_to(site).as_posix()
            html = page.read_text(encoding="utf-8")
            for _, href in _stylesheet_links(html):
                path = _site_path(href, rel, base_path)
                if path and path not in order and (site / path).is_file():
                    order.append(path)
            yield html

    scripts = [p.read_text(encoding="utf-8") for p in _scripts(site, skip)] if prune else []
    texts = read_all()
    used = UsedNames.scan(texts, scripts) if prune else None
    for _ in texts:  # without pruning, the pages are read for their links alone
        pass
    if not order:
        return AssetReport()
    sources = [(path, (site / path).read_text(encoding="utf-8")) for path in order]
    before = sum(len(text.encode("utf-8")) for _, text in sources)
    merged = "".join(_rebase_urls(text, path, BUNDLE_DIR) for path, text in sources)
    if used is not None:
        css = prune_css(merged, used)
    else:
        css = minify_css(merged)
    if not css.isascii():
        css = '@charset "utf-8";' + css
    data = css.encode("utf-8")
    name = f"{BUNDLE_DIR}/site.{hashlib.sha256(data).hexdigest()[:10]}.css"
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(data)

    merged_set = set(order)
    for page in pages:
        rel = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        new = _relink(html, rel, merged_set, name, base_path)
        if new != html:
            page.write_text(new, encoding="utf-8")
    removed = []
    for path in order:
        for victim in (site / path, site / (path + ".map")):
            if victim.is_file():
                victim.unlink()
                removed.append(victim.relative_to(site).as_posix())
    _remove_empty_dirs(site)
    return AssetReport(bundle=name, merged=tuple(order), css_bytes_before=before,
                       css_bytes_after=len(data), removed=tuple(removed))


def _relink(html: str, page: str, merged: set[str], bundle: str, base_path: str) -> str:
    out = []
    last = 0
    placed = False
    for m, href in _stylesheet_links(html):
        path = _site_path(href, page, base_path)
        if path not in merged:
            continue
        start, end = m.span()
        # drop the indentation and line break around a removed link too
        line_start = html.rfind("\n", 0, start) + 1
        if html[line_start:start].strip() == "" and html[end:end + 1] == "\n":
            start, end = line_start, end + 1
        out.append(html[last:start])
        if not placed:
            prefix = href[: len(href) - len(path)] if href.endswith(path) else None
            if prefix is None:  # "../x/../assets/..." and other spellings: write it afresh
                prefix = (base_path if href.startswith("/") else
                          posixpath.relpath(".", posixpath.dirname(page)) + "/")
                prefix = "" if prefix == "./" else prefix
            indent = html[line_start:m.start()] if start == line_start else ""
            out.append(f'{indent}<link rel="stylesheet" href="{prefix}{bundle}">'
                       + ("\n" if start == line_start else ""))
            placed = True
        last = end
    out.append(html[last:])
    return "".join(out)


def _scripts(site: Path, skip: Iterable[str] = ()) -> list[Path]:
    """The scripts that can put class names into a page (not search languages, not maps)."""
    return [p for p in sorted(site.rglob("*.js"))
            if "lunr" not in p.relative_to(site).parts and "workers" not in p.parts
            and _inside(p, site, skip)]


def _remove_empty_dirs(site: Path) -> None:
    for d in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(d.iterdir()):
            d.rmdir()


def _search_files(langs: list[str]) -> set[str]:
    """The files below ``lunr`` Material's search worker loads for ``langs``."""
    own = [lang for lang in langs if lang != "en"]
    if not own and len(langs) <= 1:
        return set()
    need = {"min/lunr.stemmer.support.min.js", *(f"min/lunr.{lang}.min.js" for lang in own)}
    if len(langs) > 1:
        need.add("min/lunr.multi.min.js")
    if "ja" in langs:
        need.add("tinyseg.js")
    if {"hi", "th"} & set(langs):
        need.add("wordcut.js")
    return need


def drop_unused_search_languages(site: Path) -> tuple[str, ...]:
    """Remove the files below ``assets/javascripts/lunr`` the search index's languages do not
    use (all of them when it is English only).

    Material's search worker loads those files only for other languages (or several): the
    stemmer support and each language's own file.
    """
    index = site / "search" / "search_index.json"
    lunr = site / "assets" / "javascripts" / "lunr"
    if not index.is_file() or not lunr.is_dir():
        return ()
    try:
        langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    except (ValueError, KeyError, TypeError):
        return ()
    if not isinstance(langs, list):
        return ()
    need = _search_files([str(lang) for lang in langs])
    removed = []
    for p in sorted(lunr.rglob("*")):
        if p.is_file() and p.relative_to(lunr).as_posix() not in need:
            removed.append(p.relative_to(site).as_posix())
            p.unlink()
    _remove_empty_dirs(lunr)
    if lunr.is_dir() and not any(lunr.iterdir()):
        lunr.rmdir()
    return tuple(removed)


def optimise_site(site: Path, *, base_path: str = "/", skip: Iterable[str] = ()) -> AssetReport:
    """Merge and prune the stylesheets and drop files no page can load (before the CSP step).
    ``skip``: the translated languages' trees below ``site``, optimised on their own."""
    report = bundle_stylesheets(site, base_path=base_path, skip=skip)
    dropped = drop_unused_search_languages(site)
    return AssetReport(bundle=report.bundle, merged=report.merged,
                       css_bytes_before=report.css_bytes_before,
                       css_bytes_after=report.css_bytes_after,
                       removed=report.removed + dropped)
