"""The text a reader copies from an Arabic handout, or hears from a screen reader, is the text
that was written (publish/pdfunicode.py, the Arabic font in emit/pdf/fonts.py).

A small right-to-left page is laid out as the handouts are (the same worker, fonts and
repairs) and read back with Poppler's ``pdftotext``. Before, one glyph stood for several letters
and WeasyPrint wrote the text of the cluster where it first met a glyph: "عرق النسا" came back
as "عر ق ال ظ سا".
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from generator.emit.pdf import fonts
from generator.publish.pdfwork import RenderJob, environment_fingerprint, render_job

LINES = ("عرق النسا", "الألم الجذري", "اعتلال الجذور القطنية", "الأسئلة والفحص",
         "نبت بيت ثابت تنبيه", "لا تقلق فهو يتحسن غالبا")
"""Words whose letters share shapes (ب ت ث ن ي differ only in their dots), lam-alef with and
without hamza."""
APART = ("يتحسّن غالبًا", "لا تقلق، فهو")
"""Vowel marks and punctuation: each is its own character in the text, but Poppler may set it a
little apart (a mark as a word of its own, a comma before the space instead of after it: its
guess at where a neutral character goes in right-to-left text)."""


def _page() -> str:
    faces = "".join(
        f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
        f'font-style: {f.style}; src: url("fonts/{f.file}"); }}' for f in fonts.faces("ar"))
    body = "".join(f"<p>{line}</p>" for line in (*LINES, *APART))
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>اختبار</title><style>{faces} body {{ font-family: {fonts.font_stack('ar')};"
            f" }}</style></head><body><h1>{LINES[0]}</h1>{body}</body></html>")


def _read_back(tmp_path: Path) -> str:
    done = render_job(RenderJob(name="probe", html=_page(), paper="A4",
                                fingerprint=environment_fingerprint("A4")))
    pdf = tmp_path / "probe.pdf"
    pdf.write_bytes(done.pdf)
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    # presentation forms (lam-alef) back to letters; Poppler's direction marks dropped
    out = unicodedata.normalize("NFKC", out)
    return re.sub(r"[\u200e\u200f\u202a-\u202e]", "", out)


def test_arabic_text_reads_back_as_written(tmp_path: Path) -> None:
    lines = [" ".join(line.split()) for line in _read_back(tmp_path).splitlines()]
    for line in LINES:
        assert line in lines, (line, lines)
    # after them (the heading repeats the first line): every letter, mark and comma
    text = "".join(lines[len(LINES) + 1:])
    assert sorted(text.replace(" ", "")) == sorted("".join(APART).replace(" ", "")), text
