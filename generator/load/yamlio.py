"""YAML loading at libyaml speed that remembers where every key and value came from.

We compose the node graph with libyaml (``CSafeLoader``) and build plain Python data ourselves, so
each value keeps its line and column for error messages. Aliases are refused (they make
exponential "billion laughs" documents possible and are never needed in content), and so are
duplicate keys, which plain YAML loaders silently let the last one win.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic
from ..text.hidden import describe, find_hidden
from ..text.memo import remembered
from .textfile import read_text

try:  # libyaml speed when available (DESIGN.md: ~10x faster than pure Python)
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is a declared dependency
    _Loader = yaml.SafeLoader

MAX_STRING_CHARS = 5000
"""No single text field needs more than this; longer strings are almost surely a paste error."""

MAX_DEPTH = 50
"""Content nests a few levels (a list of mappings of lists); far deeper is a mistake or an attack:
libyaml crashes the process on ~100,000 nested brackets and building the data recurses."""

_BLOCK_LEVELS = re.compile(r"^[ \t]*(?:[-?][ \t]+)*", re.MULTILINE)

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

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
    """The source text of every plain (unquoted) value YAML read as something other than text
    (``0112`` → 74, ``No`` → false, ``.nan``), so a message can quote what the editor typed."""

    def pos(self, loc: Loc) -> tuple[int, int]:
        """Best position for ``loc``: itself, else its nearest ancestor that is known."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


_NO_ALIASES = ("YAML anchors and aliases (&name / *name) are not allowed in content files; "
               "write the value out in full.")


class _Builder:
    """Builds plain data from composed nodes, noting each value's position and every problem
    (all of them, not just the first) as a :class:`Diagnostic`."""

    def __init__(self, display: str, max_chars: int = MAX_STRING_CHARS) -> None:
        self.display = display
        self.max_chars = max_chars
        self.positions: Positions = {}
        self.errors: list[Diagnostic] = []
        self.visited: set[int] = set()
        self.raw: dict[Loc, str] = {}
        # One a document, gone with it: a constructor remembers every node it has read (PyYAML's
        # ``constructed_objects``, emptied only by a whole-document load), so one shared by every
        # file kept each file's node graph alive for the whole run, 0.18 MB a condition.
        self.scalars = yaml.constructor.SafeConstructor()

    def err(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            Diagnostic(path=self.display, line=mark.line + 1, col=mark.column + 1, message=message)
        )

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if loc not in self.positions:
            self.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # libyaml hands back the very same node object for every alias of an anchor.
        if id(node) in self.visited:
            self.err(node, _NO_ALIASES)
            return None
        self.visited.add(id(node))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.err(node, f'the YAML tag "{_tag(node.tag)}" is not allowed in content files; '
                     "remove it.")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.leaf(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        """A mapping whose keys are plain words, each once: YAML would let a repeated key's
        last value silently win, so the editor would not see the first one vanish."""
        out: dict[str, Any] = {}
        seen_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, seen_keys)
            if key is None:
                continue
            seen_keys[key] = key_node
            self.positions[loc + (key,)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, loc + (key,))
        return out

    def key(self, key_node: yaml.Node, seen_keys: dict[str, yaml.Node]) -> str | None:
        """The key as text (``1``, ``yes`` and ``null`` as typed), or ``None`` once the problem
        with it is noted: a merge key, a list or mapping as key, or a key seen before."""
        if key_node.tag == "tag:yaml.org,2002:merge":
            self.err(key_node, 'the YAML merge key "<<" is not allowed; write the keys out.')
            return None
        if not isinstance(key_node, yaml.ScalarNode):
            self.err(key_node, "a key must be a plain word, not a list or a mapping.")
            return None
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
            return None
        return key

    def leaf(self, node: yaml.Node, loc: Loc) -> Any:
        """A scalar value; a plain one read as other than text keeps what was typed (for
        messages), and text is checked for hidden characters and its length."""
        value = self.scalar(node)
        if not isinstance(value, str) and not getattr(node, "style", None):  # plain scalar
            self.raw[loc] = node.value
        if isinstance(value, str):
            # the file's text had none (read_text): these come from escapes in quotes ("\u202e")
            for hidden in find_hidden(value)[:1]:
                self.err(node, "this text " + describe(hidden.char, escaped=True))
        if isinstance(value, str) and len(value) > self.max_chars:
            self.err(
                node,
                f"this text is {len(value)} characters long; the limit is {self.max_chars}. "
                "Shorten it or split it into list items.",
            )
            return value[:self.max_chars]
        return value

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag in _SCALAR_TAGS:
            try:
                value = self.scalars.construct_object(node, deep=True)
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


def _first_anchor(text: str) -> tuple[int, int] | None:
    """Position of the first anchor or alias, found before anything is expanded."""
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            return token.start_mark.line + 1, token.start_mark.column + 1
    return None


def load_yaml(path: Path, display: str, *, max_chars: int = MAX_STRING_CHARS
              ) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse one YAML file; return the data with positions, or diagnostics. ``max_chars``:
    the longest text a value may hold (a translation of a whole page needs a page's length)."""
    text, errs = read_text(path, display)
    if text is None:
        return None, errs
    return parse_yaml(text, display, max_chars)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where ``text`` first nests deeper than :data:`MAX_DEPTH`, or ``None``.

    A cheap bound comes first (every level needs an opening bracket, one more column of
    indentation or one more "- " in front of a line), so an ordinary file is never parsed twice;
    only a file that could be too deep is walked event by event (libyaml's parser keeps its
    own stack, so this walk is safe where composing the whole document is not).
    """
    flow = text.count("[") + text.count("{")
    block = max((len(m.group(0)) for m in _BLOCK_LEVELS.finditer(text)), default=0)
    if flow + block + 1 <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                mark = event.start_mark
                if depth > MAX_DEPTH:
                    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: reported by the real parse, with its own message
    return None


@remembered
def parse_yaml(text: str, display: str, max_chars: int = MAX_STRING_CHARS
               ) -> tuple[Loaded | None, list[Diagnostic]]:
    """Parse YAML text (a file, or a page's front matter) into positioned plain data.

    Remembered during a preview session (:mod:`generator.text.memo`): an unchanged file gives
    the very same :class:`Loaded`, so its model is not validated again either."""
    refused = _refused_unparsed(text, display)
    if refused is not None:
        return None, [refused]
    try:
        alias = _first_anchor(text) if "&" in text or "*" in text else None
        if alias is not None:
            return None, [_at(display, alias, _NO_ALIASES)]
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
    builder = _Builder(display, max_chars)
    data = builder.build(nodes[0], ())
    if builder.errors:
        return None, builder.errors
    return Loaded(data=data, positions=builder.positions, raw=builder.raw), []


def _refused_unparsed(text: str, display: str) -> Diagnostic | None:
    """The problem that stops ``text`` before it is parsed at all: nothing but comments, or
    nesting so deep that composing it could crash libyaml."""
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return Diagnostic(
            path=display,
            message="this file is empty; fill it in (see CONTENT-FORMAT.md) or delete it.",
        )
    deep = _too_deep(text)
    if deep is None:
        return None
    return _at(display, deep, f"the values here are nested more than {MAX_DEPTH} levels deep "
               "(lists or mappings inside each other); content needs only a few levels. Check "
               "the brackets and the indentation.")


def _at(display: str, where: tuple[int, int], message: str) -> Diagnostic:
    """A diagnostic at a (line, column) pair."""
    return Diagnostic(path=display, line=where[0], col=where[1], message=message)
