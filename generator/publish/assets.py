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
4. removes Material's search-language files when the search index is English only (the search
   worker loads them only for other languages);
5. and, as the last step of a build (:func:`precompress`), writes ``.gz`` and ``.br`` copies of
   every text file next to it, for static hosts that serve them (``gzip_static``-style).

Everything is deterministic: the same input tree gives the same bytes (sorted walks, content
hashes, gzip with mtime 0 and no file name, fixed Brotli settings).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import tinycss2
import tinycss2.ast as css_ast

__all__ = [
    "AssetReport",
    "UsedNames",
    "bundle_stylesheets",
    "minify_css",
    "optimise_site",
    "precompress",
    "prune_css",
]

BUNDLE_DIR = "assets/stylesheets"
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
_SHARED_SUFFIXES = (".css", ".js")  # fetched by every page: worth Brotli's slowest setting

_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
_CLASS_ATTR = re.compile(r'\bclass\s*=\s*"([^"]*)"', re.IGNORECASE)
_VALUE_ATTR = re.compile(r'\b(dir|data-md-color-primary|data-md-color-accent|data-md-color-scheme)'
                         r'\s*=\s*"([^"]*)"', re.IGNORECASE)
# inline scripts, not data blocks (JSON, JSON-LD) and not <script src>
_INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))[^>]*>(.*?)</script>',
    re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_QUOTED_WORD = re.compile(r"[\"'`]([a-z][a-z0-9]*)[\"'`]")
_WORD = re.compile(r"-?[A-Za-z_][\w-]*")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
_PROPERTY = re.compile(r"(?<![\w-])--[A-Za-z_][\w-]*")
# Attributes whose values come only from the markup (Material's palette toggle copies them from
# its own inputs): a selector that needs another value cannot match.
_VALUE_ATTRS = ("dir", "data-md-color-primary", "data-md-color-accent", "data-md-color-scheme")


# Material class families that its scripts name but only ever use on markup that a page must
# already contain: (class-name prefix, what a page's HTML must contain for them to appear).
# Without this list every component Material's bundle knows (version selector, code copy
# buttons, annotations, tabs, tags, repository facts) would count as used because the bundle
# mentions it. A family not listed here is kept whenever any script names it.
MARKUP_FAMILIES: tuple[tuple[str, str], ...] = (
    ("md-annotation", "annotate"),        # code annotations: markup with class="annotate"
    ("md-code__", "<pre"),                 # copy and select buttons on code blocks
    ("md-clipboard", "<pre"),
    ("md-version", '"version": {'),        # version selector: only with extra.version (mike)
    ("md-source", 'data-md-component="source"'),  # repository facts: only with repo_url
    ("md-tag", "md-tag"),                  # tags plugin markup
    ("md-status", "md-status"),            # page status icons in the navigation
    ("tabbed-", "tabbed-set"),             # pymdownx.tabbed
    ("highlight", 'class="highlight'),     # Pygments code blocks (and .highlighttable)
    ("linenos", 'class="highlight'),
    ("linenodiv", 'class="highlight'),
    ("mermaid", 'class="mermaid'),         # client-side Mermaid (we ship static SVG instead)
)
# Admonition types: written by the Markdown admonition extension, never by a script.
ADMONITION_TYPES = frozenset(
    ["note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"])


