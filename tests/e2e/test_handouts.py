"""PDF handouts, for real: WeasyPrint renders the fixture and the bundled content once each.

What is checked is what a reader, a clinic and a screen reader get: page counts, the words
(pdftotext), the embedded font (pdffonts), the metadata and tagging (pypdf, pdfinfo), the
flowchart's labels as real text, the contents page's page numbers; then that the cache skips
unchanged handouts and that a rebuild gives the same bytes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hb_testlib import BUNDLED, FIXTURE, copy_content, set_public_url
from pypdf import PdfReader

from generator.checks import load_and_check
from generator.emit.flowchart import FlowchartBuild, build_flowchart
from generator.model.content import Content
from generator.publish.handouts import Handouts, render_handouts
from generator.resolve import format_date, resolve
from generator.text.inline import prose_plain as prose_to_text

CONTENTS = {"fixture": FIXTURE, "bundled": BUNDLED}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("handouts"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


@dataclass(frozen=True)
class Rendered:
    content: Content
    root: Path  # the content folder rendered (a copy, with a public address)
    cache: Path
    pdfs: Handouts
    flowchart: FlowchartBuild

    def again(self, cache: Path) -> Handouts:
        return render_handouts(resolve(self.content), self.flowchart, cache_dir=cache)


@pytest.fixture(scope="module", params=sorted(CONTENTS))
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             shared_cache: Path) -> Iterator[Rendered]:
    # a published site's address: with the bundled placeholder no address or QR code is printed
    # (tests/unit/test_pdf.py), and these tests read the printed addresses
    root = set_public_url(copy_content(tmp_path_factory.mktemp(f"content-{request.param}"),
                                       CONTENTS[request.param]))
    content, report = load_and_check(root)
    assert content is not None, report.errors
    cache = tmp_path_factory.mktemp(f"handouts-{request.param}")
    # The flowchart diagram (Mermaid takes many seconds) is rendered once per test run into the
    # shared cache, and the web page and the handouts use that one render; the handouts
    # themselves start from an empty cache.
    r = resolve(content)
    fc = build_flowchart(r, cache_dir=shared_cache)
    for svg in sorted(shared_cache.glob("flowchart-*.svg")):  # for `hipback pdf` below
        shutil.copy2(svg, cache / svg.name)
    yield Rendered(content=content, root=root, cache=cache, flowchart=fc,
                   pdfs=render_handouts(r, fc, cache_dir=cache))


def pdftotext(path: Path, page: int | None = None, *, layout: bool = False) -> str:
    """The text of a PDF in the order it was written (``-raw``): lists set in two columns read
    one column after the other, as they do in the document's structure."""
    args = ["pdftotext", "-enc", "UTF-8"] + ([] if layout else ["-raw"])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def words(text: str) -> str:
    return " ".join(text.split())


def squashed(text: str) -> str:
    """Text without any whitespace: printed URLs may wrap after a "/"."""
    return re.sub(r"\s+", "", text)


def page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


def test_every_handout_exists(rendered: Rendered) -> None:
    names = resolve(rendered.content).links.handouts
    assert sorted(rendered.pdfs) == sorted(names)
    assert rendered.pdfs.rendered == sorted(names)  # a fresh cache: everything rendered
    for name, path in rendered.pdfs.items():
        assert path.is_file() and path.read_bytes().startswith(b"%PDF-"), name
        assert path.is_relative_to(rendered.cache)


def test_page_counts(rendered: Rendered) -> None:
    counts = {name: page_count(path) for name, path in rendered.pdfs.items()}
    for slug in rendered.content.conditions:
        assert 1 <= counts[slug] <= 2, f"{slug} has {counts[slug]} pages"
    # the comparison table takes a landscape page per 4 or 5 conditions, the flowchart in
    # words about 5 pages for the bundled chart (17 outcomes)
    assert 3 <= counts["overview"] <= 8 + len(rendered.content.conditions) // 2
    # the booklet: its front (cover, contents), then the overview and every condition, joined
    front = front_pages(rendered.pdfs["booklet"])
    assert front == 2  # a cover and one page of contents
    parts = ["overview", *rendered.content.conditions]
    assert counts["booklet"] == front + sum(counts[p] for p in parts)


