"""Reader-facing words for the flowchart, read from the strings file's ``flowchart:`` section.

Every emitter takes the whole strings mapping (``generator/strings/<language>.yml``) so a
translation is one new file; this module is the only place that knows the section's name, and it
fails with a message naming the missing key instead of a bare ``KeyError`` deep in an emitter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ACTIONS = ("emergency", "urgent", "routine", "self-care")
"""Outcome actions from most to least urgent (the order of ``model.Outcome.action``)."""


def section(strings: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``flowchart:`` section of a strings file.

    Accepts the whole strings mapping or the section itself (recognised by its ``actions`` key),
    so callers holding either can pass what they have.
    """
    sec = strings.get("flowchart")
    if isinstance(sec, Mapping):
        return sec
    if "actions" in strings:
        return strings
    raise KeyError("the strings file has no flowchart: section")


def word(strings: Mapping[str, Any], key: str, **values: object) -> str:
    """One string from the flowchart section, with ``{placeholders}`` filled in."""
    try:
        text = section(strings)[key]
    except KeyError:
        raise KeyError(f"the strings file has no flowchart.{key}") from None
    return str(text).format(**values) if values else str(text)


def action_labels(strings: Mapping[str, Any]) -> dict[str, str]:
    """Action id → the word shown with it (colour is never the only cue)."""
    actions = section(strings).get("actions", {})
    missing = [a for a in ACTIONS if a not in actions]
    if missing:
        raise KeyError(f"the strings file has no flowchart.actions.{missing[0]}")
    return {a: str(actions[a]) for a in ACTIONS}
