"""YAML loading at libyaml speed that remembers where every key and value came from.

We compose the node graph with libyaml (``CSafeLoader``) and build plain Python data ourselves, so
each value keeps its line and column for error messages. Aliases are refused (they make
exponential "billion laughs" documents possible and are never needed in content), and so are
duplicate keys, which plain YAML loaders silently let the last one win.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic
from .files import MAX_FILE_BYTES, read_text

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_ITEMS", "Loaded", "Loc", "load_yaml", "parse_yaml",
           "read_text"]

try:  # libyaml speed when available (DESIGN.md: ~10x faster than pure Python)
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is a declared dependency
    _Loader = yaml.SafeLoader

MAX_STRING_CHARS = 5000
"""No single text field needs more than this; longer strings are almost surely a paste error."""

MAX_DEPTH = 32
"""Content is a few levels deep; deeper nesting is a mistake (or an attack on the parser)."""

MAX_ITEMS = 500
"""No list or mapping in content needs more entries (a 20,000-item list makes a 400-page
handout); more is reported instead of built."""

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

_SCALAR = yaml.constructor.SafeConstructor()
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_SCALAR_TAGS = tuple(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
)


@dataclass(frozen=True)
class Loaded:
    """A parsed document with the position of every key (``("a", 0, "b")`` → (line, col))."""

    data: Any
    positions: Positions
    raw: dict[Loc, str] = field(default_factory=dict)
    """How a value that YAML turned into a number, date or true/false was written (``0112``
    becomes 74): so a message can quote what the editor typed."""

    def pos(self, loc: Loc) -> tuple[int, int]:
        """Best position for ``loc``: itself, else its nearest ancestor that is known."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


class _TooDeep(Exception):
    """Stops building a document that is nested too deeply (reported once, at its start)."""


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: Positions = {}
        self.raw: dict[Loc, str] = {}
        self.errors: list[Diagnostic] = []
        self.visited: set[int] = set()

    def err(self, node: yaml.Node, message: str) -> None:
        m = node.start_mark
        self.errors.append(
            Diagnostic(path=self.display, line=m.line + 1, col=m.column + 1, message=message)
        )

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            self.err(node, f"this is nested more than {MAX_DEPTH} levels deep; content files "
                     "are only a few levels deep. Check the brackets and the indentation.")
            raise _TooDeep
        if isinstance(node, yaml.CollectionNode) and len(node.value) > MAX_ITEMS:
            self.err(node, f"this has {len(node.value):,} entries; at most {MAX_ITEMS} are "
                     "allowed. Shorten it: pages and handouts this long help no reader.")
            return [] if isinstance(node, yaml.SequenceNode) else {}
        if loc not in self.positions:
            self.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # libyaml hands back the very same node object for every alias of an anchor.
        if id(node) in self.visited:
            self.err(
                node,
                "YAML anchors and aliases (&name / *name) are not allowed in content files; "
                "write the value out in full.",
            )
            return None
        self.visited.add(id(node))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.err(node, f'the YAML tag "{_tag(node.tag)}" is not allowed in content files; '
                     "remove it.")
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            seen_keys: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.err(key_node, 'the YAML merge key "<<" is not allowed; write the keys out.')
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.err(key_node, "a key must be a plain word, not a list or a mapping.")
                    continue
                key = self.scalar(key_node)
                if isinstance(key, bool | int | float) or key is None:
                    key = key_node.value
                key = str(key)
                if key in seen_keys:
                    first = seen_keys[key].start_mark.line + 1
                    self.err(
                        key_node,
                        f'the key "{key}" appears twice in the same mapping (first on line '
                        f"{first}); keep one of them.",
                    )
                    continue
                seen_keys[key] = key_node
                self.positions[loc + (key,)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        value = self.scalar(node)
        if not isinstance(value, str) and isinstance(node, yaml.ScalarNode):
            self.raw[loc] = node.value
        if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
            self.err(
                node,
                f"this text is {len(value)} characters long; the limit is {MAX_STRING_CHARS}. "
                "Shorten it or split it into list items.",
            )
            return value[:MAX_STRING_CHARS]
        return value

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag in _SCALAR_TAGS:
            try:
                value = _SCALAR.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError) as exc:
                kind = node.tag.rsplit(":", 1)[-1]
                if kind == "timestamp":
                    self.err(
                        node,
                        f'"{node.value}" is not a real date; write dates as YYYY-MM-DD, '
                        "for example 2026-11-20.",
                    )
                else:
                    self.err(node, f'"{node.value}" could not be read as {kind}: {exc}')
                return node.value
            if isinstance(value, dt.datetime):
                return value.date()
            return value
        self.err(node, f'the YAML tag "{_tag(node.tag)}" is not allowed in content files; remove it.')
        return node.value if isinstance(node, yaml.ScalarNode) else None


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "'\\t'" in problem or ("\t" in here[: max(col, 1)] and "tab" not in problem):
        tab = here.find("\t")
        return line, (tab + 1 if tab >= 0 else col), (
            "a tab character is used here; YAML needs spaces for indentation. "
            "Replace the tab with spaces."
        )
    if "mapping values are not allowed" in problem:
        return line, col, (
            "a colon followed by a space is not allowed here; put the whole text in quotes "
            '("like: this") or fix the indentation of this line.'
        )
    if "could not find expected ':'" in problem:
        return line, col, (
            "expected \"key: value\" here; check for a missing colon or a missing quote."
        )
    if "found character" in problem and "cannot start any token" in problem:
        return line, col, f"YAML syntax error: {problem}. Put the text in quotes."
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return line, col, (
            "YAML could not read this line; check that every quote opened above is closed, "
            "and that keys of the same mapping line up at the same column."
        )
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return line, col, f"YAML syntax error: {problem}."
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return line, col, "an inline list or mapping is not closed; check the brackets."
    if "while scanning a quoted scalar" in (exc.context or ""):
        return line, col, "a quoted text is not closed; add the closing quote."
    return line, col, f"YAML syntax error: {problem or exc}."


