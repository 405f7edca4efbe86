"""``conditions/<slug>.yml``: one condition, every section a page and a handout show."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag

from .fields import (
    MAX_LIST_ITEMS,
    Plain,
    PlainList,
    Prose,
    ProseItem,
    ProseList,
    Slug,
    SlugList,
    Strict,
)


class WhereFelt(Strict):
    main: Annotated[list[Slug], Field(min_length=1, max_length=MAX_LIST_ITEMS)] = Field(
        description="Region ids where pain is usually felt."
    )
    sometimes: SlugList = Field(
        default_factory=list, description="Region ids where pain may spread."
    )
    sides: Literal["one", "both"] = Field(
        "one", description="one: usually one side (the map shades one); both: usually both."
    )


class Cited(Strict):
    text: ProseItem = Field(description="What a professional may offer, in plain words.")
    sources: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Source ids from sources.yml that support it (for example nice-ng59)."
    )


TreatmentItem = Annotated[ProseItem | Cited, Field(union_mode="left_to_right")]
GetHelp = Annotated[dict[Slug, ProseList], Field(min_length=1)]
"""Care tier id → reasons to get help at that level (see care-tiers.yml)."""


class ScaleEntry(Strict):
    value: Slug = Field(description="A scale id from features.yml.")
    note: Plain | None = Field(None, description="A few words that qualify the value.")


class TextEntry(Strict):
    text: Plain = Field(description="A short phrase for a text feature.")


def _compare_tag(value: object) -> str | None:
    if isinstance(value, ScaleEntry | TextEntry):
        return "text" if isinstance(value, TextEntry) else "scale"
    if isinstance(value, dict):
        return "text" if "text" in value else "scale"
    return None


def _compare_shorthand(value: object) -> object:
    return {"value": value} if isinstance(value, str) else value


CompareValue = Annotated[
    Annotated[ScaleEntry, Tag("scale")] | Annotated[TextEntry, Tag("text")],
    Discriminator(
        _compare_tag,
        custom_error_type="compare_value",
        custom_error_message="must be a scale id (for example common), "
        "{value: …, note: …} or {text: …}",
    ),
    BeforeValidator(_compare_shorthand),
]


class Review(Strict):
    """The editorial review. A clinician's sign-off is not here: it lives in signoff.yml, bound
    to the words it covers (see model/signoff.py)."""

    reviewed_by: Plain = Field(description="A real person or a named team, never invented.")
    last_reviewed: dt.date
    next_review: dt.date


class Condition(Strict):
    name: Plain = Field(description="The condition's everyday name.")
    also_called: PlainList = Field(default_factory=list, description="Other names.")
    group: Slug = Field(description="A group id from site.yml.")
    summary: Prose = Field(description="2–3 sentences: what it is, the hip link, what to do.")
    how_it_causes_pain: Prose = Field(description="How it leads to the pain this guide is about.")
    nerves: PlainList = Field(default_factory=list, description="Nerves involved, if any.")
    where_felt: WhereFelt
    feels_like: ProseList = Field(description="What the pain is like.")
    worse_with: ProseList = Field(description="What makes it worse.")
    better_with: ProseList = Field(description="What makes it better.")
    diagnosis: ProseList = Field(description="How it is diagnosed.")
    self_care: ProseList = Field(description="What readers can do themselves.")
    treatment: Annotated[
        list[TreatmentItem], Field(min_length=1, max_length=MAX_LIST_ITEMS)
    ] = Field(
        description="What a professional may offer: each item is text, or {text, sources}."
    )
    avoid: Annotated[list[ProseItem], Field(max_length=MAX_LIST_ITEMS)] = Field(
        default_factory=list, description="Things to avoid, only where sources support them."
    )
    get_help: GetHelp = Field(
        description="Care tier id (from care-tiers.yml) → reasons to get help at that level."
    )
    compare: dict[Slug, CompareValue] = Field(
        default_factory=dict, description="One entry per feature id from features.yml."
    )
    related: SlugList = Field(default_factory=list, description="Related condition slugs.")
    sources: Annotated[list[Slug], Field(min_length=1, max_length=MAX_LIST_ITEMS)] = Field(
        description="Source ids.")
    review: Review
