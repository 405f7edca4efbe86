"""``scenarios.yml``: the flowchart's behaviour, tested like code.

*Rules* are proved over every path of the flowchart; *scenarios* are reader stories walked through
it one answer at a time. Both are content, so clinicians can read and extend them, and both are
shown to readers on the generated "How we check this guide" page.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .fields import LongPlain, Plain, Slug, Strict


class AnswerRef(Strict):
    question: Slug | None = Field(None, description="A question id ...")
    tag: Slug | None = Field(None, description="... or a tag: every question that has it.")
    answer: Plain = Field(description="The exact answer label.")

    @model_validator(mode="after")
    def _one_of(self) -> AnswerRef:
        if (self.question is None) == (self.tag is None):
            raise ValueError("needs either question: or tag:, not both and not neither.")
        return self


class Rule(Strict):
    id: Slug
    says: Plain = Field(description="The rule in plain words (shown on the public page).")
    paths_to: list[Slug] | None = Field(
        None, description="Tier ids: every path that ends in one of these tiers ..."
    )
    must_ask: list[Slug] | None = Field(
        None, description="... must pass a question with each of these tags on the way."
    )
    after: AnswerRef | None = Field(None, description="Every path through this answer ...")
    reach_at_least: Slug | None = Field(
        None, description="... ends in this tier or a more urgent one."
    )

    @model_validator(mode="after")
    def _kind(self) -> Rule:
        must = self.paths_to is not None and self.must_ask is not None
        after = self.after is not None and self.reach_at_least is not None
        partial = (self.paths_to is None) != (self.must_ask is None) or (
            (self.after is None) != (self.reach_at_least is None)
        )
        if partial or must == after:
            raise ValueError(
                "is either paths_to: + must_ask: (questions every path must ask) or after: + "
                "reach_at_least: (how urgent the end of a path must be); write one pair."
            )
        return self


class Expect(Strict):
    outcome: Slug | None = Field(None, description="The outcome the story must reach.")
    tier_at_least: Slug | None = Field(
        None, description="The tier it must reach at least (this one or more urgent)."
    )
    never: list[Slug] = Field(default_factory=list, description="Outcomes it must never reach.")

    @model_validator(mode="after")
    def _something(self) -> Expect:
        if self.outcome is None and self.tier_at_least is None:
            raise ValueError("needs outcome: or tier_at_least: (or both).")
        return self


class Scenario(Strict):
    id: Slug
    story: LongPlain = Field(description="A short story in plain words (1–3 sentences).")
    answers: dict[Slug, Plain] = Field(
        description="Question id → the exact answer label, for every question on the path."
    )
    expect: Expect


MAX_RULES = 30
"""Most safety rules (the bundled content has 9): each is a promise on "How we check this guide"."""
MAX_STORIES = 100
"""Most reader stories (the bundled content has 35): each is walked on "How we check this guide",
which 1,300 stories made a 2 MB page."""


class Scenarios(Strict):
    rules: Annotated[list[Rule], Field(min_length=1, max_length=MAX_RULES)] = Field(
        description="Safety rules proved over every path of the flowchart."
    )
    scenarios: Annotated[list[Scenario], Field(min_length=1, max_length=MAX_STORIES)] = Field(
        description="Reader stories walked through the flowchart."
    )
