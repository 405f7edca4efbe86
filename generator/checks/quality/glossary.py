"""Glossary rules: watched medical words must be defined, and every definition used somewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from ...load.yamlio import Loc
from ...model import Condition
from ...model.content import Content, Page
from ...text.inline import prose_plain
from ...text.memo import Same, remembered
from .base import Collector
from .texts import condition_texts, reader_texts

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


@remembered
def _forms_in(text: str, form_re: re.Pattern[str]) -> frozenset[str]:
    """The glossary forms ``text`` uses, lowercased with single spaces."""
    return frozenset(" ".join(m.group(0).lower().split()) for m in form_re.finditer(text))


@remembered
def _first(text: str, pattern: re.Pattern[str]) -> tuple[int, str] | None:
    """Where ``pattern`` first matches ``text``, and what it matched."""
    hit = pattern.search(text)
    return (hit.start(), hit.group(0)) if hit else None


@remembered
def _condition_terms(slug: str, cond: Same[Condition], form_re: re.Pattern[str] | None,
                     missing: tuple[re.Pattern[str], ...]
                     ) -> tuple[frozenset[str], tuple[tuple[Loc, str] | None, ...]]:
    """The glossary forms a condition's texts use, and for each missing-term pattern where it
    first matches (and what it matched); one condition at a time, so a preview rescans only
    the conditions that changed."""
    found: set[str] = set()
    firsts: list[tuple[Loc, str] | None] = [None] * len(missing)
    for ref in condition_texts(slug, cond):
        text = prose_plain(ref.text)
        if form_re is not None:
            found |= _forms_in(text, form_re)
        for i, pattern in enumerate(missing):
            if firsts[i] is None:
                hit = _first(text, pattern)
                if hit:
                    firsts[i] = (ref.loc, hit[1])
    return frozenset(found), tuple(firsts)


def _missing(term: str) -> str:
    return (f'"{term}" is a medical term (watch_terms in site.yml) that the glossary does not '
            "define; add it to glossary.yml, or use everyday words.")


def check_glossary(report: Collector) -> None:
    content = report.content
    forms: dict[str, str] = {}  # lowercased form → term id
    for term in content.glossary.terms:
        for form in (term.term, *term.also):
            forms.setdefault(" ".join(form.lower().split()), term.id)
    watch = sorted({" ".join(word.split()) for word in content.site.quality.watch_terms},
                   key=str.lower)
    missing = [word for word in watch if word.lower() not in forms]

    all_forms = sorted(forms, key=len, reverse=True)
    used_terms: set[str] = set()
    form_re = _forms_regex(all_forms)
    missing_re = {word: re.compile(_term_pattern(word), re.IGNORECASE) for word in missing}
    reported: set[tuple[str, str]] = set()

    def scan(text: str, file_key: str, where: Any) -> None:
        if form_re is not None:
            used_terms.update(forms[form] for form in _forms_in(text, form_re))
        for word, pattern in missing_re.items():
            if (word, file_key) in reported:
                continue
            hit = _first(text, pattern)
            if hit:
                reported.add((word, file_key))
                report.add("warning", "glossary-missing", where(hit[0]), _missing(hit[1]))

    for ref in reader_texts(content, conditions=False):
        text = prose_plain(ref.text)
        scan(text, ref.key, lambda _off, ref=ref: report.at(ref.key, ref.loc))
    for slug, cond in sorted(content.conditions.items()):
        key = f"conditions/{slug}.yml"
        found, firsts = _condition_terms(slug, Same(cond), form_re, tuple(missing_re.values()))
        used_terms.update(forms[form] for form in found)
        for word, hit in zip(missing_re, firsts, strict=True):
            if hit is not None and (word, key) not in reported:
                reported.add((word, key))
                report.add("warning", "glossary-missing", report.at(key, hit[0]), _missing(hit[1]))
    for page, raw, first in _page_sources(content):
        scan(raw, page.display,
             lambda off, page=page, raw=raw, first=first: (page.display,
                                                          *_line_col(raw, off, first)))

    for i, term in enumerate(content.glossary.terms):
        if term.id not in used_terms:
            where = report.at("glossary.yml", ("terms", i, "term"))
            report.add("warning", "glossary-unused", where,
                       f'the glossary term "{term.term}" is not used on any page; use it where it '
                       "helps, or remove the entry.")