def test_paper_size_and_the_landscape_table(rendered: Rendered) -> None:
    overview = PdfReader(rendered.pdfs["overview"])
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in overview.pages]
    assert sizes[0] == (595, 842)  # A4 portrait
    assert (842, 595) in sizes  # the comparison table's landscape page


def test_condition_text(rendered: Rendered) -> None:
    content = rendered.content
    site = content.site
    for slug, cond in content.conditions.items():
        raw = pdftotext(rendered.pdfs[slug])
        text = words(raw)
        assert cond.name in text
        for sl in content.red_flags.lists:  # the red-flag box: every on-every-page list
            if sl.on_every_page:
                for sign in sl.signs:
                    assert prose_to_text(sign.text) in text, (slug, sl.id, sign.id)
        assert site.emergency_number in text
        assert format_date(cond.review.last_reviewed) in text
        assert format_date(cond.review.next_review) in text
        assert cond.review.reviewed_by in text
        url = f"{site.public_url}conditions/{slug}/".removeprefix("https://")
        assert url in squashed(raw)
        assert prose_to_text(site.disclaimer) in text
        assert "Page 1 of" in text


def test_overview_text_and_flowchart_labels(rendered: Rendered) -> None:
    content = rendered.content
    path = rendered.pdfs["overview"]
    text = words(pdftotext(path))
    for sl in content.red_flags.lists:
        for sign in sl.signs:
            assert prose_to_text(sign.text) in text
    assert content.site.emergency_number in text
    for group in content.site.groups:
        assert group.title in text
    # the page with the diagram: its labels must be real text, not outlines or lost boxes
    fc = content.flowchart
    pages = [words(pdftotext(path, n)) for n in range(1, page_count(path) + 1)]
    diagram = [p for p in pages if fc.title in p and "questions in words" not in p]
    assert len(diagram) == 1
    lists = {sl.id: sl for sl in content.red_flags.lists}
    for question in fc.questions:
        asked = lists[question.asks_about].question if question.asks_about else question.question
        assert str(asked) in diagram[0], question.id
    for outcome in fc.outcomes:
        assert outcome.title in diagram[0], outcome.id
    # SVG links cannot be clicked on paper: every outcome's condition pages are printed
    flat = squashed(" ".join(pages))
    for outcome in fc.outcomes:
        for slug in outcome.conditions:
            assert squashed(f"{content.site.public_url}conditions/{slug}/".removeprefix(
                "https://")) in flat


def front_pages(path: Path) -> int:
    """Pages of the booklet's front: those labelled i, ii, … (the parts are 1, 2, …)."""
    return sum(1 for label in PdfReader(path).page_labels if not label.isdigit())


def parts_in_order(r: Rendered) -> list[str]:
    return ["overview", *resolve(r.content).order]


