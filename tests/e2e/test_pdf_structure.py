"""Every handout as a screen reader gets it: its PDF/UA structure tree, walked with pikepdf.

The fixture content's handouts (three conditions, the overview, the hazard log and the booklet
joined from them) are rendered once, as the build makes them. Then, in every one: each /Figure
has alt text (the body map's legend keys are artifacts, not figures), its /BBox is in points
inside the page (PDF coordinates: the QR code printed at the top of the page is in the top half),
no /Link sits inside a /Link, the tagged text keeps its word breaks (no word of it is two words
of the handout run together), and the document has its language, its title shown as the window
title, bookmarks, and only embedded fonts.

The tagged text is read the way a consumer of tagged PDF reads it: the text of each marked
content sequence in structure order (its /ActualText when it has one and draws text), a
figure's /Alt instead of its drawing, block elements on their own lines; nothing inferred from
glyph positions (ISO 32000-1 14.8.2.5).
"""

from __future__ import annotations

import html
import io
import multiprocessing
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hb_testlib import copy_content, set_public_url
from pikepdf import Array, Dictionary, Name

from generator.checks import load_and_check
from generator.emit.flowchart import build_flowchart
from generator.emit.pdf.booklet import booklet_volumes
from generator.emit.pdf.html import build_html
from generator.model.content import Content
from generator.publish.handouts import render_handouts
from generator.publish.pdfwork import RenderJob, environment_fingerprint, render_job
from generator.resolve import resolve

BLOCKS = {"/Document", "/Part", "/Art", "/Sect", "/Div", "/P", "/H1", "/H2", "/H3", "/H4",
          "/H5", "/H6", "/L", "/LI", "/Table", "/TR", "/TH", "/TD", "/Caption", "/Figure"}

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("handouts")]


@dataclass(frozen=True)
class Handouts:
    content: Content
    pdfs: dict[str, Path]
    html: dict[str, str]  # the HTML each PDF was laid out from (the booklet: all of its parts)


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Handouts:
    # a real address: with the fixture's placeholder one a handout prints no QR code and no
    # "Read this online" box, and this test needs both
    root = set_public_url(copy_content(tmp_path_factory.mktemp("content")))
    content, report = load_and_check(root)
    assert content is not None, report.errors
    r = resolve(content)
    fc = build_flowchart(r, cache_dir=shared_cache)  # one Mermaid render per test run
    pdfs = render_handouts(r, fc, cache_dir=tmp_path_factory.mktemp("structure"))
    laid_out = build_html(r, fc)
    fronts = "".join(v.front for v in booklet_volumes(r, fc))
    return Handouts(content=content, pdfs=dict(pdfs),
                    html={**laid_out, "booklet": fronts + "".join(laid_out.values())})


# --------------------------------------------------------------------------------------------
# Reading a tagged PDF


def _to_unicode(font: Any) -> dict[int, str]:
    """A font's ToUnicode CMap (the ``bfchar`` and ``bfrange`` entries WeasyPrint writes)."""
    stream = font.get("/ToUnicode")
    data = stream.read_bytes().decode("latin-1") if stream is not None else ""
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for lo, hi, dst in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(int(dst, 16) + i)
    return out


def marked_texts(page: Any) -> dict[int, str]:
    """MCID → the text its marked content draws (or its /ActualText, if it draws any)."""
    texts: dict[int, str] = {}
    actual: dict[int, str] = {}
    cmaps: dict[Any, dict[int, str]] = {}

    def run(owner: Any, resources: Any, stack: list[tuple[str, int | None]]) -> None:
        cmap: dict[int, str] = {}
        width = 1
        for operands, op in pikepdf.parse_content_stream(owner):
            name = str(op)
            if name in ("BDC", "BMC"):
                props = operands[1] if name == "BDC" else None
                mcid = (int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props
                        else None)
                if mcid is not None and "/ActualText" in props:
                    actual[mcid] = str(props.ActualText)
                stack.append((str(operands[0]), mcid))
            elif name == "EMC":
                stack.pop()
            elif name == "Tf":
                font = resources.Font[operands[0]]
                cmap = cmaps.setdefault(font.objgen, _to_unicode(font))
                width = 2 if font.get("/Subtype") == Name.Type0 else 1
            elif name in ("Tj", "TJ", "'", '"'):
                if any(tag == "/Artifact" for tag, _ in stack):
                    continue
                mcid = next((m for _, m in reversed(stack) if m is not None), None)
                shown = operands[-1]
                for piece in shown if isinstance(shown, Array) else [shown]:
                    if isinstance(piece, pikepdf.String) and mcid is not None:
                        raw = bytes(piece)
                        texts[mcid] = texts.get(mcid, "") + "".join(
                            cmap.get(int.from_bytes(raw[i:i + width], "big"), "\ufffd")
                            for i in range(0, len(raw), width))
            elif name == "Do":
                xobject = resources.XObject[operands[0]]
                if xobject.get("/Subtype") == Name.Form:
                    run(xobject, xobject.get("/Resources", resources), stack)

    run(page, page.Resources, [])
    return {m: actual.get(m, t) if t else t for m, t in texts.items()}


