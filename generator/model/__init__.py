"""The content model: pydantic v2, unknown keys rejected, frozen, resolved values only.

Field descriptions double as the documentation shown in editors (they go into the exported JSON
Schema) and in the ``hipback new condition`` scaffold. One module per content file kind; this
package re-exports them and lists every kind.
"""

from __future__ import annotations

from .condition import (
    Cited,
    CompareValue,
    Condition,
    GetHelp,
    Review,
    ScaleEntry,
    TextEntry,
    TreatmentItem,
    WhereFelt,
)
from .fields import SLUG_PATTERN, SLUG_RE, Plain, Prose, ProseList, Slug, Strict
from .flowchart import Answer, Flowchart, Outcome, Question
from .scenarios import AnswerRef, Expect, Rule, Scenario, Scenarios
from .signoff import Clinician, SignOff, Translator, TranslatorSignOff
from .site import Group, Quality, ReviewPolicy, Site
from .tiers import CareTiers, Colour, Tier
from .vocab import (
    Feature,
    Features,
    Glossary,
    RedFlags,
    Region,
    Regions,
    ScaleValue,
    Sign,
    SignList,
    Source,
    Sources,
    Term,
)

__all__ = [
    "FILE_KINDS", "SLUG_PATTERN", "SLUG_RE", "VOCABULARY_FILES", "Answer", "AnswerRef",
    "CareTiers", "Cited", "Clinician", "Colour", "CompareValue", "Condition", "Expect",
    "Feature", "Features", "Flowchart", "GetHelp", "Glossary", "Group", "Outcome", "Plain",
    "Prose", "ProseList", "Quality", "Question", "RedFlags", "Region", "Regions", "Review",
    "ReviewPolicy", "Rule", "ScaleEntry", "ScaleValue", "Scenario", "Scenarios", "Sign",
    "SignList", "SignOff", "Site", "Slug", "Source", "Sources", "Strict", "Term", "TextEntry", "Tier",
    "Translator", "TranslatorSignOff", "TreatmentItem", "WhereFelt",
]

FILE_KINDS: dict[str, type[Strict]] = {
    "site": Site,
    "regions": Regions,
    "features": Features,
    "glossary": Glossary,
    "sources": Sources,
    "care-tiers": CareTiers,
    "red-flags": RedFlags,
    "flowchart": Flowchart,
    "scenarios": Scenarios,
    "condition": Condition,
    "signoff": SignOff,
    "translator-signoff": TranslatorSignOff,
}
"""Every content file kind and its model; the JSON Schemas are exported from these."""


VOCABULARY_FILES: dict[str, type[Strict]] = {
    "site.yml": Site,
    "regions.yml": Regions,
    "features.yml": Features,
    "glossary.yml": Glossary,
    "sources.yml": Sources,
    "care-tiers.yml": CareTiers,
    "red-flags.yml": RedFlags,
    "flowchart.yml": Flowchart,
    "scenarios.yml": Scenarios,
}
"""Top-level files every content folder has, and their models."""