def test_booklet_contents_page_numbers_are_right(rendered: Rendered) -> None:
    content = rendered.content
    path = rendered.pdfs["booklet"]
    toc = pdftotext(path, 2, layout=True)
    entries = {
        m.group(1).strip(): int(m.group(2))
        for m in re.finditer(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", toc, re.MULTILINE)
    }
    labels = PdfReader(path).page_labels
    for cond in content.conditions.values():
        assert cond.name in entries, f"{cond.name} is not in the contents"
        # the number printed is the page's label; pdftotext counts physical pages
        page = words(pdftotext(path, labels.index(str(entries[cond.name])) + 1))
        assert prose_to_text(cond.summary)[:60] in page, f"{cond.name} is not on its page"
    assert entries[content.strings["pdf"]["overview"]["title"]] == 1
    cover = words(pdftotext(path, 1))
    assert content.site.title in cover and content.site.tagline in cover
    for group in content.site.groups:
        assert group.title in words(toc)


def test_booklet_is_the_handouts_joined(rendered: Rendered) -> None:
    """Every page of every part is in the booklet, in order, exactly as printed alone."""
    path = rendered.pdfs["booklet"]
    front = front_pages(path)
    page = front + 1
    for name in parts_in_order(rendered):
        part = rendered.pdfs[name]
        for n in range(1, page_count(part) + 1):
            assert pdftotext(path, page) == pdftotext(part, n), (name, n)
            page += 1
    assert page - 1 == page_count(path)


def test_booklet_page_labels_and_bookmarks(rendered: Rendered) -> None:
    content = rendered.content
    r = resolve(content)
    path = rendered.pdfs["booklet"]
    reader = PdfReader(path)
    front = front_pages(path)
    assert reader.page_labels == ["i", "ii"][:front] + [
        str(n) for n in range(1, len(reader.pages) - front + 1)]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"

    def item(entry: Any) -> tuple[str, int]:
        return entry.title, reader.get_destination_page_number(entry)

    outline = reader.outline
    tops = [item(e) for e in outline if not isinstance(e, list)]
    children = [e for e in outline if isinstance(e, list)]
    # the front's own bookmark (Contents), the overview, then one per group
    groups = [g.title for g in content.site.groups if r.in_group(g.id)]
    overview = content.strings["pdf"]["overview"]["title"]
    assert [t for t, _p in tops] == ["Contents", overview, *groups]
    assert tops[1][1] == front  # the overview starts right after the front
    firsts: dict[str, int] = {}
    page = front
    for name in parts_in_order(rendered):
        firsts[name] = page
        page += page_count(rendered.pdfs[name])
    # each group's bookmark lists its conditions (each with its own sections below it)
    by_group = dict(zip(groups, children[-len(groups):], strict=True))
    for group in content.site.groups:
        if group.title not in groups:
            continue
        entries = [e for e in by_group[group.title] if not isinstance(e, list)]
        slugs = [slug for slug, _c in r.in_group(group.id)]
        assert [item(e) for e in entries] == [(content.conditions[s].name, firsts[s])
                                              for s in slugs]
        assert dict(tops)[group.title] == firsts[slugs[0]]
        sections = [e for e in by_group[group.title] if isinstance(e, list)]
        assert len(sections) == len(slugs)  # the handout's own bookmarks, under its name
        for slug, own in zip(slugs, sections, strict=True):
            pages = {reader.get_destination_page_number(e) for e in own
                     if not isinstance(e, list)}
            assert pages <= set(range(firsts[slug], firsts[slug]
                                      + page_count(rendered.pdfs[slug]))), slug


def test_booklet_contents_jump_to_the_parts(rendered: Rendered) -> None:
    path = rendered.pdfs["booklet"]
    with pikepdf.open(path) as pdf:
        targets = {}
        index = {p.objgen: i for i, p in enumerate(pdf.pages)}
        for annot in pdf.pages[1].obj.get("/Annots", []):
            assert annot.A.S == "/GoTo", "a contents entry still points to the web"
            targets[str(annot.Contents)] = index[annot.A.D[0].objgen]
    r = resolve(rendered.content)
    page = front_pages(path)
    for name in parts_in_order(rendered):
        title = (rendered.content.conditions[name].name if name in rendered.content.conditions
                 else rendered.content.strings["pdf"]["overview"]["title"])
        assert targets[title] == page, title
        page += page_count(rendered.pdfs[name])
    assert len(targets) == len(r.order) + 1


def structure(path: Path) -> dict[str, Any]:
    """The tagging facts of a PDF: broken links in its structure tree, and how many marked
    content sequences of its pages have a structure element that owns them (through the
    ParentTree, as a screen reader finds them)."""
    errors: list[str] = []
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        tree = pdf.Root.StructTreeRoot
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        objr: set[tuple[int, int]] = set()
        parts: list[str] = []
        todo = [(k, tree) for k in (tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K])]
        while todo:
            el, parent = todo.pop()
            if el.get("/P") is None or el.P.objgen != parent.objgen:
                errors.append(f"{el.S}: /P is not its parent")
            pg = el.get("/Pg")
            if pg is not None and pg.objgen not in pages:
                errors.append(f"{el.S}: /Pg is not a page of this file")
            if el.S == "/Part" and "/T" in el:
                parts.append(str(el.T))
            kids = el.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
                if isinstance(kid, int):
                    owner[(pages[pg.objgen], int(kid))] = el.objgen
                elif kid.get("/Type") == "/MCR":
                    owner[(pages[kid.get("/Pg", pg).objgen], int(kid.MCID))] = el.objgen
                elif kid.get("/Type") == "/OBJR":
                    objr.add(kid.Obj.objgen)
                else:
                    todo.append((kid, el))
        nums = tree.ParentTree.Nums
        entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        if entries and int(tree.get("/ParentTreeNextKey", max(entries) + 1)) <= max(entries):
            errors.append("ParentTreeNextKey is not past the last key")
        found: list[int] = []
        for i, page in enumerate(pdf.pages):
            mcids = {int(ops[1].MCID) for ops, op in pikepdf.parse_content_stream(page)
                     if str(op) == "BDC" and isinstance(ops[1], pikepdf.Dictionary)
                     and "/MCID" in ops[1]}
            entry = entries.get(int(page.obj.get("/StructParents", -1)))
            if mcids and entry is None:
                errors.append(f"page {i + 1}: no ParentTree entry")
                continue
            found.append(sum(1 for m in mcids if (i, m) in owner and m < len(entry)
                             and entry[m].objgen == owner[(i, m)]))
            for annot in page.obj.get("/Annots", []):
                if int(annot.get("/StructParent", -1)) not in entries:
                    errors.append(f"page {i + 1}: an annotation has no ParentTree entry")
                elif annot.objgen not in objr:
                    errors.append(f"page {i + 1}: an annotation is not in the structure tree")
        return {"errors": errors, "owned": found, "parts": parts,
                "marked": bool(pdf.Root.MarkInfo.Marked), "lang": str(pdf.Root.Lang),
                "display_title": bool(pdf.Root.ViewerPreferences.DisplayDocTitle),
                "xmp_title": pdf.open_metadata().get("dc:title")}


