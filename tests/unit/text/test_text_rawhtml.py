"""Finished HTML blocks pass through Python-Markdown unread (generator.text.rawhtml)."""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pytest
import yaml

from generator.publish.mkdocs import BuildError, mkdocs_build
from generator.text.escape import md_escape
from generator.text.inline import prose_markdown
from generator.text.rawhtml import (
    CLOSE,
    EXTENSION,
    MAP_SLOT,
    OPEN,
    ForgedMarker,
    forged_markers,
    raw_block,
    seal,
    slot,
)

EXTENSIONS = ["attr_list", "md_in_html", "toc"]


def _md(text: str, *, passthrough: bool = True) -> str:
    ext = [*EXTENSIONS, EXTENSION] if passthrough else EXTENSIONS
    return markdown.markdown(text, extensions=ext)


def test_a_block_reaches_the_page_byte_for_byte() -> None:
    # Markdown syntax, a markdown attribute, a blank line and an unclosed element inside: an
    # engine that read the block would change all of them.
    block = ('<div class="x" markdown>\n*not emphasis* and [not](a-link.md)\n\n'
             '<section id="s">\n## not a heading\n</div>')
    page = seal(f"# Title\n\nBefore.\n{raw_block(block)}\nAfter *this*.\n")
    html = _md(page)
    assert block in html
    assert "<p>Before.</p>" in html and "<p>After <em>this</em>.</p>" in html
    assert OPEN not in html and CLOSE not in html


def test_same_html_with_and_without_the_extension_for_a_well_formed_block() -> None:
    block = '<nav class="n">\n<ul>\n<li><a href="#a">A &amp; B</a></li>\n</ul>\n</nav>'
    page = seal(f"# T\n\n{raw_block(block)}\n\n## A {{#a}}\n\nText.\n")
    with_ext = _md(page)
    without = _md(page, passthrough=False).replace(OPEN + "\n", "").replace(CLOSE + "\n", "")
    assert with_ext.split() == without.split()


def test_an_opening_line_without_a_closing_line_leaves_the_page_to_normal_reading() -> None:
    page = f"Text.\n\n{OPEN}\n<p>*x*</p>\n\nMore *words*.\n"
    html = _md(page)
    assert "<p>More <em>words</em>.</p>" in html
    assert OPEN in html  # kept as the comment it is


@pytest.mark.parametrize("html", ["plain words", "<span>inline</span>", "<svg></svg>"])
def test_raw_block_wants_a_block_level_element(html: str) -> None:
    with pytest.raises(ValueError, match="block-level"):
        raw_block(html)


def test_raw_block_refuses_the_markers_inside() -> None:
    with pytest.raises(ValueError, match="markers"):
        raw_block(f"<div>\n{CLOSE}\n<script>x</script>\n</div>")


def test_content_text_cannot_make_a_marker_line() -> None:
    # Plain values are escaped: "<" can never start a line of Markdown.
    assert md_escape(OPEN) != OPEN
    assert OPEN not in md_escape(f"x\n{OPEN}\ny").splitlines()
    # Prose renders inline Markdown only; a comment in it is not kept as a line of its own.
    assert OPEN not in prose_markdown(f"Words\n{OPEN}\nmore", link=lambda target: target).split(
        "\n")


