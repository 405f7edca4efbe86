"""Glossary tooltips marked by the generator: the first use of each term on a page becomes
``<abbr title="definition">``, only in reader text, and the page otherwise reads the same.

Pages are read back the way MkDocs reads them (``hb_testlib.site_html``: the extensions of the
generated configuration, which no longer has ``abbr`` or snippets, as MkDocs loads them).
"""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest
import yaml
from hb_testlib import ROOT, site_html
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit import pages as listing
from generator.emit.glossary import GlossaryMarker, _trie_pattern, title_attr
from generator.emit.how_we_check import how_we_check_page
from generator.emit.markdown.renderer import Renderer
from generator.emit.pdf.volumes import volumes
from generator.emit.tree import condition_extras
from generator.model.content import Content
from generator.model.vocab import Glossary, Term
from generator.resolve import resolve
from generator.text import mdspans
from generator.text.escape import md_escape
from generator.text.rawhtml import seal

HOSTILE = '"><script>alert(1)</script> `code` [link](https://x.test) *em* \\ & \'q\' {: .c}'


class Abbrs(HTMLParser):
    """Every <abbr> of a page: (its title, its words, the elements around it)."""

    def __init__(self, page_html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.found: list[tuple[str, str, tuple[str, ...]]] = []
        self._open: list[Any] | None = None
        self.scripts = 0
        self.feed(page_html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        if tag in ("br", "hr", "img", "input", "wbr", "path", "rect", "circle", "line"):
            return
        if tag == "abbr":
            self._open = [dict(attrs).get("title"), "", tuple(self.stack)]
        self.stack.append(tag)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "abbr" and self._open is not None:
            self.found.append((self._open[0], self._open[1], self._open[2]))
            self._open = None
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]


def marker(*terms: tuple[str, list[str], str]) -> GlossaryMarker:
    return GlossaryMarker(Glossary(terms=[
        Term(id=f"t{i}", term=term, also=also, definition=definition)
        for i, (term, also, definition) in enumerate(terms)]))


SCIATICA = ("sciatica", ["Sciatica"], "Pain from an irritated sciatic nerve.")
NERVE_ROOT = ("nerve root", ["nerve roots", "Nerve root"], "Where a nerve leaves the spine.")
STENOSIS = ("stenosis", ["spinal stenosis", "lumbar spinal stenosis"], "A narrowing.")
LUMBAR = ("lumbar", ["Lumbar"], "To do with the lower back.")
XRAY = ("X-ray", ["X-rays"], "A picture of your bones.")
M = marker(SCIATICA, NERVE_ROOT, STENOSIS, LUMBAR, XRAY)


def marked_words(page: str, m: GlossaryMarker = M) -> list[str]:
    return re.findall(r'<abbr title="[^"]*">(.*?)</abbr>', m.mark(page), re.DOTALL)


# ------------------------------------------------------------------ what is marked


def test_only_the_first_use_of_each_term_on_a_page_is_marked() -> None:
    page = "Sciatica hurts. sciatica again. A nerve root, then nerve roots and Nerve root.\n"
    assert marked_words(page) == ["Sciatica", "nerve root"]
    out = M.mark(page)
    assert out.count("<abbr") == 2
    assert re.sub(r"<abbr[^>]*>|</abbr>", "", out) == page  # nothing else changes
    # each page starts afresh
    assert marked_words(page) == ["Sciatica", "nerve root"]


def test_whole_words_and_exact_case_like_the_abbr_extension() -> None:
    assert marked_words("sciaticas, presciatica, sciatica_x and SCIATICA.\n") == []
    assert marked_words("(sciatica), 'sciatica'\n") == ["sciatica"]
    assert marked_words("nerve  root and nerve\nroot\n") == []  # the words as written
    assert marked_words("sciatica.\n") == ["sciatica"]
    assert marked_words("x sciatica\\_y\n") == []  # an escaped underscore is part of the word


def test_the_longest_form_wins_and_counts_for_its_own_term() -> None:
    # no "Lumbar spinal stenosis" form: its capital "Lumbar" and then "spinal stenosis"
    assert marked_words("Lumbar spinal stenosis, then lumbar pain.\n") == [
        "Lumbar", "spinal stenosis"]
    assert marked_words("lumbar spinal stenosis, then lumbar pain and stenosis.\n") == [
        "lumbar spinal stenosis", "lumbar"]


def test_generated_text_is_matched_as_md_escape_writes_it() -> None:
    assert marked_words("- X\\-rays are rarely useful. An X-ray is a picture.\n") == [
        "X\\-rays"]
    html = site_html(M.mark("- X\\-rays are rarely useful.\n"))
    assert '<abbr title="A picture of your bones.">X-rays</abbr>' in html


@pytest.mark.parametrize("page", [
    "---\ntitle: sciatica\ndescription: sciatica\n---\n",
    "# Sciatica {#s}\n",
    "## What sciatica is\n",
    "Sciatica\n========\n",
    "About sciatica\n---\n",
    "See [sciatica](conditions/sciatica.md).\n",
    "See [the page][sciatica] or [sciatica].\n\n[sciatica]: https://x.test/sciatica\n",
    "![sciatica](sciatica.png)\n",
    "An `sciatica` code span and ``a ` sciatica``.\n",
    "```\nsciatica\n```\n",
    "Text\n\n    sciatica in indented code\n",
    '<span title="sciatica" data-x=\'sciatica\'>x</span>\n',
    "<a href='x.md'>about sciatica</a>\n",
    '<abbr title="Already">sciatica</abbr>\n',
    "<div class=\"box\">\nsciatica in a raw block\n</div>\n",
    "<figure><svg><text>sciatica</text></svg></figure>\n",
    "<!-- sciatica -->\n",
    "<https://example.test/sciatica>\n",
    "[Start](flowchart.md){ .md-button title=sciatica }\n",
    "!!! note \"sciatica\"\n",
    '<div markdown>\n<h2 markdown>sciatica</h2>\n<p class="x">sciatica</p>\n</div>\n',
    "<pre>\nsciatica\n</pre>\n",
])
def test_never_inside_headings_links_code_html_or_attributes(page: str) -> None:
    assert M.mark(page) == page


@pytest.mark.parametrize(("page", "words"), [
    ('<div class="hb-summary" markdown>\nSciatica is pain.\n</div>\n', ["Sciatica"]),
    ('<p class="hb-also" markdown>Also called: Sciatica</p>\n', ["Sciatica"]),
    ('<div markdown>\n<section markdown>\n\n- sciatica\n\n</section>\n</div>\n', ["sciatica"]),
    ("- **Shooting pain.** This is *sciatica*.\n", ["sciatica"]),
    ("| a | b |\n|---|---|\n| sciatica | x |\n", ["sciatica"]),
    ("Source&#58; sciatica <span class=\"hb-cite\">[x](y) lumbar</span>\n",
     ["sciatica", "lumbar"]),
    ("[a](b) sciatica `c` stenosis\n", ["sciatica", "stenosis"]),
    ("- item\n\n    sciatica in the same item\n", ["sciatica"]),
])
def test_reader_text_is_marked_wherever_markdown_is_read(page: str, words: list[str]) -> None:
    assert marked_words(page) == words


@pytest.mark.parametrize("form", ["C:\\lumbar", "disc [L4]", "A&E", "a*b*c", "50% rule"])
def test_any_form_is_found_in_generated_text(form: str) -> None:
    """Markdown characters in a glossary word are found as md_escape writes them, and the page
    shows the word as written, with its definition."""
    m = marker((form, [], "Its definition."))
    page = f"- Before {md_escape(form)} after.\n"
    html = site_html(m.mark(page))
    assert Abbrs(html).found == [("Its definition.", form, ("ul", "li"))]


def test_html_references_in_the_text_are_not_words() -> None:
    m = marker(("amp", [], "Not a word here."), ("58", [], "Nor this."))
    assert marked_words("A&amp;E &#58; x\n", m) == []
    assert marked_words("amp 58\n", m) == ["amp", "58"]


# ------------------------------------------------------------------ the title attribute


def test_a_hostile_definition_is_one_title_and_nothing_else() -> None:
    m = marker(("sciatica", [], HOSTILE))
    out = m.mark("About sciatica here.\n")
    tag = re.search(r"<abbr[^>]*>", out)
    assert tag and tag.group(0) == f'<abbr title="{title_attr(HOSTILE)}">'
    assert not set(title_attr(HOSTILE)) & set("<>\"'`[]*\\{}")
    html = site_html(out)
    found = Abbrs(html)
    assert found.found == [(" ".join(HOSTILE.split()), "sciatica", ("p",))]
    assert found.scripts == 0 and "<a " not in html and "<code>" not in html
    assert html.startswith("<p>About <abbr") and html.endswith("</abbr> here.</p>")


def test_definitions_fold_whitespace() -> None:
    assert title_attr("a\n  b\tc ") == "a b c"


# ------------------------------------------------------------------ the bundled site


def bundled_pages(content: Content) -> dict[str, str]:
    r = resolve(content, readings=())
    m = Renderer(r)
    out = {f"{p.slug}.md": m.render_page(p.slug, p.title, p.description, p.body)
           for p in content.pages}
    out.update({f"conditions/{slug}.md": m.render_condition(slug, c, condition_extras(r, slug))
                for slug, c in r.conditions.items()})
    out["conditions/index.md"] = listing.conditions_index(m)
    out["compare.md"] = listing.compare_page(m)
    out["where-does-it-hurt.md"] = listing.where_page(m)
    out["handouts.md"] = listing.handouts_page(m, {}, volumes(r.order))
    out["how-we-check.md"] = how_we_check_page(m)
    return {path: seal(text) for path, text in out.items()}  # as the tree gets them


def test_bundled_pages_read_the_same_with_their_marks(bundled_content: Content) -> None:
    """Marking adds <abbr> elements and nothing else: with them taken out, every page's HTML is
    what it was; none sits in a link, heading or code; no term twice on a page."""
    m = GlossaryMarker(bundled_content.glossary)
    definitions = {" ".join(t.definition.split()) for t in bundled_content.glossary.terms}
    total = 0
    for path, page in bundled_pages(bundled_content).items():
        before, after = site_html(page), site_html(m.mark(page))
        assert re.sub(r'<abbr title="[^"]*">|</abbr>', "", after) == before, path
        found = Abbrs(after).found
        for title, _words, around in found:
            assert title in definitions, path
            assert not {"a", "code", "h1", "h2", "h3", "h4", "h5", "h6"} & set(around), path
        titles = [title for title, _w, _a in found]
        assert len(titles) == len(set(titles)), path
        total += len(found)
    assert total > 100  # not vacuous: the bundled pages use the glossary a lot


def test_the_site_config_has_no_per_page_glossary_pass() -> None:
    # the generated config (publish/mkdocs.py) takes its extensions from mkdocs.yml as they are
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert "abbr" not in names and not any(n.startswith("pymdownx") for n in names)


# ------------------------------------------------------------------ cost


words = st.text(alphabet="ab -", min_size=1, max_size=6).filter(lambda w: w.strip() == w != "")


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=8, unique=True),
       st.text(alphabet="ab -.\n", max_size=60))
