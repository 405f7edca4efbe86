"""Indented JSON, as :func:`json.dumps` writes it, written faster.

The generated files a person may read (``api/conditions.json``, ``_meta/site.json``) are
``json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)``. With ``indent`` the standard
library has no C encoder: its Python encoder passes every piece of text up through one generator
per level of nesting, a third of a second for the 16 MB condition export at 1,000 conditions.
:func:`indented_json` writes the same text in one recursive pass that appends to a list, with
strings encoded by the same C function ``json`` uses; a list of strings (most of the export's
lists) is joined in one go, and the pieces are joined a batch at a time as they come (holding
them all until the end would hold millions of small strings, a peak several times the text). The answer is the standard library's, byte for byte, for every
document of plain JSON values (``str``, ``int``, finite ``float``, ``bool``, ``None``, ``list``,
``tuple``, ``dict`` with ``str`` keys); any other document is handed to ``json.dumps`` itself.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring

__all__ = ["indented_json"]


class _NotPlain(Exception):
    """A value :func:`_write` leaves to the standard library (a subclass, a non-finite float,
    a key that is not a string)."""


def indented_json(doc: object, indent: int = 2) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=True)``, the same text."""
    out = _Pieces()
    try:
        _write(doc, "\n", " " * indent, out)
    except (_NotPlain, RecursionError):
        return json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=True)
    return "".join([*out.done, *out])


_BATCH = 8192


class _Pieces(list[str]):
    """The text's pieces not yet joined, and ``done``: the batches joined so far."""

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []

    def settle(self) -> None:
        """Join the pieces so far into one batch (once there are many of them)."""
        self.done.append("".join(self))
        self.clear()


_LITERALS = {True: "true", False: "false", None: "null"}


def _scalar(value: object) -> str:
    """A value that is not a container, as ``json`` writes it."""
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is bool or value is None:
        return _LITERALS[value]
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    raise _NotPlain


def _write(value: object, newline: str, step: str, out: _Pieces) -> None:
    """Append ``value``'s text to ``out``; ``newline``: a line break and the current indent."""
    kind = type(value)
    if kind is dict:
        _write_dict(value, newline, step, out)  # type: ignore[arg-type]
    elif kind is list or kind is tuple:
        _write_list(value, newline, step, out)  # type: ignore[arg-type]
    else:
        out.append(_scalar(value))


def _write_list(items: list[object] | tuple[object, ...], newline: str, step: str,
                out: _Pieces) -> None:
    if not items:
        out.append("[]")
        return
    inner = newline + step
    if all(type(item) is str for item in items):
        strings: list[str] | tuple[str, ...] = items  # type: ignore[assignment]
        out += ["[", inner, ("," + inner).join(map(encode_basestring, strings)), newline, "]"]
        return
    out.append("[")
    separator = inner
    for item in items:
        out.append(separator)
        separator = "," + inner
        _write(item, inner, step, out)
        if len(out) > _BATCH:
            out.settle()
    out += [newline, "]"]


def _write_dict(value: dict[object, object], newline: str, step: str, out: _Pieces) -> None:
    if not value:
        out.append("{}")
        return
    if any(type(key) is not str for key in value):
        raise _NotPlain
    keys: list[str] = sorted(value)  # type: ignore[arg-type]
    inner = newline + step
    out.append("{")
    separator = inner
    for key in keys:
        item = value[key]
        if type(item) is str:  # most values: written here, without a call
            out += [separator, encode_basestring(key), ": ", encode_basestring(item)]
        else:
            out += [separator, encode_basestring(key), ": "]
            _write(item, inner, step, out)
        separator = "," + inner
    out += [newline, "}"]