def _nesting(text: str) -> tuple[int, int] | None:
    """Where flow brackets first nest deeper than :data:`MAX_DEPTH`, found by scanning tokens
    before anything is composed (libyaml itself recurses once per level)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
            depth += 1
            if depth > MAX_DEPTH:
                return token.start_mark.line + 1, token.start_mark.column + 1
        elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
            depth -= 1
    return None


def _first_anchor(text: str) -> tuple[int, int] | None:
    """Position of the first anchor or alias, found before anything is expanded."""
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            return token.start_mark.line + 1, token.start_mark.column + 1
    return None


def load_yaml(
    path: Path, display: str, *, root: Path | None = None
) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse one YAML file (a regular file inside ``root``); return the data with positions, or
    diagnostics."""
    text, errs = read_text(path, display, root=root)
    if text is None:
        return None, errs
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse YAML text (a file, or a page's front matter) into positioned plain data."""
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [
            Diagnostic(
                path=display,
                message="this file is empty; fill it in (see CONTENT-FORMAT.md) or delete it.",
            )
        ]
    try:
        if "&" in text or "*" in text:
            alias = _first_anchor(text)
            if alias is not None:
                return None, [
                    Diagnostic(
                        path=display,
                        line=alias[0],
                        col=alias[1],
                        message="YAML anchors and aliases (&name / *name) are not allowed in "
                        "content files; write the value out in full.",
                    )
                ]
        depth = _nesting(text)
        if depth is not None:
            return None, [Diagnostic(path=display, line=depth[0], col=depth[1], message=(
                f"this is nested more than {MAX_DEPTH} levels deep; content files are only a "
                "few levels deep. Check the brackets and the indentation."))]
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax_message(exc, text)
        return None, [Diagnostic(path=display, line=line, col=col, message=message)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks its errors
        return None, [Diagnostic(path=display, message=f"YAML syntax error: {exc}")]
    nodes = [n for n in nodes if n is not None]
    if len(nodes) != 1:
        return None, [
            Diagnostic(
                path=display,
                message="this file holds several YAML documents (separated by ---); "
                "keep exactly one.",
            )
        ]
    builder = _Builder(display)
    try:
        data = builder.build(nodes[0], ())
    except _TooDeep:
        return None, builder.errors
    if builder.errors:
        return None, builder.errors
    return Loaded(data=data, positions=builder.positions, raw=builder.raw), []
