"""The content model: pydantic v2, unknown keys rejected, frozen, resolved values only.

Field descriptions double as the documentation shown in editors (they go into the exported JSON
Schema) and in the ``hipback new condition`` scaffold.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)

from .textrules import plain_problems, prose_problems

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _plain(value: str) -> str:
    problems = plain_problems(value)
    if problems:
        raise ValueError(problems[0])
    if not value.strip():
        raise ValueError("is empty; write some text or remove the key.")
    return value.strip()


def _prose(value: str) -> str:
    value = _plain(value)
    problems = prose_problems(value)
    if problems:
        raise ValueError(problems[0])
    return value


Plain = Annotated[str, StringConstraints(max_length=300), AfterValidator(_plain)]
Prose = Annotated[str, AfterValidator(_prose)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
ProseList = Annotated[list[Prose], Field(min_length=1)]


class Strict(BaseModel):
    """Base for every content object: unknown keys are errors, objects never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# ---------------------------------------------------------------- site.yml


class Group(Strict):
    id: Slug = Field(description="Short id used by conditions (group: back).")
    title: Plain = Field(description="Heading for this group in the navigation and tables.")
    short: Plain = Field(description="One-word label, for narrow table headers.")


class ReviewPolicy(Strict):
    interval_months: int = Field(
        12, ge=1, le=60, description="Longest allowed time between reviews, in months."
    )
    warn_days: int = Field(
        60, ge=0, le=365, description="Warn when the next review is this many days away."
    )


class Quality(Strict):
    reading_grade_max: float = Field(
        8, ge=1, le=20, description="Highest Flesch–Kincaid grade allowed for prose."
    )
    warnings_as_errors: bool = Field(False, description="Treat quality warnings as errors.")
    uncovered_conditions: Literal["error", "warning"] = Field(
        "error", description="What to do when no flowchart outcome names a condition."
    )
    watch_terms: list[Plain] = Field(
        default_factory=list, description="Medical words that must be defined in the glossary."
    )


class Site(Strict):
    title: Plain = Field(description="The site's name.")
    tagline: Plain = Field(description="A short line under the title on the home page.")
    description: Plain = Field(description="One sentence for search engines and link previews.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = (
        Field(description="Language tag, for example en or en-GB.")
    )
    public_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/$.?#][^\s<>\"']*/$")] = (
        Field(description="Where the site is published, ending in /. Used in handouts and QR codes.")
    )
    publisher: Plain = Field(description="Who publishes the site (a team or organisation).")
    emergency_number: Annotated[str, StringConstraints(pattern=r"^[0-9 +]{2,20}$")] = Field(
        description='Emergency phone number, in quotes, for example "999".'
    )
    emergency_label: Plain = Field(description="What to do in an emergency, in a few words.")
    urgent_number: Annotated[str, StringConstraints(pattern=r"^[0-9 +]{2,20}$")] = Field(
        description='Urgent-care phone number, in quotes, for example "111".'
    )
    urgent_label: Plain = Field(description="How to get urgent help, in a few words.")
    paper_size: Literal["A4", "Letter"] = Field("A4", description="Paper size for handouts.")
    review_policy: ReviewPolicy = Field(default_factory=ReviewPolicy)
    groups: Annotated[list[Group], Field(min_length=1)] = Field(
        description="Condition groups, in the order they are shown."
    )
    quality: Quality = Field(default_factory=Quality)
    disclaimer: Prose = Field(description="Shown on every page and handout.")


# ---------------------------------------------------------------- vocabularies


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


class Features(Strict):
    scale: Annotated[list[ScaleValue], Field(min_length=2)]
    features: Annotated[list[Feature], Field(min_length=1)]


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
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500)] = (
        Field(description="The full web address, starting with https://")
    )
    accessed: dt.date = Field(description="When the page was read, YYYY-MM-DD.")


class Sources(Strict):
    sources: Annotated[list[Source], Field(min_length=1)]


class RedFlag(Strict):
    id: Slug
    text: Prose


class RedFlags(Strict):
    intro: Plain = Field(description="Line above the list; may use {emergency_number}.")
    flags: Annotated[list[RedFlag], Field(min_length=1)]


# ---------------------------------------------------------------- conditions


class WhereFelt(Strict):
    main: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Region ids where pain is usually felt."
    )
    sometimes: list[Slug] = Field(
        default_factory=list, description="Region ids where pain may spread."
    )


class GetHelp(Strict):
    urgent: ProseList = Field(description="Signs to get help soon (the same day).")
    routine: ProseList = Field(description="Reasons to book a routine appointment.")


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
    reviewed_by: Plain = Field(description="A real person or a named team, never invented.")
    last_reviewed: dt.date
    next_review: dt.date


class Condition(Strict):
    name: Plain = Field(description="The condition's everyday name.")
    also_called: list[Plain] = Field(default_factory=list, description="Other names.")
    group: Slug = Field(description="A group id from site.yml.")
    summary: Prose = Field(description="2–3 sentences: what it is, the hip link, what to do.")
    how_it_causes_hip_pain: Prose = Field(description="How it leads to pain around the hip.")
    nerves: list[Plain] = Field(default_factory=list, description="Nerves involved, if any.")
    where_felt: WhereFelt
    feels_like: ProseList = Field(description="What the pain is like.")
    worse_with: ProseList = Field(description="What makes it worse.")
    better_with: ProseList = Field(description="What makes it better.")
    diagnosis: ProseList = Field(description="How it is diagnosed.")
    self_care: ProseList = Field(description="What readers can do themselves.")
    treatment: ProseList = Field(description="What a professional may offer.")
    get_help: GetHelp
    compare: dict[Slug, CompareValue] = Field(
        default_factory=dict, description="One entry per feature id from features.yml."
    )
    related: list[Slug] = Field(default_factory=list, description="Related condition slugs.")
    sources: Annotated[list[Slug], Field(min_length=1)] = Field(description="Source ids.")
    review: Review


# ---------------------------------------------------------------- flowchart


class Answer(Strict):
    label: Plain = Field(description="The answer, as the reader would say it.")
    next: Slug = Field(description="Id of the question or outcome this answer leads to.")


class Question(Strict):
    id: Slug
    question: Plain = Field(description="One plain question.")
    help: Prose | None = Field(None, description="Optional help shown under the question.")
    screens_red_flags: bool = Field(False, description="True on the red-flag screening question.")
    answers: Annotated[list[Answer], Field(min_length=2)]


class Outcome(Strict):
    id: Slug
    action: Literal["emergency", "urgent", "routine", "self-care"]
    title: Plain = Field(description="An action, for example 'Get help now'.")
    text: Prose = Field(description="What to do. Never 'you have X'.")
    conditions: list[Slug] = Field(
        default_factory=list, description="Condition slugs this pattern is often linked to."
    )


class Flowchart(Strict):
    title: Plain
    intro: Prose | None = None
    start: Slug = Field(description="Id of the first question.")
    questions: Annotated[list[Question], Field(min_length=1)]
    outcomes: Annotated[list[Outcome], Field(min_length=1)]


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

SLUG_RE = re.compile(SLUG_PATTERN)
