"""The site's CSS, cut to what it can show: class-name scanning, rule pruning, minifying.

:class:`UsedNames` collects what the built pages and scripts can ever put on screen (classes,
class-name prefixes built at run time, palette values, elements, custom properties);
:func:`prune_css` drops the rules whose selectors need something else, then custom properties
nothing reads, then the fonts no rule names (a language's own font stays out of the other
languages' stylesheets: the offline copy inlines every font its stylesheet declares); :func:`minify_css` removes comments and needless whitespace without changing or
merging a token. Used by :mod:`generator.publish.assets`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import tinycss2
import tinycss2.ast as css_ast

__all__ = ["ADMONITION_TYPES", "MARKUP_FAMILIES", "UsedNames", "minify_css", "prune_css"]

# ``\bclass`` in any case, spelt so that the regex engine can skip ahead to a "c" (with the
# whole pattern case-blind it tries every position: three times slower on 90 MB of pages)
_CLASS_ATTR = re.compile(r'[cC](?<!\w[cC])(?i:lass)\s*=\s*"([^"]*)"')
# inline scripts, not data blocks (JSON, JSON-LD) and not <script src>
_INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))[^>]*>(.*?)</script>',
    re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_QUOTED_WORD = re.compile(r"[\"'`]([a-z][a-z0-9]*)[\"'`]")
_WORD = re.compile(r"-?[A-Za-z_][\w-]*")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
_PROPERTY = re.compile(r"--(?<![\w-]--)[A-Za-z_][\w-]*")  # "--" first: found by a fast search
# Attributes whose values come only from the markup (Material's palette toggle copies them from
# its own inputs): a selector that needs another value cannot match.
_VALUE_ATTRS = ("dir", "data-md-color-primary", "data-md-color-accent", "data-md-color-scheme")
assert all(a.startswith("d") for a in _VALUE_ATTRS)  # the "d" leads the search (as _CLASS_ATTR)
_VALUE_ATTR = re.compile(r"([dD](?<!\w[dD])(?i:" + "|".join(re.escape(a[1:]) for a in _VALUE_ATTRS)
                         + r'))\s*=\s*"([^"]*)"')
_HTML_LANG = re.compile(r'<html\b[^>]*?\blang\s*=\s*"([^"]*)"', re.IGNORECASE)


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
    # the pages' own languages (<html lang>): a page's lang="…" elsewhere (a link to the same
    # page in another language) does not make html[lang="…"] match
    page_langs: set[str] = field(default_factory=set)

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

    def has_page_lang(self, value: str) -> bool:
        return value.lower() in self.page_langs

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
            # one split of all the page's class values (a space between two values splits them
            # as their own ends did): a thousand pages hold some 300,000 class attributes
            used.html_classes.update(" ".join(_CLASS_ATTR.findall(text)).split())
            for attr, value in _VALUE_ATTR.findall(text):
                used.values.setdefault(attr.lower(), set()).add(value)
            used.tags.update(map(str.lower, set(_TAG.findall(text))))
            used.page_langs.update(v.lower() for v in _HTML_LANG.findall(text, 0, 4096)[:1])
        # inline scripts add classes too (html.hb-js); each distinct one once (every page repeats
        # the same few: 1,800 bodies, 8 distinct, on 300 pages)
        for text in [*scripts, *dict.fromkeys(inline)]:
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
            if (len(parts) >= 3 and parts[0].type == "ident" and parts[0].lower_value == "lang"
                    and parts[1].type == "literal" and parts[1].value == "="
                    and parts[2].type in ("ident", "string")
                    and previous is not None and previous.type == "ident"
                    and previous.lower_value == "html"
                    and not used.has_page_lang(str(parts[2].value))):
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


def _family(rule: css_ast.AtRule) -> str | None:
    """The family an ``@font-face`` rule declares (``None``: none, or not a plain name)."""
    for decl in tinycss2.parse_blocks_contents(rule.content or [], skip_comments=True,
                                               skip_whitespace=True):
        if decl.type == "declaration" and decl.lower_name == "font-family":
            names = [t for t in decl.value if t.type in ("string", "ident")]
            return " ".join(str(t.value) for t in names) or None
    return None


def _drop_unnamed_fonts(rules: list[css_ast.Node]) -> list[css_ast.Node]:
    """Remove ``@font-face`` rules whose family no other rule names (in a ``font-family``,
    ``font`` or a custom property such as Material's ``--md-text-font-family``)."""
    faces = [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "font-face"]
    rest = _serialize_rules(r for r in rules if not any(r is f for f in faces)).lower()
    keep = []
    for rule in rules:
        family = _family(rule) if any(rule is f for f in faces) else None
        if family is None or family.lower() in rest:
            keep.append(rule)
    return keep


def prune_css(css: str, used: UsedNames) -> str:
    """The stylesheet without rules that cannot match on this site (see the module doc)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _prune_rules(rules, used)
    kept = _drop_unread_properties(kept, used)
    return _serialize_rules(_drop_unnamed_fonts(kept))


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
