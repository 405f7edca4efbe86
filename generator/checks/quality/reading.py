"""Which text of each page is measured for reading level, and the grade per page.

The measuring itself (syllables from the CMU dictionary, Flesch–Kincaid, sentence splitting) is
:mod:`generator.text.readability`; this module only says which fields make up a page: condition
prose, hand-written pages, and the flowchart's questions, sign lists and outcome texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...load.yamlio import Loc
from ...model import Condition
from ...model.content import Content
from ...text.memo import Same, remembered
from ...text.readability import Reading, measure, sentences_of_page, sentences_of_prose

CONDITION_LIST_SECTIONS = (
    "feels_like",
    "worse_with",
    "better_with",
    "diagnosis",
    "self_care",
    "avoid",
)
"""The bulleted prose sections of a condition (treatment and get_help come after them)."""


def condition_lists(cond: Condition) -> Iterator[tuple[Loc, str]]:
    """Every bullet of a condition with where it lives, in page order."""
    for section in CONDITION_LIST_SECTIONS:
        for i, item in enumerate(getattr(cond, section)):
            yield (section, i), item
    for i, treat in enumerate(cond.treatment):
        if isinstance(treat, str):
            yield ("treatment", i), treat
        else:
            yield ("treatment", i, "text"), treat.text
    for tier, items in cond.get_help.items():
        for i, item in enumerate(items):
            yield ("get_help", tier, i), item


def prose_of_condition(cond: Condition) -> list[str]:
    """The measured sentences of a condition page: summary, how it causes pain, and every
    bullet that is a whole sentence."""
    out = sentences_of_prose(cond.summary) + sentences_of_prose(cond.how_it_causes_pain)
    for _loc, item in condition_lists(cond):
        out += sentences_of_prose(item, list_item=True)
    return out


def prose_of_flowchart(content: Content) -> list[str]:
    """The flowchart's sentences: intro, questions, help, sign lists and outcome texts.

    Answer labels and outcome titles are short labels, not sentences, so they are left out. A
    sign list that several questions ask about (on different branches) is read once, as a reader
    on any one path reads it once.
    """
    flowchart = content.flowchart
    out = sentences_of_prose(flowchart.intro) if flowchart.intro else []
    lists = {x.id: x for x in content.red_flags.lists} if content.has("red-flags.yml") else {}
    read: set[str] = set()
    for question in flowchart.questions:
        sign_list = lists.get(question.asks_about or "")
        if sign_list is not None and sign_list.id not in read:
            read.add(sign_list.id)
            out += sentences_of_prose(sign_list.intro)
            for sign in sign_list.signs:
                out += sentences_of_prose(sign.text, list_item=False)
        if question.question:
            out += sentences_of_prose(question.question)
        if question.help:
            out += sentences_of_prose(question.help)
    for o in flowchart.outcomes:
        out += sentences_of_prose(o.text)
    return out


@dataclass(frozen=True, kw_only=True)
class PageReading:
    """The reading level of one page, and where to point when it is too high."""

    page: str  # "conditions/<slug>", "pages/<slug>" or "flowchart"
    reading_grade: float
    words: int
    sentences: int
    path: str
    line: int
    col: int


def _reading(content: Content, page: str, measured: Reading,
             where: tuple[str, int, int]) -> PageReading:
    path, line, col = where
    return PageReading(page=page, reading_grade=measured.grade, words=measured.words,
                       sentences=measured.sentences, path=path, line=line, col=col)


@remembered
def _condition_reading(cond: Same[Condition], language: str) -> Reading:
    """A condition page's reading (models are immutable: an unchanged file's model is the same
    object in a preview session, see :mod:`generator.text.memo`)."""
    return measure(prose_of_condition(cond.obj), language)


def page_readings(content: Content) -> list[PageReading]:
    """Reading level of every condition, hand-written page and the flowchart, sorted by page."""
    out = []
    language = content.site.language
    for slug, cond in sorted(content.conditions.items()):
        out.append(_reading(content, f"conditions/{slug}",
                            _condition_reading(Same(cond), language),
                            content.where(f"conditions/{slug}.yml", ("summary",))))
    for page in content.pages:
        out.append(_reading(content, f"pages/{page.slug}",
                            measure(sentences_of_page(page.body), language),
                            (page.display, 1, 1)))
    out.append(_reading(content, "flowchart", measure(prose_of_flowchart(content), language),
                        (content.display("flowchart.yml"), 1, 1)))
    return sorted(out, key=lambda r: r.page)


def page_reading_grades(content: Content) -> dict[str, float]:
    """``{"conditions/<slug>" | "pages/<slug>" | "flowchart": grade}``, for page footers."""
    return {r.page: r.reading_grade for r in page_readings(content)}
