"""The content model: pydantic v2, unknown keys rejected, frozen, resolved values only.

Field descriptions double as the documentation shown in editors (they go into the exported JSON
Schema) and in the ``hipback new condition`` scaffold. One module per content file kind; this
package re-exports them and lists every kind.
"""

from __future__ import annotations

from .condition import (
    CompareValue,
    Condition,
    GetHelp,
    Review,
    ScaleEntry,
    TextEntry,
    WhereFelt,
)
from .fields import SLUG_PATTERN, SLUG_RE, Plain, Prose, ProseList, Slug, Strict
from .flowchart import Answer, Flowchart, Outcome, Question
from .site import Group, Quality, ReviewPolicy, Site
from .vocab import (
    Feature,
    Features,
    Glossary,
    RedFlag,
    RedFlags,
    Region,
    Regions,
    ScaleValue,
    Source,
    Sources,
    Term,
)

__all__ = [
    "FILE_KINDS", "SLUG_PATTERN", "SLUG_RE", "VOCABULARY_FILES", "Answer", "CompareValue",
    "Condition", "Feature", "Features", "Flowchart", "GetHelp", "Glossary", "Group", "Outcome",
    "Plain", "Prose", "ProseList", "Quality", "Question", "RedFlag", "RedFlags", "Region",
    "Regions", "Review", "ReviewPolicy", "ScaleEntry", "ScaleValue", "Site", "Slug", "Source",
    "Sources", "Strict", "Term", "TextEntry", "WhereFelt",
]

FILE_KINDS: dict[str, type[Strict]] = {
    "site": Site,
    "regions": Regions,
    "features": Features,
    "glossary": Glossary,
    "sources": Sources,
    "red-flags": RedFlags,
    "flowchart": Flowchart,
    "condition": Condition,
}
"""Every content file kind and its model; the JSON Schemas are exported from these."""


VOCABULARY_FILES: dict[str, type[Strict]] = {
    "site.yml": Site,
    "regions.yml": Regions,
    "features.yml": Features,
    "glossary.yml": Glossary,
    "sources.yml": Sources,
    "red-flags.yml": RedFlags,
    "flowchart.yml": Flowchart,
}
"""Top-level files every content folder has, and their models."""
