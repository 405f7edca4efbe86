"""``strings.yml``: the content's own words for anything the engine prints.

The engine's defaults (``generator/strings/<language>.yml``) say nothing about any body area; a
content folder gives its domain words here, with the same keys. Every key must exist in the
defaults (a typo must not pass silently), keep the same shape (text stays text, a list stays a
list) and use only the ``{placeholders}`` the default offers, so a wrong override is an error at
its line instead of a crash in the middle of a build.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from ..diagnostics import Diagnostic, suggest
from ..load.yamlio import Loaded, Loc

_FORMATTER = string.Formatter()


def _placeholders(text: str) -> set[str] | None:
    """The ``{names}`` in ``text``, or ``None`` when its braces do not parse."""
    try:
        return {name for _lit, name, _spec, _conv in _FORMATTER.parse(text) if name is not None}
    except ValueError:
        return None


def check_overrides(
    loaded: Loaded, display: str, defaults: Mapping[str, Any]
) -> list[Diagnostic]:
    """Every problem with the overrides in ``loaded`` (empty when they can be merged)."""
    out: list[Diagnostic] = []

    def add(loc: Loc, message: str) -> None:
        line, col = loaded.pos(loc)
        out.append(Diagnostic(path=display, line=line, col=col, message=message))

    def walk(over: Any, base: Any, loc: Loc) -> None:
        if isinstance(base, Mapping):
            if not isinstance(over, Mapping):
                add(loc, f'"{".".join(map(str, loc))}" holds a group of words; write its keys '
                    "below it, not a value.")
                return
            for key, value in over.items():
                if key not in base:
                    where = ".".join(map(str, loc)) or "the top level"
                    add((*loc, key), f'unknown key "{key}" in {where}; it is not a word the '
                        f"engine prints.{suggest(str(key), base)}")
                    continue
                walk(value, base[key], (*loc, key))
        elif isinstance(base, list):
            if not isinstance(over, list) or not all(isinstance(v, str) for v in over):
                add(loc, f'"{".".join(map(str, loc))}" must be a list of texts.')
        else:
            if not isinstance(over, str) or not over.strip():
                add(loc, f'"{".".join(map(str, loc))}" must be text (put it in quotes if it '
                    "starts with a special character).")
                return
            allowed = _placeholders(str(base)) or set()
            used = _placeholders(over)
            if used is None:
                add(loc, "a { or } is not closed; write {{ and }} for a brace itself.")
            elif used - allowed:
                offered = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
                bad = ", ".join("{" + u + "}" for u in sorted(used - allowed))
                add(loc, f"{bad} cannot be filled in here; the placeholders this text can use "
                    f"are: {offered}.")

    walk(loaded.data, defaults, ())
    return out


def merge(defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The defaults with every override applied (nested groups merge key by key)."""
    out = dict(defaults)
    for key, value in overrides.items():
        base = out.get(key)
        out[key] = merge(base, value) if isinstance(base, Mapping) and isinstance(
            value, Mapping) else value
    return out
