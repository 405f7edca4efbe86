"""Inline Markdown in prose: one reading of every field, the same words in every output.

The corpus (``inline_corpus.yml``) pins how tricky strings render; the agreement tests check
that Python-Markdown (what MkDocs runs) reads the engine's Markdown into exactly the HTML the
engine writes directly for handouts and the flowchart.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hb_testlib import site_markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.sitemap import Place, SiteMap
from generator.text.inline import (
    Em,
    Link,
    Strong,
    Text,
    parse,
    plain_problems,
    problems,
    prose_html,
    prose_markdown,
    prose_plain,
    to_html,
    to_markdown,
    to_plain,
)
from generator.text.urls import is_safe_href

CORPUS: list[dict[str, str]] = yaml.safe_load(
    (Path(__file__).parent / "inline_corpus.yml").read_text(encoding="utf-8")
)
RENDERED = [e for e in CORPUS if "html" in e]
REFUSED = [e for e in CORPUS if "problem" in e]
HTML_LINKS = SiteMap(pages=(), handouts=()).resolver("flowchart.md", Place.BODY)
MD_LINKS = SiteMap(pages=(), handouts=()).resolver("flowchart.md", Place.MARKDOWN)
_MD = site_markdown()


def python_markdown(text: str) -> str:
    """Python-Markdown's HTML for one line of generated Markdown, without the ``<p>``.

    md_escape writes ``| ~ : $ = ^`` as numeric references (no engine reads them as markup);
    they are turned back into the characters, which need no escaping in HTML. Nothing else is
    normalised.
    """
    _MD.reset()
    out = _MD.convert(text)
    if not out:
        return ""
    m = re.fullmatch(r"<p>(.*)</p>", out, re.DOTALL)
    assert m, f"Python-Markdown made a block, not a paragraph: {out!r}"
    return re.sub(r"&#(\d+);", lambda r: chr(int(r.group(1))), m.group(1))


def test_corpus_is_big_enough_and_well_formed() -> None:
    assert len(RENDERED) >= 30 and len(REFUSED) >= 30
    for entry in CORPUS:
        keys = set(entry) - {"name"}
        assert keys in ({"src", "html", "markdown", "plain"}, {"src", "problem"}), entry


@pytest.mark.parametrize("entry", RENDERED, ids=[e["name"] for e in RENDERED])
def test_corpus_renders(entry: dict[str, str]) -> None:
    src = entry["src"]
    assert problems(src) == []
    nodes = parse(src)
    assert to_html(nodes, link=HTML_LINKS) == entry["html"]
    assert to_markdown(nodes, link=MD_LINKS) == entry["markdown"]
    assert to_plain(nodes) == entry["plain"]


@pytest.mark.parametrize("entry", RENDERED, ids=[e["name"] for e in RENDERED])
def test_python_markdown_reads_the_markdown_as_the_html(entry: dict[str, str]) -> None:
    nodes = parse(entry["src"])
    assert python_markdown(to_markdown(nodes, link=HTML_LINKS)) == to_html(nodes, link=HTML_LINKS)


@pytest.mark.parametrize("entry", REFUSED, ids=[e["name"] for e in REFUSED])
def test_corpus_refuses(entry: dict[str, str]) -> None:
    found = problems(entry["src"])
    assert any(entry["problem"] in p.message for p in found), found
    assert all(0 <= p.offset <= len(entry["src"]) for p in found)


@pytest.mark.parametrize("entry", REFUSED, ids=[e["name"] for e in REFUSED])
def test_refused_text_still_renders_safely(entry: dict[str, str]) -> None:
    """Renderers never rely on validation: refused text is shown, never obeyed."""
    out = to_html(parse(entry["src"]), link=lambda t: t)
    assert _tags(out) <= {"strong", "em", "a"}
    assert python_markdown(to_markdown(parse(entry["src"]), link=lambda t: t)) == out


# ------------------------------------------------------------------------- properties

_PIECES = ["a", "b c", " ", "\n", "*", "**", "_", "__", "[", "]", "(", ")", "\\", "!", "<",
           ">", "&", "{", "}", "`", "#", "1.", "-", "é", "x_y", "&amp;", "[w](compare.md)",
           "[y](https://z.org/(q))", "](u)", "<b>", "{: .x}", "|", "~", ":", "=", "***",
           "*a **b** c*", "**a *b* c**", "_a **b**_", ";", "**c**"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attrs.add(name)
            if name == "href":
                self.hrefs.append(value or "")


def _tags(html: str) -> set[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24).map("".join))
def test_python_markdown_agrees_on_any_text(src: str) -> None:
    nodes = parse(src)
    assert python_markdown(to_markdown(nodes, link=HTML_LINKS)) == to_html(nodes, link=HTML_LINKS)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join), st.text(max_size=20))
def test_html_holds_only_inline_tags_and_safe_links(src: str, target: str) -> None:
    """Even a resolver that hands back anything cannot make unsafe HTML."""
    parser = _Tags()
    parser.feed(to_html(parse(src + f"[z]({target})"), link=lambda t: t))
    assert parser.tags <= {"strong", "em", "a"}
    assert parser.attrs <= {"href"}
    assert all(is_safe_href(h) for h in parser.hrefs)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_string_parses_and_plain_text_has_the_words(src: str) -> None:
    plain = to_plain(parse(src))
    assert "\n" not in plain and "  " not in plain
    # every letter and digit stays, in order; emphasis inside a word ("0*0*", rendered
    # 0<em>0</em>) joins what the source split with markers, as a reader sees it
    letters = "".join(re.findall(r"[A-Za-z0-9]+", src))
    assert "".join(re.findall(r"[A-Za-z0-9]+", plain)) == letters


# ------------------------------------------------------------------------- the tree


def test_tree_shape() -> None:
    assert parse("Hi **a *b*** [c _d_](x.md) e") == (
        Text("Hi "),
        Strong((Text("a "), Em((Text("b"),)))),
        Text(" "),
        Link((Text("c "), Em((Text("d"),))), "x.md"),
        Text(" e"),
    )


def test_parse_is_cached_and_the_tree_is_immutable() -> None:
    src = "A **cached** field."
    first = parse(src)
    assert parse(src) is first
    with pytest.raises(dataclasses.FrozenInstanceError):
        first[1].children = ()  # type: ignore[misc, union-attr]


def test_link_without_a_resolver_keeps_only_its_words() -> None:
    nodes = parse("See [NHS](https://www.nhs.uk/) now")
    assert to_html(nodes) == "See NHS now"
    assert to_markdown(nodes) == "See NHS now"


def test_unsafe_href_from_a_resolver_is_dropped() -> None:
    nodes = parse("[a](x.md) [b](y.md)")
    hrefs = {"x.md": "javascript:alert(1)", "y.md": "http://example.org"}
    assert to_html(nodes, link=hrefs.get) == "a b"
    assert to_markdown(nodes, link=hrefs.get) == "a b"


def test_hrefs_are_written_the_same_way_by_both_renderers() -> None:
    nodes = parse("[a](x.md)")
    href = "https://x.org/a_(b)?q=[1]&amp;c"
    assert to_html(nodes, link=lambda _: href) == (
        '<a href="https://x.org/a_%28b%29?q=%5B1%5D%26amp;c">a</a>'
    )
    assert to_markdown(nodes, link=lambda _: href) == (
        "[a](https://x.org/a_%28b%29?q=%5B1%5D%26amp;c)"
    )


def test_leading_number_is_not_a_list_in_markdown() -> None:
    md = to_markdown(parse("1984. A year."))
    assert md == "1984\\. A year."
    assert python_markdown(md) == "1984. A year."


def test_convenience_functions() -> None:
    src = "**Rest** and [walk](guides/walking.md)."
    resolve: Any = HTML_LINKS
    assert prose_html(src, link=resolve) == (
        '<strong>Rest</strong> and <a href="../guides/walking/">walk</a>.'
    )
    assert prose_markdown(src, link=MD_LINKS) == "**Rest** and [walk](guides/walking.md)."
    assert prose_plain(src) == "Rest and walk."


# ------------------------------------------------------------------------- problems


def test_problem_offsets_point_at_the_construct() -> None:
    src = "Pain <b>here</b> &amp; [x](javascript:y) {: .c}"
    offsets = [p.offset for p in problems(src)]
    assert offsets == [
        src.index("<b>"), src.index("</b>"), src.index("&amp;"), src.index("javascript"),
        src.index("{:"),
    ]


def test_each_construct_is_reported_once() -> None:
    assert len(problems("![a](b.png)")) == 2  # the image, and its target is not a page
    assert len(problems("x &amp; y")) == 1


def test_plain_fields_may_hold_markup_characters() -> None:
    assert plain_problems("<b>Sciatica</b> & [x](javascript:y) # {: .c}") == []
    assert [p.message[:30] for p in plain_problems("a\x00b")] == ["contains an invisible control "]


def test_invisible_characters_inside_words_are_fine() -> None:
    # ZWJ joins emoji; a soft hyphen is a legitimate hint
    assert problems("family 👨\u200d👩\u200d👧 and hyphen\u00adation") == []
    assert plain_problems("") == []
