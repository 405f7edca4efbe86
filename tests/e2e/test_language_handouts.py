"""``hipback build --languages`` with handouts: each translated language's tree holds its own.

The bundled content is built as ``make site`` builds it with its Welsh and Arabic trees. Each
tree has every condition handout, the overview and the booklet in its own language (the hazard
log stays in the source language), set in the fonts that cover the language, each condition
handout on at most 2 pages, and the language's pages link its handouts and no other.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from hb_testlib import BUNDLED, ROOT, build_once

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("handouts")]

LANGUAGES = ("cy", "ar")
FONTS = {"cy": {"Atkinson-Hyperlegible-Next"},
         "ar": {"Atkinson-Hyperlegible-Next", "Vazirmatn"}}
PDF_LINK = re.compile(r'href="([^"#?]+\.pdf)"')


@pytest.fixture(scope="module")
def site(shared_cache: Path) -> Path:
    return build_once("bundled-languages-handouts", shared_cache.parent, BUNDLED,
                      languages=True)


def _conditions() -> list[str]:
    return sorted(p.stem for p in (BUNDLED / "conditions").glob("*.yml"))


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(out.split())


def _info(pdf: Path, key: str) -> str:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    found = re.search(rf"^{key}:\s+(.*)$", out, re.MULTILINE)
    assert found, (pdf, key)
    return found.group(1).strip()


def _font_families(pdf: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    names = [row.split()[0] for row in out.splitlines()[2:]]
    return {re.sub(r"^[A-Z]{6}\+|-(Bold|Italic|BoldItalic)$", "", n) for n in names}


def _strings(lang: str) -> dict[str, object]:
    data = yaml.safe_load((ROOT / "generator" / "strings" / f"{lang}.yml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_language_has_every_handout_but_the_hazard_log(site: Path) -> None:
    for lang in LANGUAGES:
        made = {p.stem for p in (site / lang / "handouts").glob("*.pdf")}
        assert made == {*_conditions(), "overview", "booklet"}, lang
    assert (site / "handouts" / "hazard-log.pdf").is_file()


def test_the_handouts_are_in_the_language_and_its_fonts(site: Path) -> None:
    for lang in LANGUAGES:
        for name in ("sciatica", "overview", "booklet"):
            pdf = site / lang / "handouts" / f"{name}.pdf"
            families = _font_families(pdf)
            # the overview's comparison table sets its scale symbols in DejaVu Sans
            assert families - {"DejaVu-Sans"} == FONTS[lang], (lang, name, families)
        pdf = site / lang / "handouts" / "sciatica.pdf"
        assert int(_info(pdf, "Pages")) <= 2, lang
        assert _info(pdf, "Tagged") == "yes", lang
    welsh = _text(site / "cy" / "handouts" / "sciatica.pdf")
    when = _strings("cy")["condition"]["when_to_get_help"]  # type: ignore[index]
    assert str(when) in welsh
    assert "Tudalen 1 o 2" in welsh  # the page numbers in Welsh (strings' pdf.page_of)
    arabic = _text(site / "ar" / "handouts" / "sciatica.pdf")
    letters = [ch for ch in arabic if unicodedata.name(ch, "").startswith("ARABIC LETTER")]
    assert len(letters) > 1000, len(letters)
    assert re.search(r"[\u0600-\u06ff]", _info(site / "ar" / "handouts" / "sciatica.pdf",
                                               "Title"))


MARKS = "\u064b-\u0652\u0670"
"""Arabic vowel marks (tanwin, shadda, …)."""
ARABIC_WORD = re.compile(rf"[\u0621-\u064a\u066e-\u06d3{MARKS}]+")


def _read_back(pdf: Path) -> str:
    """The PDF's text as a reader copies it: presentation forms (lam-alef) back to letters
    (NFKC), Poppler's direction marks dropped, white space collapsed."""
    text = unicodedata.normalize("NFKC", _text(pdf))
    return re.sub(r"[\u200e\u200f\u202a-\u202e]", "", text)


def test_the_arabic_handout_reads_back_as_written(site: Path) -> None:
    """Copied or read aloud, the Arabic handout's words are the translation's words: its
    title, other names and headings exactly, every word of its summary letter for letter.
    (Poppler may set a vowel mark a little apart from its letter and a comma before the space:
    its guess at where such characters go in right-to-left text; they are all there.)"""
    text = _read_back(site / "ar" / "handouts" / "sciatica.pdf")
    source = yaml.safe_load((BUNDLED / "translations" / "ar" / "conditions" / "sciatica.yml")
                            .read_text("utf-8"))
    strings = _strings("ar")["condition"]
    exact = [source[k]["text"] for k in ("name", "also_called/1", "also_called/2")] + [
        strings[k] for k in ("feels_like", "worse_with", "better_with", "when_to_get_help")]  # type: ignore[index]
    for words in exact:
        assert " ".join(unicodedata.normalize("NFKC", words).split()) in text, words
    joined = re.sub(rf"(?<=\S) ?([{MARKS}]+) ?(?=\S)", r"\1", text)
    bare = {re.sub(f"[{MARKS}]", "", w) for w in ARABIC_WORD.findall(joined)}
    summary = ARABIC_WORD.findall(unicodedata.normalize("NFKC", source["summary"]["text"]))
    assert len(summary) > 40
    assert [w for w in summary if re.sub(f"[{MARKS}]", "", w) not in bare] == []
    assert text.count("\u0651") >= source["summary"]["text"].count("\u0651")  # shadda kept


def test_every_condition_handout_fits_on_one_sheet(site: Path) -> None:
    for lang in LANGUAGES:
        for slug in _conditions():
            pages = int(_info(site / lang / "handouts" / f"{slug}.pdf", "Pages"))
            assert pages <= 2, (lang, slug, pages)


def test_the_language_pages_link_their_own_handouts(site: Path) -> None:
    for lang in LANGUAGES:
        tree = site / lang
        linked: set[Path] = set()
        for page in tree.rglob("*.html"):
            for href in PDF_LINK.findall(page.read_text(encoding="utf-8")):
                target = (page.parent / unquote(href)).resolve()
                assert target.is_file(), (page, href)
                assert tree.resolve() in target.parents, f"{page} links {href}, outside {lang}/"
                linked.add(target)
        handouts = {p.resolve() for p in (tree / "handouts").glob("*.pdf")}
        assert linked == handouts, lang
        sciatica = (tree / "conditions" / "sciatica" / "index.html").read_text("utf-8")
        assert any(h.endswith("handouts/sciatica.pdf") for h in PDF_LINK.findall(sciatica))
