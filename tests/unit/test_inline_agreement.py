"""Every emitter reads prose the same way (issue 12, item 2).

The tricky strings of ``tests/unit/text/inline_corpus.yml`` are put into real content (a
condition's "what the pain is like" list and the first sign list) and rendered through every
path a reader meets them on:

* the condition page: the emitter's Markdown, turned into HTML by Python-Markdown with the site's
  extensions (what MkDocs does), both as a Markdown list and inside a care card (raw HTML);
* the flowchart's text version (HTML made directly);
* the step-by-step guide: the JSON segments, turned into HTML the way ``guide.js`` builds its DOM;
* the PDF handout HTML, both the list and the care card;
* plain text (JSON-LD).

Each output is parsed back into a small tree (text, strong, em, link) and must equal the tree the
one inline module gives for that string: the same words, the same emphasis, and every link
resolved for that output (a relative ``.md`` path on the Markdown page, a directory URL from
the built page, a full public address on paper) and pointing at the same place.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from hb_testlib import PUBLIC_TEST_URL, ROOT, condition_page_html

from generator.emit.flowchart import Chart, FlowchartBuild
from generator.emit.flowchart.export import graph_data
from generator.emit.flowchart.text import text_version_html
from generator.emit.jsonld import jsonld
from generator.emit.nav import CONDITION_PAGE
from generator.emit.pdf.html import build_html
from generator.model.content import Content
from generator.model.sitemap import Place, SiteMap
from generator.model.vocab import Sign
from generator.resolve import Resolved, resolve
from generator.text.inline import parse, to_html, to_plain

LINKS = SiteMap(pages=(), handouts=())

CORPUS: list[dict[str, str]] = [
    e for e in yaml.safe_load((ROOT / "tests/unit/text/inline_corpus.yml").read_text("utf-8"))
    if "html" in e
]
SLUG = "sciatica"
PAGE = f"conditions/{SLUG}.md"

Tree = tuple[Any, ...]
_WS = re.compile(r"[ \t\n\r\f\v]+")
"""Whitespace a browser folds (a non-breaking space is kept, as editors mean it)."""


# ------------------------------------------------------------------ HTML → tree


class _TreeBuilder(HTMLParser):
    """Inline HTML as nested tuples: ("text", s) | ("strong"|"em", kids) | ("a", href, kids)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[Any]] = [[]]
        self.hrefs: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("strong", "em", "a"):
            self.stack.append([])
            self.hrefs.append(dict(attrs).get("href") if tag == "a" else None)
        else:  # anything else (abbr, span …) is transparent
            pass

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "em", "a"):
            kids = tuple(self.stack.pop())
            href = self.hrefs.pop()
            self.stack[-1].append(("a", href, kids) if tag == "a" else (tag, kids))

    def handle_data(self, data: str) -> None:
        top = self.stack[-1]
        if top and top[-1][0] == "text":
            top[-1] = ("text", top[-1][1] + data)
        else:
            top.append(("text", data))


def tree(fragment: str) -> Tree:
    b = _TreeBuilder()
    b.feed(fragment)
    b.close()
    assert len(b.stack) == 1, f"unbalanced HTML: {fragment!r}"
    return _fold(tuple(b.stack[0]))


def _fold(nodes: Tree) -> Tree:
    """Whitespace folded as browsers show it; empty texts dropped."""
    out: list[Any] = []
    for n in nodes:
        if n[0] == "text":
            text = _WS.sub(" ", n[1])
            if text:
                out.append(("text", text))
        elif n[0] == "a":
            out.append(("a", n[1], _fold(n[2])))
        else:
            out.append((n[0], _fold(n[1])))
    return tuple(out)


def _unlink(nodes: Tree) -> Tree:
    """The words and emphasis only: each link replaced by its words, texts merged again."""
    flat: list[Any] = []
    for n in nodes:
        if n[0] == "a":
            flat.extend(_unlink(n[2]))
        elif n[0] in ("strong", "em"):
            flat.append((n[0], _unlink(n[1])))
        else:
            flat.append(n)
    out: list[Any] = []
    for n in flat:
        if n[0] == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + n[1])
        else:
            out.append(n)
    return tuple(out)


def _hrefs(nodes: Tree) -> list[str | None]:
    out: list[str | None] = []
    for n in nodes:
        if n[0] == "a":
            out += [n[1], *_hrefs(n[2])]
        elif n[0] in ("strong", "em"):
            out += _hrefs(n[1])
    return out


def text_of(nodes: Tree) -> str:
    return "".join(n[1] if n[0] == "text" else text_of(n[2] if n[0] == "a" else n[1])
                   for n in nodes)


# ------------------------------------------------------------------ the content, every output


def with_corpus(content: Content) -> Content:
    """The bundled content with the corpus as one condition's "feels like" list and as the
    signs of the first sign list shown on every page."""
    srcs = [e["src"] for e in CORPUS]
    cond = content.conditions[SLUG].model_copy(update={"feels_like": srcs})
    first = content.red_flags.lists[0].model_copy(
        # model_construct: the corpus strings go in as written (the model would check them with
        # the same generator.text reader; the corpus is tested on its own in tests/unit/text)
        update={"signs": [Sign.model_construct(id=f"s{i}", text=s) for i, s in enumerate(srcs)],
                "on_every_page": True})
    red_flags = content.red_flags.model_copy(
        update={"lists": [first, *content.red_flags.lists[1:]]})
    conditions = {**content.conditions, SLUG: cond}
    import dataclasses

    # a public address: with the bundled placeholder, handouts link to no page at all
    site = content.site.model_copy(update={"public_url": PUBLIC_TEST_URL})
    return dataclasses.replace(content, conditions=conditions, red_flags=red_flags, site=site)


