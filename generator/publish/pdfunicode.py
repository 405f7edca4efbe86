"""The text behind each Arabic glyph of a handout, as the font itself defines it.

Copying, searching and screen readers get a PDF's text from each font's ``/ToUnicode`` map:
one text per glyph, for the whole document. WeasyPrint 70 writes the text of the shaping
cluster where it first meets a glyph, and Arabic shaping makes clusters of several glyphs (a
letter and its vowel mark) and glyphs of several letters (lam-alef). So the mark took the whole
cluster's text while its letter kept another's ("شديدًا" came back as "ًدً"), and the same
letter glyph, met first inside another cluster, carried that cluster's text everywhere after.

The font says what each glyph is: its character map names the glyph of each character, and its
substitutions (GSUB: the initial, medial and final forms, ligatures) derive every other glyph
from those. :func:`install` hooks WeasyPrint's font dictionary step and, for every glyph whose
derivation is one Arabic text and no other, writes that text instead of the cluster's. A
ligature of letters is written as its Unicode presentation form where one exists (lam-alef as
U+FEFB): a single character, so a reader that reorders right-to-left text cannot swap its
letters, and NFKC normalisation gives back the letters. Glyphs that stand for several texts (a
shared dotless form made by decomposing substitutions, one glyph for two characters) keep
WeasyPrint's text; so do all glyphs of non-Arabic text, which the Latin handouts alone use, so
their bytes do not change.

The font must not build letters from shared parts: with Noto Sans Arabic (dotless bases plus
separate dots) nearly every word came back broken, which is why the handouts use Vazirmatn
(emit/pdf/fonts.py). Nothing here changes a glyph or a position. The hook wraps one internal
function of WeasyPrint 70 (pinned in pyproject.toml; this file is part of every handout's cache
key); :func:`install` refuses a WeasyPrint that lacks it.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from ..emit.pdf.fonts import ARABIC_RANGES
from .pdfhooks import wrap_once

_AMBIGUOUS = "\0"
"""Stands in a glyph's texts for "made by a substitution this module does not follow"."""
_PASSES = 8
"""Rounds of following substitutions (forms of forms, ligatures of forms); fonts need 2–3."""



def _arabic(text: str) -> bool:
    return any(a <= ord(ch) <= b for ch in text for a, b in ARABIC_RANGES)


@cache
def _presentation_forms() -> dict[str, str]:
    """Letters → the one presentation-form character that NFKC turns into them (lowest first)."""
    forms: dict[str, str] = {}
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        ch = chr(cp)
        if unicodedata.category(ch) == "Lo":
            forms.setdefault(unicodedata.normalize("NFKC", ch), ch)
    return forms


def _lookups(gsub: Any) -> Iterable[tuple[int, Any]]:
    """Every GSUB subtable with its lookup type (extension lookups unwrapped)."""
    for lookup in gsub.LookupList.Lookup if gsub.LookupList else ():
        for sub in lookup.SubTable:
            if lookup.LookupType == 7:
                yield sub.ExtensionLookupType, sub.ExtSubTable
            else:
                yield lookup.LookupType, sub


def _follow(texts: dict[str, set[str]], gsub: Any) -> bool:
    """One round of derivations; whether any glyph learnt a text."""
    changed = False

    def add(glyph: str, new: Iterable[str]) -> None:
        nonlocal changed
        have = texts.setdefault(glyph, set())
        if not set(new) <= have:
            have.update(new)
            changed = True

    for kind, sub in _lookups(gsub):
        if kind == 1:
            for source, target in sub.mapping.items():
                add(target, texts.get(source, ()))
        elif kind == 2:  # one glyph into several: none of the parts is the letter alone
            for sequence in sub.mapping.values():
                for part in sequence:
                    add(part, {_AMBIGUOUS})
        elif kind == 3:
            for source, alternates in sub.alternates.items():
                for target in alternates:
                    add(target, texts.get(source, ()))
        elif kind == 4:
            for first, ligatures in sub.ligatures.items():
                for lig in ligatures:
                    parts = [texts.get(g, set()) for g in (first, *lig.Component)]
                    if all(len(p) == 1 for p in parts):
                        text = "".join(next(iter(p)) for p in parts)
                        add(lig.LigGlyph, {unicodedata.normalize("NFKC", text)})
                    elif all(parts):
                        add(lig.LigGlyph, {_AMBIGUOUS})
    return changed


@cache
def glyph_texts(data: bytes) -> dict[int, str]:
    """Glyph id → the one Arabic text the font file ``data`` derives it from (glyphs of
    several texts, or of none, are left out); once per font and process.

    The texts are NFKC-normalised on the way (a presentation form's own code point and the
    ligature of its letters are one text), then a ligature of letters is written as its
    presentation form."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    texts: dict[str, set[str]] = {}
    for cp, glyph in font.getBestCmap().items():
        # a presentation form's glyph is also the ligature or form of its letters: one text
        texts.setdefault(glyph, set()).add(unicodedata.normalize("NFKC", chr(cp)))
    if "GSUB" in font:
        gsub = font["GSUB"].table
        for _ in range(_PASSES):
            if not _follow(texts, gsub):
                break
    forms = _presentation_forms()
    out: dict[int, str] = {}
    for glyph, found in texts.items():
        if len(found) != 1 or _AMBIGUOUS in found:
            continue
        text = next(iter(found))
        if _arabic(text):
            out[font.getGlyphID(glyph)] = forms.get(text, text) if len(text) > 1 else text
    return out


def repair(font: Any) -> None:
    """Give each Arabic glyph WeasyPrint met in ``font`` the text the font derives it from."""
    data = font.file_content
    if not font.to_unicode or not isinstance(data, bytes):
        return
    known = glyph_texts(data)
    for glyph in font.to_unicode:
        if glyph in known:
            font.to_unicode[glyph] = known[glyph]


def _repairing(original: Callable[..., Any]) -> Callable[..., Any]:
    def build_fonts_dictionary(pdf: Any, fonts: Any, *args: Any, **kwargs: Any) -> Any:
        for font in fonts.values():
            repair(font)
        return original(pdf, fonts, *args, **kwargs)

    return build_fonts_dictionary


def install() -> None:
    """Put the hook into WeasyPrint (once per process; harmless when repeated)."""
    import weasyprint.pdf as wpdf

    wrap_once("pdfunicode", [(wpdf, "build_fonts_dictionary", _repairing)])
