"""The shared vocabularies: regions, comparison features, glossary, sources, red flags."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .fields import MAX_LIST_ITEMS, SOURCE_URL_PATTERN, Plain, Prose, ProseItem, Slug, Strict


class Region(Strict):
    id: Slug = Field(description="Region id; bodymap.svg has a shape with id region-<this id>.")
    label: Plain = Field(description="Name of the body area, for readers.")
    view: Literal["front", "back", "both"] = Field(description="Which body view shows it.")
    hint: Plain | None = Field(None, description="Where exactly this is, in plain words.")


class Regions(Strict):
    regions: Annotated[list[Region], Field(min_length=1)]


class ScaleValue(Strict):
    id: Slug = Field(description="Value id used by conditions, for example common.")
    label: Plain = Field(description="The word shown in the table.")
    symbol: Annotated[str, StringConstraints(min_length=1, max_length=3)] = Field(
        description="A symbol shown beside the word (never colour alone)."
    )


class Feature(Strict):
    id: Slug
    label: Plain = Field(description="Row label in the comparison table.")
    group: Plain = Field(description="Heading the row sits under.")
    kind: Literal["scale", "text", "regions"] = Field(
        description="scale: a value from the scale; text: a short phrase; "
        "regions: filled in from where_felt."
    )
    help: Prose | None = Field(None, description="What this feature means, in plain words.")
    default: Slug | None = Field(
        None, description="Scale value used when a condition does not state this feature."
    )


MAX_FEATURES = 60
"""Most comparison features (the bundled content has 16): each is a row of the comparison table
on /compare/ and in the overview handout."""


class Features(Strict):
    scale: Annotated[list[ScaleValue], Field(min_length=2, max_length=10)]
    features: Annotated[list[Feature], Field(min_length=1, max_length=MAX_FEATURES)]


class Term(Strict):
    id: Slug
    term: Plain = Field(description="The word as it appears in the text.")
    also: list[Plain] = Field(default_factory=list, description="Other forms of the word.")
    definition: Plain = Field(description="A plain one-sentence definition (shown as tooltip).")


class Glossary(Strict):
    terms: list[Term]


class Source(Strict):
    id: Slug
    title: Plain
    publisher: Plain
    url: Annotated[str, StringConstraints(pattern=SOURCE_URL_PATTERN, max_length=500)] = (
        Field(description="The full web address, starting with https://, or a page of this "
              "site by its file from the site root, for example about.md#source-article.")
    )
    accessed: dt.date = Field(description="When the page was read, YYYY-MM-DD.")


class Sources(Strict):
    sources: Annotated[list[Source], Field(min_length=1)]


MAX_SIGN_LISTS = 10
"""Most sign lists (the bundled content has 4): each is a care card, on the flowchart and often on
every condition page and handout."""


class Sign(Strict):
    id: Slug
    text: ProseItem = Field(description="One sign, in the reader's words (it follows the intro).")


class SignList(Strict):
    id: Slug = Field(description="Used by flowchart questions (asks_about) and rules (tags).")
    tier: Slug = Field(description="A care tier id from care-tiers.yml.")
    heading: Plain = Field(description="Heading of the care card, for example Get help now.")
    intro: Plain = Field(
        description="The line above the signs; may use {emergency_number} and {urgent_number}."
    )
    question: Plain = Field(description="How the flowchart asks about this list.")
    on_every_page: bool = Field(
        True, description="Shown on every condition page and handout (false: flowchart only)."
    )
    signs: Annotated[list[Sign], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    sources: list[Slug] = Field(
        default_factory=list, description="Source ids from sources.yml this list follows."
    )


class RedFlags(Strict):
    lists: Annotated[list[SignList], Field(min_length=1, max_length=MAX_SIGN_LISTS)] = Field(
        description="The sign lists, most urgent first; the first is the 'get help now' box."
    )