@pytest.fixture(scope="module")
def r(bundled_content: Content) -> Resolved:
    return resolve(with_corpus(bundled_content), readings=())


def _section(page_html: str, start: str, end: str) -> str:
    i = page_html.index(start)
    return page_html[i: page_html.index(end, i + len(start))]


def _items(block: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", block, re.DOTALL)


@pytest.fixture(scope="module")
def outputs(r: Resolved) -> dict[str, list[str]]:
    """Output name → the HTML of each corpus string, in corpus order."""
    _md_page, page_html = condition_page_html(r, SLUG)
    card_id = f'id="signs-{r.sign_lists[0].id}"'

    chart = Chart.of(r)
    start = next(q.id for q in r.content.flowchart.questions
                 if q.asks_about == r.sign_lists[0].id)
    text_version = text_version_html(chart)
    i = text_version.index(f'id="question-{start}"')
    guide = graph_data(chart)["questions"][start]["signs"]

    dummy = FlowchartBuild(svg="", json="", markdown="", raw_svg="")
    handout = build_html(r, dummy, only=SLUG)[SLUG]
    return {
        "page markdown": _items(_section(page_html, 'id="feels-like"', "<h2")),
        "page care card": _items(_section(page_html, card_id, "</section>")),
        "flowchart text version": _items(_section(text_version[i:], "hb-tree__signs", "</ul>")),
        "guide JSON": [segments_html(s) for s in guide],
        "handout list": _items(_section(handout, '<section class="block signs">', "</ul>")),
        "handout care card": _items(_section(
            handout, f'id="condition-{SLUG}-signs-{r.sign_lists[0].id}"', "</section>")),
    }


def segments_html(segments: list[dict[str, Any]]) -> str:
    """What guide.js builds from JSON segments, as HTML (text nodes escaped, like textContent)."""
    out = []
    for s in segments:
        if s["kind"] == "text":
            out.append(html.escape(s["text"]))
        elif s["kind"] in ("strong", "em"):
            out.append(f"<{s['kind']}>{segments_html(s['children'])}</{s['kind']}>")
        else:
            out.append(f'<a href="{html.escape(s["href"])}">{segments_html(s["children"])}</a>')
    return "".join(out)


RESOLVERS: dict[str, tuple[Callable[[str], str | None], str]] = {
    # output → (how it resolves a link, the URL its hrefs are relative to)
    "page markdown": (LINKS.resolver(PAGE, Place.MARKDOWN), f"https://site.test/{PAGE}"),
    # the red-flag cards are made once for every condition page (links from their folder)
    "page care card": (LINKS.resolver(CONDITION_PAGE, Place.PAGE),
                       f"https://site.test/{LINKS.url(PAGE)}"),
    "flowchart text version": (LINKS.resolver("flowchart.md", Place.BODY),
                               "https://site.test/flowchart/"),
    "guide JSON": (LINKS.resolver("flowchart.md", Place.PAGE), "https://site.test/flowchart/"),
}


def _where(href: str, base: str, public_url: str) -> str:
    """Where an href lands on the built site (a .md path is the page MkDocs builds from it)."""
    url = urljoin(base, href).replace(public_url, "https://site.test/", 1)
    path, _, frag = url.partition("#")
    if path.startswith("https://site.test/") and path.endswith(".md"):
        path = "https://site.test/" + LINKS.url(posixpath.normpath(path[len("https://site.test/"):]))
    return path + (f"#{frag}" if frag else "")


# ------------------------------------------------------------------ the tests


def test_every_output_holds_every_corpus_string(outputs: dict[str, list[str]]) -> None:
    for name, items in outputs.items():
        assert len(items) == len(CORPUS), name


@pytest.mark.parametrize("index", range(len(CORPUS)), ids=[e["name"] for e in CORPUS])
def test_outputs_agree(index: int, r: Resolved, outputs: dict[str, list[str]]) -> None:
    src = CORPUS[index]["src"]
    nodes = parse(src)
    public = r.site.public_url
    resolvers = {**RESOLVERS,
                 "handout list": (LINKS.public_resolver(public), public),
                 "handout care card": (LINKS.public_resolver(public), public)}
    words = _unlink(tree(to_html(nodes)))
    landings: dict[str, list[str]] = {}
    for name, items in outputs.items():
        got = tree(items[index])
        link, base = resolvers[name]
        # exactly what the one inline module reads, with this output's links
        assert got == tree(to_html(nodes, link=link)), (name, src, items[index])
        # the same words and the same emphasis everywhere
        assert _unlink(got) == words, (name, src)
        # links to pages and web sites land on the same place from every output (a "#place"
        # belongs to the page it is on, and paper has none, so those are left out)
        landings[name] = [_where(h, base, public) for h in _hrefs(got)
                          if h and not h.startswith("#")]
    assert len({tuple(v) for v in landings.values()}) == 1, (src, landings)
    assert _WS.sub(" ", text_of(words)).strip() == to_plain(nodes) == CORPUS[index]["plain"]


def test_plain_text_outputs_agree(r: Resolved) -> None:
    """JSON-LD (and meta descriptions) carry the words only: the same words as every page."""
    import json

    data = json.loads(html.unescape(jsonld(r, SLUG)).replace("\\u003c", "<")
                      .replace("\\u003e", ">").replace("\\u0026", "&"))
    names = [x["name"] for x in data["about"]["signOrSymptom"]]
    assert names == [e["plain"] for e in CORPUS]
    for e, name in zip(CORPUS, names, strict=True):
        assert name == text_of(tree(to_html(parse(e["src"])))).strip()