@dataclass
class Tree:
    """What the structure tree says: its text in reading order, its figures, its faults."""

    text: str = ""
    figures: list[tuple[str, list[float], int]] = field(default_factory=list)  # alt, bbox, page
    nested_links: int = 0


def kids(element: Any) -> list[Any]:
    k = element.get("/K")
    return list(k) if isinstance(k, Array) else [] if k is None else [k]


def read_tree(pdf: Any) -> Tree:
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    texts = [marked_texts(p) for p in pdf.pages]
    tree = Tree()
    out: list[str] = []

    def walk(el: Any, page: Any, links: int) -> None:
        if isinstance(el, int):
            out.append(texts[pages[page.objgen]].get(el, ""))
            return
        if not isinstance(el, Dictionary) or el.get("/Type") == Name.OBJR:
            return
        if el.get("/Type") == Name.MCR:
            out.append(texts[pages[el.get("/Pg", page).objgen]].get(int(el.MCID), ""))
            return
        page = el.get("/Pg", page)
        kind = str(el.get("/S"))
        block = kind in BLOCKS
        out.append("\n" if block else "")
        if kind == "/Figure":
            box = [float(x) for x in el.A.BBox] if "/A" in el else []
            tree.figures.append((str(el.get("/Alt", "")), box, pages[page.objgen]))
            out.append(str(el.get("/Alt", "")))
        else:
            tree.nested_links += kind == "/Link" and links > 0
            for kid in kids(el):
                walk(kid, page, links + (kind == "/Link"))
        out.append("\n" if block else "")

    for top in kids(pdf.Root.StructTreeRoot):
        walk(top, None, 0)
    tree.text = re.sub(r"\n\s*", "\n", "".join(out))
    return tree


def fonts(pdf: Any) -> Iterator[tuple[str, Any]]:
    """Every font the pages use (their own and their form XObjects')."""
    seen: set[Any] = set()

    def of(resources: Any) -> Iterator[tuple[str, Any]]:
        for name, font in (resources.get("/Font") or {}).items():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield name, font
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.objgen not in seen and xobject.get("/Subtype") == Name.Form:
                seen.add(xobject.objgen)
                yield from of(xobject.get("/Resources") or Dictionary())

    for page in pdf.pages:
        yield from of(page.Resources)


def embedded(font: Any) -> bool:
    if font.get("/Subtype") == Name.Type3:
        return True  # its glyphs are drawn by the file itself
    described = font.DescendantFonts[0] if font.get("/Subtype") == Name.Type0 else font
    descriptor = described.get("/FontDescriptor") or Dictionary()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def words_of(source: str) -> str:
    """The text of handout HTML (no head or style), tags dropped, spaces collapsed, lower case:
    a word of the tagged text that is not in here is two words run together."""
    body = re.sub(r"(?s)<head>.*?</head>|<style>.*?</style>", " ", source)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split()).lower()


# --------------------------------------------------------------------------------------------
# The checks, on every handout


def test_every_handout_is_tagged_with_language_title_and_embedded_fonts(
        handouts: Handouts) -> None:
    site = handouts.content.site
    titles = {m.group(1) for source in handouts.html.values()
              for m in re.finditer(r"<title>([^<]*)</title>", source)}
    assert set(handouts.pdfs) >= {*handouts.content.conditions, "overview", "hazard-log",
                                  "booklet"}
    for name, path in handouts.pdfs.items():
        with pikepdf.open(path) as pdf:
            assert bool(pdf.Root.MarkInfo.Marked), name
            assert str(pdf.Root.Lang) == site.language, name
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle), name
            title = pdf.open_metadata().get("dc:title")
            assert html.unescape(str(title)) in {html.unescape(t) for t in titles}, name
            used = list(fonts(pdf))
            assert used, name
            assert [n for n, f in used if not embedded(f)] == [], name


