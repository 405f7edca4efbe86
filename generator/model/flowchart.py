"""``flowchart.yml``: questions and outcomes as editors write them (see :mod:`.graph`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .fields import Plain, Prose, Slug, Strict

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
