"""``care-tiers.yml``: how urgent something is, defined once, used everywhere.

Every flowchart outcome, sign list and get-help list names a tier; the words (label, title,
action) and the colour shown come from here, so no two pages can disagree about what "today"
means. The order of the file is the order of urgency, most urgent first.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .fields import Plain, Prose, Slug, Strict

Colour = Literal["red", "orange", "yellow", "blue", "green", "grey"]
"""The care-card colours the site and handouts know (each checked for contrast in both palettes
and for print); content picks a name, never a hex value."""


class Tier(Strict):
    id: Slug = Field(description="Used by outcomes, sign lists and get_help (tier: today).")
    label: Plain = Field(description="A short badge word, for example Urgent (never colour alone).")
    title: Plain = Field(description="Heading of a care card of this tier, for example Get help now.")
    action: Prose = Field(
        description="What to do, one sentence; may use {emergency_number} and {urgent_number}."
    )
    colour: Colour = Field(description="Care-card colour: red, orange, yellow, blue, green or grey.")
    words: list[Plain] = Field(
        default_factory=list,
        description="Phrases that mean this tier (for example today, 111). Text listed under a "
        "less urgent tier may not use them.",
    )


class CareTiers(Strict):
    tiers: Annotated[list[Tier], Field(min_length=2)] = Field(
        description="The care tiers, most urgent first."
    )
