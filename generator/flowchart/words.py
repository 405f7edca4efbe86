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
    """The ``flowchart:`` section of a strings file."""
    try:
        sec = strings["flowchart"]
    except KeyError:
        raise KeyError("the strings file has no flowchart: section") from None
    if not isinstance(sec, Mapping):
        raise TypeError("the flowchart: section of the strings file must be a mapping")
    return sec


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