@dataclass
class UsedNames:
    """Class names, class-name prefixes and palette values the built site can ever show."""

    html_classes: set[str] = field(default_factory=set)
    script_words: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    markers: set[str] = field(default_factory=set)  # MARKUP_FAMILIES markers found in pages
    values: dict[str, set[str]] = field(default_factory=dict)  # _VALUE_ATTRS found in pages
    tags: set[str] = field(default_factory=set)  # elements in pages or created by scripts
    properties: set[str] = field(default_factory=set)  # "--x" names pages and scripts mention

    def has_class(self, name: str) -> bool:
        if name in self.html_classes:
            return True
        if name in ADMONITION_TYPES:
            return False
        for prefix, marker in MARKUP_FAMILIES:
            if name.startswith(prefix):
                return marker in self.markers
        return name in self.script_words or any(name.startswith(p) for p in self.prefixes)

    def has_value(self, attr: str, value: str) -> bool:
        return value in self.values.get(attr, set())

    def has_tag(self, name: str) -> bool:
        return name.lower() in self.tags

    @classmethod
    def scan(cls, html: Iterable[str], scripts: Iterable[str]) -> UsedNames:
        used = cls()
        wanted = {marker for _, marker in MARKUP_FAMILIES}
        inline: list[str] = []
        for text in html:
            used.properties.update(_PROPERTY.findall(text))
            inline.extend(m.group(1) for m in _INLINE_SCRIPT.finditer(text))
            used.markers.update(m for m in wanted - used.markers if m in text)
            for m in _CLASS_ATTR.finditer(text):
                used.html_classes.update(m.group(1).split())
            for m in _VALUE_ATTR.finditer(text):
                used.values.setdefault(m.group(1).lower(), set()).add(m.group(2))
            used.tags.update(t.lower() for t in _TAG.findall(text))
        for text in [*scripts, *inline]:  # inline scripts add classes too (html.hb-js)
            used.properties.update(_PROPERTY.findall(text))
            used.tags.update(_QUOTED_WORD.findall(text))  # createElement("li"), h("li", ...)
            used.tags.update(t.lower() for t in _TAG.findall(text))  # `<mark>${term}</mark>`
            for word in _WORD.findall(text):
                used.script_words.add(word)
                # "md-tag--" + name, `hb-outcome--${tier}`: a prefix of class names built later
                if word.endswith(("-", "_")) and len(word.strip("-_")) >= 2:
                    used.prefixes.add(word)
        return used


# ---------------------------------------------------------------------------------- CSS pruning


# at-rules whose rules are pruned one by one (not @keyframes: its preludes are not selectors)
_PRUNABLE = frozenset({"media", "supports", "layer", "container", "document", "scope"})


def _split_selectors(prelude: Sequence[css_ast.Node]) -> list[list[css_ast.Node]]:
    out: list[list[css_ast.Node]] = [[]]
    for tok in prelude:
        if tok.type == "literal" and tok.value == ",":
            out.append([])
        else:
            out[-1].append(tok)
    return out


def _selector_can_match(tokens: Sequence[css_ast.Node], used: UsedNames) -> bool:
    """False only if the selector needs a class, element or attribute value the site never has.

    Only the selector's own compound parts count: what stands inside ``:not()``, ``:is()``,
    ``:has()`` and other functions is left alone (a missing class there can still match).
    """
    previous: css_ast.Node | None = None
    for tok in tokens:
        after_dot = previous is not None and previous.type == "literal" and previous.value == "."
        starts_compound = previous is None or previous.type == "whitespace" or (
            previous.type == "literal" and previous.value in (">", "+", "~"))
        if tok.type == "ident":
            if after_dot and not used.has_class(tok.value):
                return False
            if starts_compound and not used.has_tag(tok.value):
                return False
        if tok.type == "[] block":
            parts = [t for t in tok.content if t.type not in ("whitespace", "comment")]
            if (len(parts) >= 3 and parts[0].type == "ident"
                    and parts[0].lower_value in _VALUE_ATTRS
                    and parts[1].type == "literal" and parts[1].value == "="
                    and parts[2].type in ("ident", "string")
                    and not used.has_value(parts[0].lower_value, str(parts[2].value))):
                return False
        previous = tok
    return True


def _prune_rules(rules: Sequence[css_ast.Node], used: UsedNames) -> list[css_ast.Node]:
    kept: list[css_ast.Node] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if _selector_can_match(s, used)]
            if not selectors:
                continue
            prelude: list[css_ast.Node] = []
            for i, sel in enumerate(selectors):
                if i:
                    prelude.append(css_ast.LiteralToken(0, 0, ","))
                prelude.extend(sel)
            kept.append(css_ast.QualifiedRule(rule.source_line, rule.source_column, prelude,
                                              rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _PRUNABLE:
            if rule.content is None:
                kept.append(rule)
                continue
            inner = _prune_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                          skip_whitespace=True), used)
            if inner:
                kept.append(css_ast.AtRule(rule.source_line, rule.source_column, rule.at_keyword,
                                           rule.lower_at_keyword, rule.prelude,
                                           _as_content(inner)))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "charset":
            continue  # one @charset at most, at the very start: the bundle writes its own
        elif rule.type in ("qualified-rule", "at-rule"):
            kept.append(rule)
    return kept


