"""Reader-facing words for the flowchart, read from the strings file's ``flowchart:`` section.

Every emitter takes the whole strings mapping (``generator/strings/<language>.yml`` merged with the
content's ``strings.yml``) so a translation is one new file; this module is the only place that
knows the section's name, and it fails with a message naming the missing key instead of a bare
``KeyError`` deep in an emitter. Outcome labels and colours are not words of the engine: they come
from the content's care tiers (see :mod:`.chart`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def section(strings: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``flowchart:`` section of a strings file.

    Accepts the whole strings mapping or the section itself (recognised by its ``confirm`` key),
    so callers holding either can pass what they have.
    """
    sec = strings.get("flowchart")
    if isinstance(sec, Mapping):
        return sec
    if "confirm" in strings:
        return strings
    raise KeyError("the strings file has no flowchart: section")


def word(strings: Mapping[str, Any], key: str, **values: object) -> str:
    """One string from the flowchart section, with ``{placeholders}`` filled in."""
    try:
        text = section(strings)[key]
    except KeyError:
        raise KeyError(f"the strings file has no flowchart.{key}") from None
    return str(text).format(**values) if values else str(text)