def test_booklet_keeps_the_tags_of_every_part(rendered: Rendered) -> None:
    content = rendered.content
    path = rendered.pdfs["booklet"]
    booklet = structure(path)
    assert booklet["errors"] == []
    assert booklet["marked"] and booklet["lang"] == content.site.language
    assert booklet["display_title"]
    assert content.site.title in booklet["xmp_title"]
    # page by page, as many marked-content sequences find their structure element as in the
    # handout printed alone: the join lost none
    page = front_pages(path)
    assert all(booklet["owned"][:page])  # the front is tagged too
    for name in parts_in_order(rendered):
        alone = structure(rendered.pdfs[name])
        assert alone["errors"] == [], name
        assert booklet["owned"][page:page + len(alone["owned"])] == alone["owned"], name
        page += len(alone["owned"])
    # one /Part per group and per handout, titled
    r = resolve(content)
    groups = [g.title for g in content.site.groups if r.in_group(g.id)]
    overview = content.strings["pdf"]["overview"]["title"]
    assert sorted(booklet["parts"]) == sorted(
        [overview, *groups, *(c.name for c in content.conditions.values())])
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)


def test_fonts_are_embedded(rendered: Rendered) -> None:
    for name, path in rendered.pdfs.items():
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                             text=True).stdout
        rows = out.splitlines()[2:]
        assert rows, name
        assert any("Atkinson-Hyperlegible-Next" in row for row in rows), name
        for row in rows:
            assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), row
            emb = row.split()[-5]
            assert emb == "yes", f"{name}: font not embedded: {row}"
        if name in rendered.content.conditions:  # no fallback font in a condition handout
            assert all("Atkinson-Hyperlegible-Next" in row for row in rows), (name, rows)


def test_metadata_and_tagging(rendered: Rendered) -> None:
    content = rendered.content
    for name, path in rendered.pdfs.items():
        reader = PdfReader(path)
        meta = reader.metadata
        assert meta is not None
        assert meta.title and content.site.title in meta.title, name
        assert meta.subject, name
        assert meta.author == content.site.publisher
        assert reader.trailer["/Root"]["/Lang"] == content.site.language
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                              text=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), name
    for slug, cond in content.conditions.items():
        meta = PdfReader(rendered.pdfs[slug]).metadata
        assert meta is not None and meta.title is not None and cond.name in meta.title
        assert meta.subject == prose_to_text(cond.summary)
        day = cond.review.last_reviewed.strftime("%Y%m%d")
        assert meta["/CreationDate"].startswith(f"D:{day}")  # from the content, not the clock
        assert meta["/ModDate"].startswith(f"D:{day}")


