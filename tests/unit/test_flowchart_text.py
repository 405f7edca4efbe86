"""Text version, JSON export and page body of the flowchart (no rendering needed).

Prose is rendered by generator.text.inline (tested in tests/unit/text/ and, across every
output, in test_inline_agreement.py); here: structure, sign lists, tiers and escaping.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from flowchart_chart import EMERGENCY_SIGNS, fixture_chart
from hb_testlib import site_html
from test_flowchart_fixtures import FIXTURE_YAML, GOLDEN, STRINGS

from generator.emit.flowchart.export import VERSION, graph_data, graph_json
from generator.emit.flowchart.page import diagram_min_width, flowchart_page_markdown
from generator.emit.flowchart.text import outcome_card_html, text_version_html

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
    return text_version_html(fixture_chart())


def test_text_version_has_every_step_and_outcome() -> None:
    html = text_html()
    chart = fixture_chart()
    fc = chart.fc
    page = parse(html)
    words = " ".join("".join(page.text).split())
    for q in fc.questions:
        assert chart.question(q.id) in words
        for a in q.answers:
            assert f"If “{a.label}”:" in words
    for o in fc.outcomes:
        assert f"outcome-{o.id}" in page.ids
        assert f"#outcome-{o.id}" in page.hrefs
    assert page.hrefs.count("../conditions/sciatica/") == 2
    assert words.count(STRINGS["flowchart"]["confirm"].strip()) == len(fc.outcomes)
    assert len(page.ids) == len(set(page.ids))


def test_sign_list_question_shows_its_signs_right_under_it() -> None:
    html = text_html()
    ask = html.index("<strong>Do you have any of these warning signs?</strong>")
    signs = html.index('<ul class="hb-tree__signs">')
    answers = html.index('<ul class="hb-tree__answers">')
    assert ask < signs < answers
    block = html[signs:answers]
    assert block.count("<li>") == len(EMERGENCY_SIGNS.signs)
    assert "<li>weakness in <strong>both</strong> legs</li>" in block
    assert '<a href="../conditions/hip-osteoarthritis/">broken hip</a>' in block
    assert "hb-tree__help" not in html[ask:answers]  # no editor help on a generated question


def test_outcomes_show_their_tier_label_colour_and_action() -> None:
    chart = fixture_chart()
    card = outcome_card_html(chart.graph.outcomes["see-someone-today"], chart)
    assert card.startswith('<section class="hb-outcome hb-care--orange" '
                           'id="outcome-see-someone-today" data-tier="today">')
    assert '<p class="hb-outcome__action">Urgent</p>' in card
    assert ('<p class="hb-outcome__tier">Call 111 or your GP surgery <strong>today</strong>.</p>'
            in card)
    self_care = outcome_card_html(chart.graph.outcomes["self-care-back"], chart)
    assert 'hb-care--green' in self_care
    assert '<a href="../when-to-get-help/">when to get help</a>' in self_care
    assert ('<a class="hb-tree__outcome" data-tier="emergency" '
            'href="#outcome-get-help-now">Emergency: Get help now</a>') in text_html()


def test_text_version_links_a_question_reached_twice() -> None:
    shared = FIXTURE_YAML.replace(
        "        next: see-gp-hip\noutcomes:", "        next: groin-movement\noutcomes:"
    )
    assert shared != FIXTURE_YAML
    html = text_version_html(fixture_chart(shared))
    assert html.count('id="question-groin-movement"') == 1
    assert (
        'go to the question “<a href="#question-groin-movement">Does it hurt to turn your leg '
        "in, or to put on socks and shoes?</a>” (above)." in html
    )


def test_text_version_is_one_html_block_for_markdown() -> None:
    html = text_html()
    assert "\n\n" not in html and not html.startswith((" ", "\t"))
    rendered = site_html("# T\n\n" + html + "\n")
    # passed through untouched: no <p> wrappers, no escaped tags, same structure
    assert "&lt;div" not in rendered and "<p><div" not in rendered
    assert parse(rendered).ids == ["t", *parse(html).ids]


def test_page_markdown_renders_in_python_markdown() -> None:
    md = flowchart_page_markdown(fixture_chart(), svg=FAKE_SVG, json_url="graph.json")
    html = site_html("# Title\n\n" + md)
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


def test_inline_graph_is_written_as_it_is_into_its_script_element() -> None:
    """The offline copy's graph is JSON already made safe for ``<script>``: the template puts
    it in unescaped (HTML entities would break the JSON), and only when it is given."""
    graph = '{"q":"a \\u003c b","r":"\\u0026"}'
    md = flowchart_page_markdown(fixture_chart(), svg=FAKE_SVG, json_url="graph.json",
                                 inline_graph=graph)
    assert f'<script type="application/json" class="hb-guide__graph">{graph}</script>' in md
    assert '<div class="hb-guide" data-graph="graph.json" hidden>\n<script' in md
    plain = flowchart_page_markdown(fixture_chart(), svg=FAKE_SVG, json_url="graph.json")
    assert "hb-guide__graph" not in plain


def test_a_page_that_loads_its_drawing_keeps_its_place() -> None:
    """With ``svg_url`` (the hosted site) the drawing is not in the page: an empty <svg> of its
    size and viewBox keeps its place for guide.js, the region names the file, and without
    scripts the file is an image described in words."""
    md = flowchart_page_markdown(fixture_chart(), svg=FAKE_SVG, json_url="graph.json",
                                 svg_url="diagram.svg")
    html = site_html("# Title\n\n" + md)
    assert "<title>T</title>" not in html
    assert 'data-hb-start="Q1" data-hb-svg="diagram.svg"' in html
    assert ('<svg class="hb-flowchart__slot" width="1200" height="800" viewBox="0 0 1200 800" '
            'aria-hidden="true"></svg>') in html
    assert ('<noscript><img class="hb-flowchart__image" src="diagram.svg" width="1200" '
            'height="800" alt="The flowchart starts with warning signs.') in html
    assert f"--hb-flowchart-min: {diagram_min_width(FAKE_SVG)}px" in html
    # the figure stays one HTML block, between the guide and the text version
    assert html.index("hb-guide") < html.index("hb-flowchart__slot") < html.index("hb-tree")
    inline = flowchart_page_markdown(fixture_chart(), svg=FAKE_SVG, json_url="graph.json")
    assert "data-hb-svg" not in inline and "hb-flowchart__slot" not in inline


def test_diagram_min_width() -> None:
    assert diagram_min_width(FAKE_SVG) == 900  # 75 % of 1200
    small = FAKE_SVG.replace('width="1200"', 'width="500"')
    assert diagram_min_width(small) == 500  # never wider than drawn
    mid = FAKE_SVG.replace('width="1200"', 'width="700"')
    assert diagram_min_width(mid) == 640


def test_golden_json(update_golden: bool) -> None:
    expected = GOLDEN / "expected-graph.json"
    actual = graph_json(fixture_chart())
    if update_golden:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def test_json_export_shape() -> None:
    # the strings section alone works too
    data = json.loads(graph_json(fixture_chart(strings=STRINGS["flowchart"])))
    assert data["version"] == VERSION == 2 and data["start"] == "red-flags"
    assert data["order"]["questions"][0] == "red-flags"
    q = data["questions"]["red-flags"]
    assert q["question"] == "Do you have any of these warning signs?"
    assert q["sign_list"] == "emergency-signs" and q["tags"] == ["emergency-signs"]
    assert q["help"] is None
    assert q["answers"] == [
        {"label": "Yes, one or more", "next": "get-help-now"},
        {"label": "No", "next": "where"},
    ]
    assert len(q["signs"]) == len(EMERGENCY_SIGNS.signs)
    assert q["signs"][2] == [
        {"kind": "text", "text": "weakness in "},
        {"kind": "strong", "children": [{"kind": "text", "text": "both"}]},
        {"kind": "text", "text": " legs"},
    ]
    assert q["signs"][3][1] == {"kind": "link", "href": "../conditions/hip-osteoarthritis/",
                                "children": [{"kind": "text", "text": "broken hip"}]}
    where = data["questions"]["where"]
    assert where["signs"] is None and where["sign_list"] is None
    assert {"kind": "strong", "children": [{"kind": "text", "text": "most"}]} in where["help"]
    o = data["outcomes"]["see-gp-back"]
    assert (o["tier"], o["tier_label"], o["colour"]) == ("routine", "Routine", "blue")
    assert o["action"] == [{"kind": "text", "text": "Book an appointment with your GP or a "
                                                    "physiotherapist."}]
    assert o["anchor"] == "outcome-see-gp-back"
    assert o["conditions"][0] == {
        "slug": "sciatica",
        "name": "Sciatica",
        "url": "../conditions/sciatica/",
    }
    assert [t["id"] for t in data["tiers"]] == ["emergency", "today", "soon", "routine",
                                                 "self-care"]
    assert set(data["strings"]) >= {"back", "start_over", "question_number", "confirm"}
    assert graph_data(fixture_chart()) == data


def test_no_raw_content_reaches_html() -> None:
    evil = FIXTURE_YAML.replace(
        "question: Where do you feel the pain most?",
        "question: 'Where <script>alert(1)</script> \"x\" & y?'",
    )
    html = text_version_html(fixture_chart(evil))
    assert "<script>" not in html
    assert "Where &lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; y?" in html
    assert re.search(r"\n\s*\n", html) is None
