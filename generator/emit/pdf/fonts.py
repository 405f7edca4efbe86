"""The handouts' fonts: which files, and which of them a language's handouts use.

One family sets every language written in Latin letters: Atkinson Hyperlegible Next (SIL OFL,
``OFL.txt``), the successor of Atkinson Hyperlegible, which had no ŵ or ŷ for Welsh. A language
in another script adds the family that covers it, after the Latin one, so Latin text, digits and
addresses stay in one face and the script's letters come from its own: Arabic-script languages
add Vazirmatn (SIL OFL, ``OFL-Vazirmatn.txt``), a plain sans with open shapes and a large
x-height, cut to the Arabic blocks so the web pages can load it cheaply (the same file serves
the site and the handouts).

Why Vazirmatn: each of its letters is its own glyph in each form. Noto Sans Arabic, used before,
builds letters from a shared dotless base and separate dots, so one glyph stood for several
letters and the handouts' text came back wrong when copied or read aloud ("عر ق ال ظ سا" for
"عرق النسا"); publish/pdfunicode.py gives each glyph its own text, which only such a font allows.
Of the open Arabic sans faces on npm (IBM Plex Sans Arabic, Cairo, Tajawal, Almarai, Readex
Pro, Vazirmatn), Vazirmatn read back best and keeps Noto's line length (a condition handout
still fits its pages); Noto Naskh Arabic decomposes letters as Noto Sans Arabic does.

Where the files came from, so the next update repeats it: the static TTFs of the npm packages
``@expo-google-fonts/atkinson-hyperlegible-next`` 0.4.1 (400, 700, both italics) and
``@expo-google-fonts/vazirmatn`` 0.4.1 (400, 700; its ``LICENSE_FONT`` is
``OFL-Vazirmatn.txt``), written as WOFF2 with fontTools; the Arabic ones subset
(``fontTools.subset``) to the code points of :data:`ARABIC_RANGES` and :data:`ARABIC_NEUTRAL`
with every layout feature and name kept (``layout_features=["*"]``, shaping needs them) and the
timestamp left as it is (the same bytes each time). One full file per style: WeasyPrint garbles
glyphs when one family is split into several faces.

``tests/unit/test_font_coverage.py`` proves every character of each bundled language's text is
in the fonts its handouts use, and that no Arabic letter shares a glyph with another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""Also the base URL of every handout: the HTML names its fonts relative to it (``fonts/…``),
so a worker on another machine finds them in its own installed package."""
FONT_DIR = TEMPLATES / "fonts"
"""The site's own font files (a link to ``overrides/assets/fonts``; package data in a wheel)."""

LATIN = "Atkinson Hyperlegible Next"
ARABIC = "Vazirmatn"

ARABIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),
    (0x25CC, 0x25CC),
)
"""The Arabic script's code points in the Arabic files (Arabic, its supplements and
presentation forms, the dotted circle shaping uses): the web pages' ``unicode-range``, so a
browser takes only these from it and fetches it only for a page that has them."""
ARABIC_NEUTRAL: tuple[tuple[int, int], ...] = (
    (0x0020, 0x0040), (0x005B, 0x0060), (0x007B, 0x007E), (0x00A0, 0x00A0), (0x00AB, 0x00AB),
    (0x00B7, 0x00B7), (0x00BB, 0x00BB), (0x2000, 0x206F),
)
"""Also kept in the Arabic files: spaces, digits and punctuation. Pango sets a space or a comma
inside an Arabic run in the run's font; without them it drew the missing-glyph box between
every two words."""


@dataclass(frozen=True)
class Face:
    """One font file: its family, weight and style as CSS names them."""

    family: str
    weight: int
    style: str
    file: str


FACES: tuple[Face, ...] = (
    Face(LATIN, 400, "normal", "AtkinsonHyperlegibleNext-Regular.woff2"),
    Face(LATIN, 700, "normal", "AtkinsonHyperlegibleNext-Bold.woff2"),
    Face(LATIN, 400, "italic", "AtkinsonHyperlegibleNext-Italic.woff2"),
    Face(LATIN, 700, "italic", "AtkinsonHyperlegibleNext-BoldItalic.woff2"),
    Face(ARABIC, 400, "normal", "Vazirmatn-Regular.woff2"),
    Face(ARABIC, 700, "normal", "Vazirmatn-Bold.woff2"),
)
"""Every font file the handouts may use (all of them are in the environment fingerprint)."""

_SCRIPT_FAMILIES: dict[str, tuple[str, ...]] = {
    lang: (ARABIC,) for lang in ("ar", "fa", "ps", "ur", "ckb", "sd", "ug")
}
"""Languages whose script the Latin family does not cover, by primary language subtag."""


def families(language: str) -> tuple[str, ...]:
    """The font families a handout in ``language`` is set in, first choice first."""
    primary = language.lower().replace("_", "-").split("-")[0]
    return (LATIN, *_SCRIPT_FAMILIES.get(primary, ()))


def faces(language: str) -> tuple[Face, ...]:
    """The font files a handout in ``language`` declares."""
    wanted = families(language)
    return tuple(f for f in FACES if f.family in wanted)


def font_stack(language: str) -> str:
    """The CSS ``font-family`` list of a handout in ``language`` (names are constants)."""
    return ", ".join(f'"{family}"' for family in families(language)) + ", sans-serif"