def test_second_run_is_all_cache_hits(rendered: Rendered) -> None:
    again = rendered.again(rendered.cache)
    assert again.rendered == []
    assert again.cached == sorted(rendered.pdfs)
    assert dict(again) == dict(rendered.pdfs)


def test_rebuild_is_byte_identical(rendered: Rendered, tmp_path: Path) -> None:
    # a fresh cache: WeasyPrint runs again on the same HTML
    rebuilt = rendered.again(tmp_path)
    assert rebuilt.rendered == sorted(rendered.pdfs)
    for name, path in rendered.pdfs.items():
        assert rebuilt[name].read_bytes() == path.read_bytes(), f"{name} differs on rebuild"
        assert rebuilt[name].name == path.name


@pytest.mark.parametrize("rendered", ["fixture"], indirect=True)
def test_a_long_booklet_comes_in_volumes(rendered: Rendered, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.model import sitemap

    monkeypatch.setattr(sitemap, "MAX_PER_VOLUME", 2)
    cache = tmp_path / "cache"
    shutil.copytree(rendered.cache, cache)
    out = rendered.again(cache)
    assert out.rendered == ["booklet-1", "booklet-2"]  # the handouts are cached: joins only
    order = resolve(rendered.content).order
    runs = [list(order[:2]), list(order[2:])]
    for i, (name, slugs) in enumerate(zip(["booklet-1", "booklet-2"], runs, strict=True), 1):
        path = out[name]
        parts = ["overview", *slugs]
        assert page_count(path) == front_pages(path) + sum(
            page_count(rendered.pdfs[p]) for p in parts)
        cover = words(pdftotext(path, 1))
        first, last = (rendered.content.conditions[x].name for x in (slugs[0], slugs[-1]))
        assert f"Volume {i} of 2: {first} to {last}" in cover
        assert structure(path)["errors"] == []
        titles = [e.title for e in PdfReader(path).outline if not isinstance(e, list)]
        assert titles[:2] == ["Contents", rendered.content.strings["pdf"]["overview"]["title"]]
        meta = PdfReader(path).metadata
        assert meta is not None and meta.title is not None and f"volume {i} of 2" in meta.title


@pytest.mark.parametrize("rendered", ["fixture"], indirect=True)
def test_cli_renders_only_one_handout(rendered: Rendered, tmp_path: Path) -> None:
    from hb_testlib import run_cli

    content_dir = rendered.root
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(["pdf", "--content", str(content_dir), "--cache",
                                    str(rendered.cache), "--only", "sciatica", "--out", str(out)])
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["sciatica.pdf"]
    assert (out / "sciatica.pdf").read_bytes() == rendered.pdfs["sciatica"].read_bytes()
    assert "1 handout(s)" in stdout


def test_a_long_condition_still_fits_on_two_pages(tmp_path: Path, shared_cache: Path) -> None:
    """Longer lists switch the handout to its compact layout instead of spilling onto page 3."""
    import dataclasses

    content, _ = load_and_check(CONTENTS["bundled"])
    assert content is not None
    # the bundled handouts already use the compact layout; the shortest one has room to grow
    slug = min(content.conditions, key=lambda s: len(content.conditions[s].model_dump_json()))
    cond = content.conditions[slug]
    extra = ["This extra line makes the list longer than the bundled one."]
    longer = cond.model_copy(update={
        field: [*getattr(cond, field), *extra] for field in ("feels_like", "worse_with")
    })
    content = dataclasses.replace(content, conditions={**content.conditions, slug: longer})
    r = resolve(content)
    out = render_handouts(r, build_flowchart(r, cache_dir=shared_cache), cache_dir=tmp_path,
                          only=slug)
    assert out.pages[slug] == page_count(out[slug]) <= 2
    assert extra[0] in words(pdftotext(out[slug]))