def _site(tmp_path: Path, link: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    block = seal(raw_block('<section class="card" id="inside">\n<p>Card</p>\n</section>'))
    (docs / "index.md").write_text(f"# Home\n\n[Card](other.md#{link})\n", encoding="utf-8")
    (docs / "other.md").write_text(f"# Other\n\n{block}\n", encoding="utf-8")
    config = {"site_name": "T", "docs_dir": "docs", "markdown_extensions": [EXTENSION],
              "validation": {"anchors": "warn"}, "theme": {"name": "mkdocs"}}
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_mkdocs_still_validates_links_to_anchors_inside_a_block(tmp_path: Path) -> None:
    # MkDocs reads the ids of raw HTML to validate anchors; the extension hands them over.
    config = _site(tmp_path, "inside")
    mkdocs_build(config, tmp_path / "site")
    assert 'id="inside"' in (tmp_path / "site" / "other" / "index.html").read_text()


def test_mkdocs_still_refuses_a_link_to_a_missing_anchor(tmp_path: Path) -> None:
    config = _site(tmp_path, "nowhere")
    logging.getLogger("mkdocs").propagate = False
    try:
        with pytest.raises(BuildError, match="warnings in strict mode"):
            mkdocs_build(config, tmp_path / "site")
    finally:
        logging.getLogger("mkdocs").propagate = True


def test_raw_block_writes_stand_ins_and_seal_writes_the_markers() -> None:
    made = raw_block("<p>x</p>")
    assert OPEN not in made and CLOSE not in made  # a key content cannot know, not the markers
    assert seal(made).splitlines() == [OPEN, "<p>x</p>", CLOSE]
    assert seal(slot(MAP_SLOT)) == MAP_SLOT
    assert seal(made) == seal(raw_block("<p>x</p>"))  # the same bytes every time


SPELLINGS = [OPEN, CLOSE, MAP_SLOT, "<!-- hipback:red-flags -->", "<!--hipback:html-->",
             "<!--  HIPBACK : html -->", "<!-- / hipback:html -->", "<!-\x02- hipback:html -->",
             "<!-- hipback:html \x03-->", "<!-- hipback:block 1 -->"]


@pytest.mark.parametrize("marker", SPELLINGS)
@pytest.mark.parametrize("wrap", ["{m}", "`{m}`", "``\n{m}\n``", "```\n{m}\n```", "~~~\n{m}\n~~~",
                                  "<!-- x\n{m}\n-->", "    {m}", "> {m}", "- {m}"])
def test_seal_refuses_every_spelling_in_every_position(marker: str, wrap: str) -> None:
    page = f"# T\n\nText.\n\n{wrap.format(m=marker)}\n<p>forged</p>\n{CLOSE}\n\n" + raw_block(
        "<p>ok</p>")
    assert forged_markers(page)
    with pytest.raises(ForgedMarker, match=r"^p\.md:[56]:\d+: .*content cannot make them"):
        seal(page, "p.md")


def test_a_stand_in_with_another_key_stays_an_inert_comment() -> None:
    guess = "<!-- hb-00000000000000000000000000000000-0 -->"
    page = seal(f"Text.\n\n`{guess}\n<p>*x*</p>\n` and more\n")
    assert guess in page and OPEN not in page
    assert "<em>x</em>" not in _md(page)  # still inside its code span, read as code


@pytest.mark.parametrize("marker", SPELLINGS)
def test_prose_and_plain_fields_cannot_write_a_marker(marker: str) -> None:
    from generator.text.inline import problems

    for text in (marker, f"Words\n{marker}\nmore", f"`{marker}`"):
        assert problems(text)  # validate refuses it in a prose field
        # and whatever a renderer is given, what it writes is never read as a marker
        assert not forged_markers(prose_markdown(text, link=lambda target: target))
        assert not forged_markers(md_escape(text))


@pytest.mark.parametrize("at", [0, 1, (1 << 16) - 3, (1 << 16) - 7, 1 << 16, (3 << 16) + 5])
@pytest.mark.parametrize("word", ["hipback", "HipBack", "hipbac\u212a"])
def test_a_marker_is_found_wherever_it_is_in_a_long_page(at: int, word: str) -> None:
    # the page is lowered a slice at a time (a long page past Latin-1 lowered whole made a
    # temporary of ~80 MB): a marker across two slices, or spelt with a letter whose lower
    # case is ASCII (the Kelvin sign), is still found
    filler = "x\u2713" * ((1 << 17) + 10)
    page = filler[:at] + f"<!-- {word}:html -->" + filler[at:]
    assert forged_markers(page) == [at]
    assert forged_markers(filler) == []