def test_every_figure_has_alt_text_and_a_box_in_points_on_its_page(handouts: Handouts) -> None:
    s = handouts.content.strings
    qr_prefix = s["pdf"]["qr_title"].split("{", 1)[0]
    for name, path in handouts.pdfs.items():
        with pikepdf.open(path) as pdf:
            tree = read_tree(pdf)
            for alt, box, page in tree.figures:
                assert alt.strip(), f"{name}: a figure on page {page + 1} has no alt text"
                x0, y0, x1, y1 = (float(v) for v in pdf.pages[page].MediaBox)
                assert len(box) == 4, f"{name}: {alt!r} has no /BBox"
                assert x0 <= box[0] < box[2] <= x1 + 0.01, (name, alt, box)
                assert y0 <= box[1] < box[3] <= y1 + 0.01, (name, alt, box)
                if alt.startswith(qr_prefix):  # printed at the top: high up in PDF coordinates
                    assert box[1] > (y0 + y1) / 2, (name, alt, box)
        if name in handouts.content.conditions:
            # the QR code and the body map; the legend keys are artifacts, not figures
            assert len(tree.figures) == 2, (name, [a for a, _, _ in tree.figures])
    with pikepdf.open(handouts.pdfs["booklet"]) as pdf:
        assert len(read_tree(pdf).figures) == 2 * len(handouts.content.conditions) + 1


def test_no_link_inside_a_link(handouts: Handouts) -> None:
    for name, path in handouts.pdfs.items():
        with pikepdf.open(path) as pdf:
            assert read_tree(pdf).nested_links == 0, name


def test_tagged_text_keeps_every_word_break(handouts: Handouts) -> None:
    content = handouts.content
    for name, path in handouts.pdfs.items():
        with pikepdf.open(path) as pdf:
            text = read_tree(pdf).text
        source = words_of(handouts.html[name])
        # the contents' leader dots are drawn by the CSS; so are list markers and numbers
        words = {w for w in re.sub(r"\.{3,}", " ", text).lower().split()
                 if re.search(r"[^\W\d_]", w)}
        run_together = sorted(w for w in words if w not in source)
        assert run_together == [], f"{name}: {run_together[:10]}"
        if name in content.conditions or name in ("overview", "booklet"):
            # a tier's badge and the card's heading ("EMERGENCY Get help now")
            for tier in content.tiers.tiers:
                if tier.title in text:
                    assert f"{tier.label.upper()} {tier.title}" in text, (name, tier.id)
        if name in content.conditions:
            s = content.strings["pdf"]
            # a heading and its text split by a line break, and words split by a wrap
            assert f"{s['online_heading']}\n{s['online_text']} " in text, name


# --------------------------------------------------------------------------------------------
# The same structure in every translated language (the bundled Welsh and Arabic)


LANGUAGE_HANDOUT = "sciatica"  # translated into both bundled languages


@pytest.fixture(scope="module")
def language_handouts(tmp_path_factory: pytest.TempPathFactory,
                      shared_cache: Path) -> dict[str, tuple[Path, str]]:
    """The bundled Welsh and Arabic sciatica handouts, laid out as the build lays them out
    (with a real address: the QR code is a figure too): language → (PDF, its HTML)."""
    import datetime as dt

    from hb_testlib import BUNDLED

    from generator.checks import check_folder
    from generator.emit.pdf.html import MAX_CONDITION_PAGES, compact_html, tight_html

    root = set_public_url(copy_content(tmp_path_factory.mktemp("bundled"), BUNDLED))
    checked = check_folder(root, today=dt.date(2026, 12, 7))
    out: dict[str, tuple[Path, str]] = {}
    folder = tmp_path_factory.mktemp("language-pdfs")
    for lang in ("cy", "ar"):
        r = resolve(checked.localised[lang])
        fc = build_flowchart(r, cache_dir=shared_cache)
        page = build_html(r, fc, names=[LANGUAGE_HANDOUT])[LANGUAGE_HANDOUT]
        compact = compact_html(r, fc, LANGUAGE_HANDOUT)
        paper = r.content.site.paper_size
        done = render_job(RenderJob(name=LANGUAGE_HANDOUT, html=page, paper=paper,
                                    fingerprint=environment_fingerprint(paper),
                                    max_pages=MAX_CONDITION_PAGES, compact=compact,
                                    tight=tight_html(compact)))
        assert done.pages <= MAX_CONDITION_PAGES, (lang, done.pages)
        path = folder / f"{lang}-{LANGUAGE_HANDOUT}.pdf"
        path.write_bytes(done.pdf)
        out[lang] = (path, page)
    return out