def _as_content(rules: Sequence[css_ast.Node]) -> list[css_ast.Node]:
    out: list[css_ast.Node] = tinycss2.parse_component_value_list(_serialize_rules(rules))
    return out


def _declarations(rule: css_ast.QualifiedRule) -> list[css_ast.Node]:
    out: list[css_ast.Node] = tinycss2.parse_blocks_contents(
        rule.content, skip_comments=True, skip_whitespace=True)
    return out


def _drop_unread_properties(rules: list[css_ast.Node], used: UsedNames) -> list[css_ast.Node]:
    """Remove ``--custom: value`` declarations that no ``var()`` anywhere reads (until stable)."""
    # pages and scripts read (var(--x)) or set ("--md-tooltip-x") custom properties by name
    outside = used.properties
    while True:
        css_text = _serialize_rules(rules)
        read = outside | set(_VAR_USE.findall(css_text))
        changed = False

        def visit(nodes: list[css_ast.Node], read: set[str] = read) -> list[css_ast.Node]:
            nonlocal changed
            out: list[css_ast.Node] = []
            for rule in nodes:
                if rule.type == "qualified-rule":
                    decls = _declarations(rule)
                    keep = [d for d in decls if d.type != "declaration"
                            or not d.name.startswith("--") or d.name in read]
                    if len(keep) != len(decls):
                        changed = True
                        if not any(d.type == "declaration" for d in keep):
                            continue
                        rule = css_ast.QualifiedRule(
                            rule.source_line, rule.source_column, rule.prelude,
                            tinycss2.parse_component_value_list(
                                ";".join(d.serialize() for d in keep)))
                    out.append(rule)
                elif (rule.type == "at-rule" and rule.content is not None
                      and rule.lower_at_keyword in _PRUNABLE):
                    inner = visit(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                           skip_whitespace=True))
                    if inner:
                        out.append(css_ast.AtRule(rule.source_line, rule.source_column,
                                                  rule.at_keyword, rule.lower_at_keyword,
                                                  rule.prelude, _as_content(inner)))
                    else:
                        changed = True
                else:
                    out.append(rule)
            return out

        rules = visit(rules)
        if not changed:
            return rules


def prune_css(css: str, used: UsedNames) -> str:
    """The stylesheet without rules that cannot match on this site (see the module doc)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _prune_rules(rules, used)
    kept = _drop_unread_properties(kept, used)
    return _serialize_rules(kept)


# ------------------------------------------------------------------------------------ minifying

_TIGHT = frozenset(",>~+{}")
# at-rules whose block holds rules (everything else holds declarations)
_RULE_BLOCKS = frozenset({"media", "supports", "layer", "container", "document", "scope",
                          "starting-style", "keyframes", "-webkit-keyframes"})


def _minify_tokens(tokens: Iterable[css_ast.Node], *, selector: bool) -> list[css_ast.Node]:
    """Drop comments; collapse whitespace; drop it next to ``,`` (and combinators in selectors).

    Only top-level tokens are touched; what is inside brackets and functions keeps its own
    spacing (``calc(1px + 2px)`` needs its spaces). Tokens themselves are never rewritten.
    """
    tight = _TIGHT if selector else frozenset(",")
    out: list[css_ast.Node] = []
    for tok in tokens:
        if tok.type == "comment":
            continue
        if tok.type == "whitespace":
            if out and out[-1].type != "whitespace":
                out.append(css_ast.WhitespaceToken(0, 0, " "))
            continue
        if tok.type == "literal" and tok.value in tight and out and out[-1].type == "whitespace":
            out.pop()
        if out and out[-1].type == "whitespace" and len(out) >= 2:
            before = out[-2]
            if before.type == "literal" and before.value in tight:
                out.pop()
        out.append(tok)
    while out and out[0].type == "whitespace":
        out.pop(0)
    while out and out[-1].type == "whitespace":
        out.pop()
    return out


def _serialize_declarations(content: Sequence[css_ast.Node]) -> str:
    parts = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = tinycss2.serialize(_minify_tokens(item.value, selector=False))
            parts.append(f"{item.name}:{value}{'!important' if item.important else ''}")
        elif item.type == "qualified-rule" or item.type == "at-rule":  # CSS nesting
            parts.append(_serialize_rules([item]))
    return ";".join(parts)


def _serialize_rules(rules: Iterable[css_ast.Node]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(_minify_tokens(rule.prelude, selector=True))
            out.append(prelude + "{" + _serialize_declarations(rule.content) + "}")
        elif rule.type == "at-rule":
            prelude = tinycss2.serialize(_minify_tokens(rule.prelude, selector=False))
            head = "@" + rule.at_keyword + ((" " + prelude) if prelude else "")
            if rule.content is None:
                out.append(head + ";")
                continue
            if rule.lower_at_keyword in _RULE_BLOCKS:
                body = _serialize_rules(tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True))
            else:  # @font-face, @page (with its margin boxes), @property, ...: declarations
                body = _serialize_declarations(rule.content)
            out.append(head + "{" + body + "}")
    return "".join(out)


def minify_css(css: str) -> str:
    """Minified CSS: comments and needless whitespace removed, every token kept as written."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _serialize_rules([r for r in rules if r.type != "error"])


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


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def bundle_stylesheets(site: Path, *, base_path: str = "/", prune: bool = True) -> AssetReport:
    """Merge every local stylesheet the pages link into one hashed, pruned, minified file."""
    pages = _pages(site)
    order: list[str] = []
    for page in pages:
        rel = page.relative_to(site).as_posix()
        for _, href in _stylesheet_links(page.read_text(encoding="utf-8")):
            path = _site_path(href, rel, base_path)
            if path and path not in order and (site / path).is_file():
                order.append(path)
    if not order:
        return AssetReport()
    sources = [(path, (site / path).read_text(encoding="utf-8")) for path in order]
    before = sum(len(text.encode("utf-8")) for _, text in sources)
    merged = "".join(_rebase_urls(text, path, BUNDLE_DIR) for path, text in sources)
    if prune:
        scripts = [p.read_text(encoding="utf-8") for p in _scripts(site)]
        used = UsedNames.scan((p.read_text(encoding="utf-8") for p in pages), scripts)
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


