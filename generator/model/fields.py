"""Field types shared by every content model: plain text, prose, ids, and the strict base.

Plain text is shown exactly as written (and escaped wherever it lands); prose may use inline
Markdown only. Both refuse invisible junk here, at validation time, so every later stage can trust
them.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from ..load.folder import MAX_SLUG_CHARS
from ..text.inline import plain_problems, problems

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
PHONE_PATTERN = r"^\+?[0-9]( ?[0-9])+$"
"""A phone number: digits, single spaces between them and an optional + in front."""
SITE_URL_PATTERN = r"^https?://[^\s/$.?#][^\s<>\"']*/$"
"""Where a site is published: a whole web address that ends in /."""
WEB_URL_PATTERN = r"^https?://[^\s<>\"'\\]+$"
"""A whole web address."""
SOURCE_URL_PATTERN = (r"^(?:https?://[^\s<>\"'\\]+"
                      r"|[a-z0-9][a-z0-9_/-]*\.md(?:#[A-Za-z0-9_-]+)?)$")
"""Where a source is: a whole web address, or a page of this site by its file from the site root
(``about.md#source-article``), which each page links to relatively and a handout by the site's
public address, so the link works wherever the site is published."""
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A language tag: en, en-GB."""


def _plain(value: str) -> str:
    found = plain_problems(value)
    if found:
        raise ValueError(found[0].message)
    if not value.strip():
        raise ValueError("is empty; write some text or remove the key.")
    return value.strip()


def _prose(value: str) -> str:
    value = _plain(value)
    found = problems(value)
    if found:
        raise ValueError(found[0].message)
    return value


MAX_PROSE_CHARS = 1500
"""Longest paragraph of prose (a summary, an outcome's text, a help text): the longest in the
bundled content has 758 characters. A page and a handout print it whole."""
MAX_ITEM_CHARS = 400
"""Longest item of a list (a bullet, a sign, a treatment): the longest bundled one has 233."""

Plain = Annotated[str, StringConstraints(max_length=300), AfterValidator(_plain)]
Prose = Annotated[str, StringConstraints(max_length=MAX_PROSE_CHARS), AfterValidator(_prose)]
ProseItem = Annotated[str, StringConstraints(max_length=MAX_ITEM_CHARS), AfterValidator(_prose)]
"""Prose that is one item of a list."""
LongPlain = Annotated[str, StringConstraints(max_length=600), AfterValidator(_plain)]
"""Plain text that may run to a few sentences (a scenario's story)."""
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_SLUG_CHARS)]
MAX_LIST_ITEMS = 30
"""Most items a bulleted list of a page may hold: the longest in the bundled content has 12, and a
list of thousands made a handout of hundreds of pages."""
ProseList = Annotated[list[ProseItem], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
PlainList = Annotated[list[Plain], Field(max_length=MAX_LIST_ITEMS)]
SlugList = Annotated[list[Slug], Field(max_length=MAX_LIST_ITEMS)]


class Strict(BaseModel):
    """Base for every content object: unknown keys are errors, objects never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)