def test_language_handouts_have_their_language_title_figures_and_fonts(
        language_handouts: dict[str, tuple[Path, str]]) -> None:
    expected_fonts = {"cy": {"Atkinson-Hyperlegible-Next"},
                      "ar": {"Atkinson-Hyperlegible-Next", "Vazirmatn"}}
    for lang, (path, page) in language_handouts.items():
        title = re.search(r"<title>([^<]*)</title>", page)
        assert title, lang
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == lang
            assert bool(pdf.Root.MarkInfo.Marked), lang
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle), lang
            assert html.unescape(str(pdf.open_metadata().get("dc:title"))) == html.unescape(
                title.group(1)), lang
            with pdf.open_outline() as outline:
                assert outline.root, f"{lang}: no bookmarks"
            used = list(fonts(pdf))
            assert [n for n, f in used if not embedded(f)] == [], lang
            # subset prefixes ("ABCDEF+") and weights aside, the families that cover the text
            families = {re.sub(r"^/[A-Z]{6}\+|-(Bold|Italic|BoldItalic)$", "", str(f.BaseFont))
                        for _n, f in used}
            assert families == expected_fonts[lang], (lang, families)
            tree = read_tree(pdf)
            assert tree.nested_links == 0, lang
            # the QR code and the body map, each with alt text
            assert len(tree.figures) == 2, (lang, [a for a, _, _ in tree.figures])
            assert all(alt.strip() for alt, _b, _p in tree.figures), lang
    assert 'dir="rtl"' in language_handouts["ar"][1]
    assert 'dir="ltr"' in language_handouts["cy"][1]


# --------------------------------------------------------------------------------------------
# The repairs themselves (generator/publish/pdftags.py), on a page laid out for the purpose

PROBE = """<!DOCTYPE html><html lang="en"><head><title>Probe</title><style>
@page { size: 200pt 300pt; margin: 0 }
body { margin: 0; font: 12pt sans-serif }
.narrow { width: 30mm }
.badge { display: inline-block; border: 1pt solid }
svg { display: block; width: 96px; height: 96px }
</style></head><body>
<svg viewBox="0 0 10 10"><title>A square</title><rect width="10" height="10"/></svg>
<p class="narrow">one two three four five six seven eight</p>
<h2><span class="badge">Urgent</span> <span>Get help today</span></h2>
<p><strong>Read this</strong><br>Then that</p>
<p class="narrow"><em>alpha beta</em> <em>gamma delta</em> <em>epsilon</em></p>
</body></html>"""


def test_the_repairs_on_a_probe_page(tmp_path: Path) -> None:
    job = RenderJob(name="probe", html=PROBE, paper="A4",
                    fingerprint=environment_fingerprint("A4"), max_pages=None)
    # WeasyPrint stays out of the test process (it changes how ElementTree writes namespaces)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = pool.submit(render_job, job).result()
    with pikepdf.open(io.BytesIO(done.pdf)) as pdf:
        tree = read_tree(pdf)
    # 96 CSS px = 72 pt, at the top left of a 300 pt high page: y from the bottom
    ((alt, box, _page),) = tree.figures
    assert alt == "A square"
    assert box == pytest.approx([0, 228, 72, 300], abs=0.01)
    lines = tree.text.strip().split("\n")
    assert "one two three four five six seven eight" in lines  # wrapped, spaces kept
    assert "Urgent Get help today" in lines  # a space between two elements, never drawn
    assert "alpha beta gamma delta epsilon" in lines  # a wrap between two elements
    assert "Read this Then that" in lines  # a <br>