def _scripts(site: Path) -> list[Path]:
    """The scripts that can put class names into a page (not search languages, not maps)."""
    return [p for p in sorted(site.rglob("*.js"))
            if "lunr" not in p.relative_to(site).parts and "workers" not in p.parts]


def _remove_empty_dirs(site: Path) -> None:
    for d in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(d.iterdir()):
            d.rmdir()


def drop_unused_search_languages(site: Path) -> tuple[str, ...]:
    """Remove ``assets/javascripts/lunr`` when the search index is English only.

    Material's search worker loads those files only for other languages (or several).
    """
    index = site / "search" / "search_index.json"
    lunr = site / "assets" / "javascripts" / "lunr"
    if not index.is_file() or not lunr.is_dir():
        return ()
    try:
        langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    except (ValueError, KeyError, TypeError):
        return ()
    if langs != ["en"]:
        return ()
    removed = tuple(p.relative_to(site).as_posix() for p in sorted(lunr.rglob("*"))
                    if p.is_file())
    shutil.rmtree(lunr)
    return removed


def optimise_site(site: Path, *, base_path: str = "/") -> AssetReport:
    """Merge and prune the stylesheets and drop files no page can load (before the CSP step)."""
    report = bundle_stylesheets(site, base_path=base_path)
    dropped = drop_unused_search_languages(site)
    return AssetReport(bundle=report.bundle, merged=report.merged,
                       css_bytes_before=report.css_bytes_before,
                       css_bytes_after=report.css_bytes_after,
                       removed=report.removed + dropped)


# --------------------------------------------------------------------------------- compression


def precompress(site: Path) -> int:
    """Write ``X.gz`` and ``X.br`` next to every text file X; return how many files got them.

    A copy is written only when it is smaller than the original. Bytes depend only on the
    input: gzip without a time stamp or file name, Brotli with fixed settings (the slowest,
    smallest setting for stylesheets and scripts that every page shares).
    """
    n = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        data = path.read_bytes()
        quality = 11 if path.suffix in _SHARED_SUFFIXES else 10
        wrote = False
        for suffix, packed in (
            (".gz", gzip.compress(data, compresslevel=9, mtime=0)),
            (".br", brotli.compress(data, quality=quality)),
        ):
            target = path.with_name(path.name + suffix)
            if len(packed) < len(data):
                target.write_bytes(packed)
                wrote = True
            elif target.exists():
                target.unlink()
        n += wrote
    return n
