"""Text version, JSON export, page body and the prose converter (no rendering needed)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import markdown  # type: ignore[import-untyped]
from test_flowchart_fixtures import (
    FIXTURE_CONDITIONS,
    FIXTURE_YAML,
    GOLDEN,
    STRINGS,
    condition_url,
    fixture_flowchart,
    make_content,
)

from generator.emit.flowchart.export import graph_data, graph_json
from generator.emit.flowchart.page import diagram_min_width, flowchart_page_markdown
from generator.emit.flowchart.prose import parse_inline, prose_html, resolve_href
from generator.emit.flowchart.text import text_version_html

# the Markdown extensions mkdocs.yml uses that touch raw HTML and lists
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "def_list", "toc"]
FAKE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">'
    "<title>T</title></svg>"
)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Collect:
    c = _Collect()
    c.feed(html)
    return c


def text_html() -> str:
    return text_version_html(
        fixture_flowchart(),
        condition_names=FIXTURE_CONDITIONS,
        condition_url=condition_url,
        strings=STRINGS,
    )


def test_text_version_has_every_step_and_outcome() -> None:
    html = text_html()
    fc = fixture_flowchart()
    page = parse(html)
    words = " ".join("".join(page.text).split())
    for q in fc.questions:
        assert q.question in words
        for a in q.answers:
            assert f"If “{a.label}”:" in words
    for o in fc.outcomes:
        assert f"outcome-{o.id}" in page.ids
        assert f"#outcome-{o.id}" in page.hrefs
    assert page.hrefs.count("../conditions/sciatica/") == 2
    assert words.count(STRINGS["flowchart"]["confirm"].strip()) == len(fc.outcomes)
    assert len(page.ids) == len(set(page.ids))


def test_text_version_links_a_question_reached_twice() -> None:
    shared = FIXTURE_YAML.replace(
        "        next: see-gp-hip\noutcomes:", "        next: groin-movement\noutcomes:"
    )
    assert shared != FIXTURE_YAML
    fc = make_content(shared).flowchart
    html = text_version_html(
        fc, condition_names=FIXTURE_CONDITIONS, condition_url=condition_url, strings=STRINGS
    )
    assert html.count('id="question-groin-movement"') == 1
    assert (
        'go to the question “<a href="#question-groin-movement">Does it hurt to turn your leg '
        "in, or to put on socks and shoes?</a>” (above)." in html
    )


def test_text_version_is_one_html_block_for_markdown() -> None:
    html = text_html()
    assert "\n\n" not in html and not html.startswith((" ", "\t"))
    rendered = markdown.markdown("# T\n\n" + html + "\n", extensions=EXTENSIONS)
    # passed through untouched: no <p> wrappers, no escaped tags, same structure
    assert "&lt;div" not in rendered and "<p><div" not in rendered
    assert parse(rendered).ids == ["t", *parse(html).ids]


def test_page_markdown_renders_in_python_markdown() -> None:
    content = make_content(FIXTURE_YAML)
    md = flowchart_page_markdown(
        content, svg=FAKE_SVG, strings=STRINGS, condition_url=condition_url, json_url="graph.json"
    )
    html = markdown.markdown("# Title\n\n" + md, extensions=EXTENSIONS)
    assert '<div class="hb-guide" data-graph="graph.json" hidden>' in html
    assert '<div class="hb-flowchart__scroll" tabindex="0" role="region"' in html
    assert 'data-hb-start="Q1"' in html
    assert f"--hb-flowchart-min: {diagram_min_width(FAKE_SVG)}px" in html
    assert FAKE_SVG in html
    assert '<h2 id="the-whole-flowchart">The whole flowchart</h2>' in html
    assert '<h2 id="the-same-steps-in-words">The same steps in words</h2>' in html
    # intro prose from the flowchart: bold and a link to a condition page
    assert "<strong>not a diagnosis</strong>" in html
    assert '<a href="../conditions/sciatica/">how pain travels</a>' in html
    assert html.index("hb-guide") < html.index("hb-flowchart__scroll") < html.index("hb-tree")


def test_diagram_min_width() -> None:
    assert diagram_min_width(FAKE_SVG) == 900  # 75 % of 1200
    small = FAKE_SVG.replace('width="1200"', 'width="500"')
    assert diagram_min_width(small) == 500  # never wider than drawn
    mid = FAKE_SVG.replace('width="1200"', 'width="700"')
    assert diagram_min_width(mid) == 640


def test_golden_json(update_golden: bool) -> None:
    expected = GOLDEN / "expected-graph.json"
    actual = graph_json(
        fixture_flowchart(),
        condition_names=FIXTURE_CONDITIONS,
        condition_url=condition_url,
        strings=STRINGS,
    )
    if update_golden:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def test_json_export_shape() -> None:
    data = json.loads(
        graph_json(
            fixture_flowchart(),
            condition_names=FIXTURE_CONDITIONS,
            condition_url=condition_url,
            strings=STRINGS["flowchart"],  # the section alone works too
        )
    )
    assert data["version"] == 1 and data["start"] == "red-flags"
    assert data["order"]["questions"][0] == "red-flags"
    q = data["questions"]["red-flags"]
    assert q["screens_red_flags"] is True
    assert q["answers"] == [
        {"label": "Yes, one or more", "next": "get-help-now"},
        {"label": "No", "next": "where"},
    ]
    assert {"kind": "strong", "text": "both"} in q["help"]
    o = data["outcomes"]["see-gp-back"]
    assert o["action_label"] == "Routine" and o["anchor"] == "outcome-see-gp-back"
    assert o["conditions"][0] == {
        "slug": "sciatica",
        "name": "Sciatica",
        "url": "../conditions/sciatica/",
    }
    assert set(data["strings"]) >= {"back", "start_over", "question_number", "confirm"}
    assert (
        graph_data(
            fixture_flowchart(),
            condition_names=FIXTURE_CONDITIONS,
            condition_url=condition_url,
            strings=STRINGS,
        )
        == data
    )


def test_prose_escapes_first_then_formats() -> None:
    assert prose_html("a <b>x</b> & **bold** *it* _u_", condition_url) == (
        "a &lt;b&gt;x&lt;/b&gt; &amp; <strong>bold</strong> <em>it</em> <em>u</em>"
    )
    assert prose_html('[NHS](https://www.nhs.uk/?a=1&b="2")', condition_url) == (
        '<a href="https://www.nhs.uk/?a=1&amp;b=&quot;2&quot;">NHS</a>'
    )
    assert prose_html("snake_case_word", condition_url) == "snake_case_word"
    assert prose_html(r"not \*bold\*", condition_url) == "not *bold*"
    assert prose_html("[bad](javascript:alert(1))", condition_url) == "bad)"


def test_prose_links_to_site_pages() -> None:
    assert resolve_href("conditions/sciatica.md", condition_url) == "../conditions/sciatica/"
    assert resolve_href("conditions/sciatica.md#self-care", condition_url) == (
        "../conditions/sciatica/#self-care"
    )
    assert resolve_href("pages/guides/walking.md", condition_url) == "../guides/walking/"
    assert resolve_href("index.md", condition_url) == "../"
    assert resolve_href("mailto:team@example.org", condition_url) == "mailto:team@example.org"
    assert resolve_href("data:text/html,x", condition_url) is None
    segs = parse_inline("See [*this*](conditions/sciatica.md).", condition_url)
    assert [(s.kind, s.text, s.href) for s in segs] == [
        ("text", "See ", None),
        ("link", "this", "../conditions/sciatica/"),
        ("text", ".", None),
    ]


def test_no_raw_content_reaches_html() -> None:
    evil = FIXTURE_YAML.replace(
        "question: Where do you feel the pain most?",
        "question: 'Where <script>alert(1)</script> \"x\" & y?'",
    )
    fc = make_content(evil).flowchart
    html = text_version_html(
        fc, condition_names=FIXTURE_CONDITIONS, condition_url=condition_url, strings=STRINGS
    )
    assert "<script>" not in html
    assert "Where &lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; y?" in html
    assert re.search(r"\n\s*\n", html) is None