def test_the_trie_matches_like_the_longest_first_alternation(forms: list[str], text: str) -> None:
    plain = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    a = re.compile(rf"(?<!\w)(?:{plain})(?!\w)")
    b = re.compile(rf"(?<!\w)(?:{_trie_pattern(forms)})(?!\w)")
    assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def test_the_tag_lists_are_python_markdowns() -> None:
    from markdown.extensions.md_in_html import HTMLExtractorExtra
    from markdown.util import BLOCK_LEVEL_ELEMENTS

    extractor = HTMLExtractorExtra(markdown.Markdown(extensions=["md_in_html"]))
    assert mdspans.BLOCK_TAGS == set(BLOCK_LEVEL_ELEMENTS)
    assert mdspans.SPAN_TAGS == extractor.span_tags
    assert mdspans.RAW_TAGS == extractor.raw_tags


@pytest.mark.parametrize("piece", [
    "[", "(", "`", "``x` ", "<a ", "<a>", "<div>\n", "{", "\\", "sciatica ", "[a](", "<!-- ",
])
def test_work_grows_with_the_page_only(piece: str) -> None:
    """Unclosed brackets, backtick runs and tags are each looked at once: a page of 200,000
    characters of them is read in well under a second (a quadratic reading takes minutes)."""
    page = "Some sciatica. " + piece * (200_000 // len(piece)) + "\n"
    start = time.process_time()
    M.mark(page)
    assert time.process_time() - start < 2.0
