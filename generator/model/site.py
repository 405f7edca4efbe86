"""``site.yml``: the site's settings, groups, review policy and quality limits."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .fields import (
    LANGUAGE_PATTERN,
    PHONE_PATTERN,
    SITE_URL_PATTERN,
    Plain,
    Prose,
    Slug,
    Strict,
)

PhoneNumber = Annotated[str, StringConstraints(pattern=PHONE_PATTERN, max_length=20)]
"""Digits, single spaces between them and an optional + in front: never blank, so a care card
can never say "Call    or go to A&E"."""


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
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = (
        Field(description="Language tag, for example en or en-GB.")
    )
    public_url: Annotated[str, StringConstraints(pattern=SITE_URL_PATTERN)] = (
        Field(description="Where the site is published, ending in /. Used in handouts and QR codes.")
    )
    publisher: Plain = Field(description="Who publishes the site (a team or organisation).")
    emergency_number: PhoneNumber = Field(
        description='Emergency phone number, in quotes, for example "999".'
    )
    urgent_number: PhoneNumber = Field(
        description='Urgent-care phone number, in quotes, for example "111".'
    )
    paper_size: Literal["A4", "Letter"] = Field("A4", description="Paper size for handouts.")
    review_policy: ReviewPolicy = Field(default_factory=ReviewPolicy)
    groups: Annotated[list[Group], Field(min_length=1)] = Field(
        description="Condition groups, in the order they are shown."
    )
    quality: Quality = Field(default_factory=Quality)
    disclaimer: Prose = Field(description="Shown on every page and handout.")
    scope: Prose | None = Field(
        None, description="Who the guide is for, in 1–2 sentences (shown with the disclaimer)."
    )
