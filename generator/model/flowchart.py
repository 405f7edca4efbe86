"""``flowchart.yml``: questions and outcomes as editors write them (see :mod:`.graph`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .fields import MAX_LIST_ITEMS, Plain, Prose, Slug, SlugList, Strict

MAX_STEPS = 100
"""Most questions, and most outcomes (the bundled chart has 15 and 17): the flowchart page and
the overview handout print every one in words."""


class Answer(Strict):
    label: Plain = Field(description="The answer, as the reader would say it.")
    next: Slug = Field(description="Id of the question or outcome this answer leads to.")
    none: bool = Field(
        False,
        description="On a question that asks_about a sign list: true on the one answer that "
        "means 'I have none of these signs'. Every other answer of that question is a 'yes', "
        "and every path through a 'yes' ends in the list's tier or a more urgent one.",
    )
    promises: Slug | None = Field(
        None,
        description="A care tier id from care-tiers.yml this answer promises (for example a "
        "leg that is newly weak: today). Every path through the answer ends in this tier or a "
        "more urgent one.",
    )


class Question(Strict):
    id: Slug
    question: Plain | None = Field(
        None, description="One plain question (leave it out when asks_about is given)."
    )
    asks_about: Slug | None = Field(
        None,
        description="A sign list id from red-flags.yml: the question and its list of signs are "
        "generated from it, so the words are never typed twice.",
    )
    help: Prose | None = Field(None, description="Optional help shown under the question.")
    tags: SlugList = Field(
        default_factory=list,
        description="Ids the safety rules in scenarios.yml refer to (for example nerve-signs). "
        "A question that asks_about a list has that list's id as a tag too.",
    )
    scope: bool = Field(
        False,
        description="True on a question that settles who the guide is for (for example age or "
        "pregnancy): every path to the two least urgent tiers passes it first.",
    )
    answers: Annotated[list[Answer], Field(min_length=2, max_length=MAX_LIST_ITEMS)]

    @model_validator(mode="after")
    def _one_source_of_words(self) -> Question:
        if (self.question is None) == (self.asks_about is None):
            raise ValueError(
                "needs either question: (your own words) or asks_about: (a sign list from "
                "red-flags.yml), not both and not neither."
            )
        if self.asks_about is not None and self.help is not None:
            raise ValueError(
                "takes its help text from the sign list it asks about; remove help: here."
            )
        return self

    @property
    def all_tags(self) -> tuple[str, ...]:
        return (*self.tags, *([self.asks_about] if self.asks_about else []))


class Outcome(Strict):
    id: Slug
    tier: Slug = Field(description="A care tier id from care-tiers.yml (how urgent, what to do).")
    title: Plain = Field(description="An action, for example 'Get help now'.")
    text: Prose = Field(description="What to do. Never 'you have X'.")
    conditions: list[Slug] = Field(
        default_factory=list, description="Condition slugs this pattern is often linked to."
    )
    sources: SlugList = Field(
        default_factory=list, description="Source ids from sources.yml this advice follows."
    )


class Flowchart(Strict):
    title: Plain
    intro: Prose | None = None
    start: Slug = Field(description="Id of the first question (it must ask about a sign list).")
    questions: Annotated[list[Question], Field(min_length=1, max_length=MAX_STEPS)]
    outcomes: Annotated[list[Outcome], Field(min_length=1, max_length=MAX_STEPS)]
