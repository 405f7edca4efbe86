"""Every character a bundled language's handouts can print is in the fonts those handouts use.

A missing glyph is a box (tofu) on paper that no text test sees: ``pdftotext`` still extracts the
right character. So this reads the font files' character maps (fontTools) and every text of each
bundled translation (its content files and the engine's strings in that language), plus the
source content each language shows where a text is not translated yet, and proves each
character is in the language's fonts, in both the regular and the bold weight.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from fontTools.ttLib import TTFont
from hb_testlib import BUNDLED, ROOT

from generator.emit.pdf import fonts

LANGUAGES = ("cy", "ar")
"""The bundled translations (content/translations/<language>/)."""
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
"""The comparison scale's symbols are set in DejaVu Sans (``.hb-sym`` in handout.css.j2; the
Makefile installs Debian's fonts-dejavu-core for the build)."""


def _symbols() -> frozenset[str]:
    data = yaml.safe_load((BUNDLED / "features.yml").read_text(encoding="utf-8"))
    return frozenset(ch for v in data["scale"] for ch in str(v.get("symbol", "")))


@cache
def _cmap(file: str) -> frozenset[int]:
    return frozenset(TTFont(fonts.FONT_DIR / file).getBestCmap())


@cache
def _dejavu() -> frozenset[int]:
    return frozenset(TTFont(DEJAVU).getBestCmap())


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


def _texts(folder: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".yml", ".yaml"):
            for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield path, text
        elif path.suffix == ".md":
            yield path, path.read_text(encoding="utf-8")


def _language_texts(lang: str) -> Iterator[tuple[Path, str]]:
    """What a handout in ``lang`` can print: the translation, the engine's words in the
    language, and the source content (shown where a text is not translated yet)."""
    yield from _texts(BUNDLED / "translations" / lang)
    yield from _texts(ROOT / "generator" / "strings" / f"{lang}.yml")
    for path, text in _texts(BUNDLED):
        if "translations" not in path.relative_to(BUNDLED).parts:
            yield path, text


def _printed(ch: str) -> bool:
    """Characters that put ink on paper (not spaces, line breaks or format characters)."""
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")


@cache
def _characters(lang: str) -> dict[str, str]:
    """Every printed character a handout in ``lang`` can show → the first file using it."""
    found: dict[str, str] = {}
    for path, text in _language_texts(lang):
        for ch in set(text):
            if _printed(ch) and ch not in found:
                found[ch] = str(path.relative_to(ROOT))
    return found


def _missing(lang: str, weight: int) -> dict[str, str]:
    """Character → where it is used, for each character none of the language's fonts of that
    weight (upright) has."""
    covered: set[int] = set()
    for face in fonts.faces(lang):
        if face.weight == weight and face.style == "normal":
            covered |= _cmap(face.file)
    symbols = _symbols()
    return {ch: f"{unicodedata.name(ch, hex(ord(ch)))} in {where}"
            for ch, where in _characters(lang).items()
            if ord(ch) not in covered and not (ch in symbols and ord(ch) in _dejavu())}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("weight", [400, 700])
def test_every_character_of_the_language_is_in_its_fonts(lang: str, weight: int) -> None:
    assert (BUNDLED / "translations" / lang).is_dir(), lang
    assert _missing(lang, weight) == {}


def test_the_scale_symbols_are_in_their_own_font() -> None:
    """The symbols skipped above are there: in DejaVu Sans, and not in the Latin family."""
    symbols = _symbols()
    assert symbols and {ord(c) for c in symbols} <= _dejavu()
    assert not {ord(c) for c in symbols if not c.isascii()} <= _cmap(fonts.faces("en")[0].file)


def test_the_welsh_letters_the_old_font_lacked_are_there() -> None:
    """ŵ and ŷ (and their capitals) in every Latin style, italics included."""
    for face in fonts.faces("cy"):
        assert {ord(c) for c in "ŵŷŴŶ"} <= _cmap(face.file), face.file


def test_the_arabic_text_needs_the_arabic_font() -> None:
    """The check can fail: the Latin family alone misses the Arabic letters."""
    latin = _cmap(fonts.faces("en")[0].file)
    arabic = {ch for _p, text in _texts(BUNDLED / "translations" / "ar") for ch in text
              if unicodedata.name(ch, "").startswith("ARABIC")}
    assert arabic and not {ord(c) for c in arabic} <= latin
    assert fonts.families("ar") == (fonts.LATIN, fonts.ARABIC)
    assert fonts.families("cy") == fonts.families("en") == (fonts.LATIN,)


def test_every_face_is_a_file_with_its_licence() -> None:
    for face in fonts.FACES:
        assert (fonts.FONT_DIR / face.file).is_file(), face.file
    assert "Atkinson Hyperlegible Next" in (fonts.FONT_DIR / "OFL.txt").read_text()
    assert "Vazirmatn" in (fonts.FONT_DIR / "OFL-Vazirmatn.txt").read_text()


def test_the_web_pages_declare_the_same_fonts() -> None:
    """The site's stylesheet names every font file, and the Arabic one with the Arabic
    unicode-range only (a browser fetches it only for a page with Arabic letters)."""
    css = (ROOT / "overrides" / "assets" / "css" / "fonts.css").read_text(encoding="utf-8")
    for face in fonts.FACES:
        assert f"../fonts/{face.file}" in css, face.file
    ranges = ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}"
                       for a, b in fonts.ARABIC_RANGES)
    assert css.count(f"unicode-range: {ranges};") == 2


def _sfnt(file: str) -> bytes:
    """The font as WeasyPrint hands it to the PDF writer: the plain font, not WOFF2."""
    import io

    font = TTFont(fonts.FONT_DIR / file)
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_each_arabic_letter_is_its_own_glyph_in_every_form() -> None:
    """What lets copied and read-aloud text be right (publish/pdfunicode.py): every letter the
    Arabic text uses, in each of its forms, is a glyph that stands for that letter alone, and no
    letter is built from shared parts (a multiple substitution, as Noto Sans Arabic's dotless
    bases plus dots were). Lam-alef is one glyph, written as its presentation form."""
    from generator.publish.pdfunicode import glyph_texts

    letters = {ch for ch in _characters("ar")
               if unicodedata.name(ch, "").startswith("ARABIC LETTER")}
    assert len(letters) > 25
    forms: dict[str, list[str]] = {}
    for cp in range(0xFE70, 0xFF00):
        forms.setdefault(unicodedata.normalize("NFKC", chr(cp)), []).append(chr(cp))
    for face in fonts.FACES:
        if face.family != fonts.ARABIC:
            continue
        texts = glyph_texts(_sfnt(face.file))
        font = TTFont(fonts.FONT_DIR / face.file)
        cmap = font.getBestCmap()
        for letter in sorted(letters):
            for ch in [letter, *forms.get(letter, [])]:
                glyph = font.getGlyphID(cmap[ord(ch)])
                assert texts.get(glyph) == letter, (face.file, f"U+{ord(ch):04X}")
        assert texts[font.getGlyphID(cmap[0xFEFB])] == "\ufefb"  # lam-alef
        assert texts[font.getGlyphID(cmap[0xFEF7])] == "\ufef7"  # lam-alef with hamza
        multiple = [lookup for lookup in font["GSUB"].table.LookupList.Lookup
                    if lookup.LookupType == 2]
        assert multiple == [], face.file
