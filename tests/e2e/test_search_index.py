"""What Material's search index holds for the pages built from tables and diagrams.

The index is the text a search result shows. Flattened table cells ("SciaticaGroinUpper…") and
diagram labels ("YesNoYesNo…") are unreadable there, so the table and the diagrams are kept out
of it (``data-search-exclude``) and the pages' own sentences (intro, region sections, the
flowchart's text version) are what is indexed. Also: every link inside an inline SVG carries
SVG 2 ``href`` (what crawlers and Lighthouse count) beside ``xlink:href``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

RUN_ON = re.compile(r"[a-z][A-Z]")
"""A lower-case letter glued to a capital: two cells or labels with no space between them."""


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.fixture(scope="module")
def index(bundled_site: Path) -> dict[str, str]:
    """location → plain text of each entry of the built site's search index."""
    data = json.loads((bundled_site / "search" / "search_index.json").read_text("utf-8"))
    return {doc["location"]: _plain(doc["text"]) for doc in data["docs"]}


def _page(index: dict[str, str], page: str) -> dict[str, str]:
    """The entries of one page (``""`` is the home page)."""
    return {loc: text for loc, text in index.items()
            if loc == page or loc.startswith(page + "#") or (not page and loc.startswith("#"))}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if len(s.split()) >= 6]


@pytest.mark.parametrize("page", ["", "compare/", "where-does-it-hurt/", "flowchart/"])
def test_entries_are_readable(index: dict[str, str], page: str) -> None:
    entries = _page(index, page)
    assert entries, f"no search entry for /{page}"
    glued = {loc: re.findall(r"\w*[a-z][A-Z]\w*", text) for loc, text in entries.items()
             if RUN_ON.search(text)}
    assert not glued, f"run-on text in the search index: {glued}"
    for needle in ("YesNo", "FrontBack", "AreaOften"):
        assert all(needle not in text for text in entries.values()), needle
    # the page's first entry opens with a readable sentence (its intro), not a list of labels
    assert _sentences(entries[page]), entries[page][:300]


def test_where_regions_are_indexed_as_sentences(index: dict[str, str],
                                                bundled_site: Path) -> None:
    page = (bundled_site / "where-does-it-hurt" / "index.html").read_text("utf-8")
    regions = re.findall(r'<section class="hb-region" id="(region-[a-z0-9-]+)"', page)
    assert len(regions) >= 5
    for rid in regions:
        text = index[f"where-does-it-hurt/#{rid}-h"]
        assert "Often felt here:" in text and "Can spread here:" in text, text
    # the table repeats the sections: it is not indexed, so its caption is nowhere in the entry
    caption = _plain(re.findall(r"<caption>(.*?)</caption>", page)[0])
    assert caption and caption not in " ".join(_page(index, "where-does-it-hurt/").values())


def test_flowchart_questions_are_indexed_not_the_diagram(index: dict[str, str],
                                                         bundled_site: Path) -> None:
    page = (bundled_site / "flowchart" / "index.html").read_text("utf-8")
    questions = [_plain(q) for q in re.findall(r'<p class="hb-tree__ask">(.*?)</p>', page, re.DOTALL)]
    assert len(questions) >= 5
    text = " ".join(_page(index, "flowchart/").values())
    missing = [q for q in questions if q not in text]
    assert not missing, missing
    assert "YesNo" not in text and "Yes No Yes No" not in text
    # the diagram's section keeps its readable caption
    caption = _plain(re.findall(r"<figcaption>(.*?)</figcaption>", page, re.DOTALL)[0])
    assert index["flowchart/#the-whole-flowchart"] == caption


def test_svg_links_carry_svg2_href(bundled_site: Path) -> None:
    counted = 0
    # pages' inline SVGs, and the flowchart's drawing that its page loads (diagram.svg)
    for path in sorted([*bundled_site.rglob("*.html"), *bundled_site.rglob("*.svg")]):
        for svg in re.findall(r"<svg\b.*?</svg>", path.read_text("utf-8"), re.DOTALL):
            for a in re.findall(r"<a\b[^>]*>", svg):
                counted += 1
                plain = re.search(r'\shref="([^"]*)"', a)
                xlink = re.search(r'\sxlink:href="([^"]*)"', a)
                assert plain and xlink and plain.group(1) == xlink.group(1), f"{path}: {a}"
    assert counted >= 20  # the flowchart's outcome boxes and the body maps' regions
