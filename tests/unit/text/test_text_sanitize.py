"""The allow-list sanitiser and the page-body check: nothing unsafe is published unreported."""

from __future__ import annotations

import glob
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hb_testlib import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.inline import parse, to_html
from generator.text.sanitize import (
    ALLOWED_TAGS,
    PAGE_EXTENSIONS,
    clean_fragment,
    page_problems,
    render_page,
)


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>Hi <strong>a</strong> <em>b</em></p>", "<p>Hi <strong>a</strong> <em>b</em></p>"),
        ('<a href="../compare/#x" title="t">c</a>', '<a href="../compare/#x" title="t">c</a>'),
        ('<a href="mailto:a@b.org">m</a><a href="tel:999">t</a>',
         '<a href="mailto:a@b.org">m</a><a href="tel:999">t</a>'),
        ("<script>alert(1)</script>ok", "ok"),
        ("<style>p{}</style>ok", "ok"),
        ('<iframe src="https://x.org">fallback</iframe>ok', "ok"),
        ('<svg><text>drawn</text></svg>ok', "ok"),
        ("<b>bold</b> <div>block</div>", "bold block"),
        ('<p onclick="x()" style="color:red" id="p1">t</p>', "<p>t</p>"),
        ('<h2 id="causes">Causes</h2>', '<h2 id="causes">Causes</h2>'),
        ('<a href="javascript:alert(1)">j</a>', "<a>j</a>"),
        ('<a href="jav&#x09;ascript:alert(1)">j</a>', "<a>j</a>"),
        ('<a href="http://example.org">h</a>', "<a>h</a>"),
        ('<a href="//evil.example/">p</a>', "<a>p</a>"),
        ('<a href="/root/">r</a>', "<a>r</a>"),
        ('<a href="x" target="_blank" rel="opener">t</a>', '<a href="x">t</a>'),
        ('<img src="img/hip.png" alt="Hip" width="200">',
         '<img src="img/hip.png" alt="Hip" width="200">'),
        ('<img src="https://cdn.example/x.png" alt="x">', '<img alt="x">'),
        ('<img src="data:image/png;base64,AA" alt="x">', '<img alt="x">'),
        ('<img src="x.png" alt="x" width="100%" onerror="y()">', '<img src="x.png" alt="x">'),
        ('<a class="md-button md-button--primary" href="flowchart/">Start</a>',
         '<a class="md-button md-button--primary" href="flowchart/">Start</a>'),
        ('<a class="md-button evil" href="x">S</a>', '<a href="x">S</a>'),
        ('<pre><code class="language-python">x</code></pre>',
         '<pre><code class="language-python">x</code></pre>'),
        ('<table><tr><th align="center" scope="col">a</th><td align="justify">b</td></tr></table>',
         '<table><tbody><tr><th align="center" scope="col">a</th><td>b</td></tr></tbody></table>'),
        ("<p>a<!-- editor's note -->b</p>", "<p>ab</p>"),
    ],
)
def test_clean_fragment(html: str, clean: str) -> None:
    assert clean_fragment(html) == clean


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab *_[]()<>&\\", max_size=30))
def test_prose_html_passes_the_sanitiser_unchanged(src: str) -> None:
    """The prose renderer only makes what the allow-list keeps (the two agree)."""
    html = to_html(parse(src + " [l](compare.md) [e](https://x.org/(a))"), link=lambda t: t)
    assert clean_fragment(html) == html


def test_markdown_extensions_are_the_ones_mkdocs_applies() -> None:
    assert {"toc", "tables", "fenced_code"} <= set(PAGE_EXTENSIONS)  # MkDocs' built-ins
    assert {"attr_list", "md_in_html", "def_list"} <= set(PAGE_EXTENSIONS)


def test_everything_markdown_makes_is_allowed() -> None:
    body = """# Title {#top}

Para with **b**, *i*, `code`, [link](compare.md "t") and ![alt](img/a.png).
Line break here  
next.

> quote

- one
- two

1. first

Term
: definition

| a | b |
|:-:|--:|
| 1 | 2 |

```python
print(1)
```

---

[Start](flowchart.md){ .md-button }
"""
    assert page_problems(body, 1) == []
    assert "align=\"center\"" in render_page(body)


BODY_FIRST_LINE = 10


@pytest.mark.parametrize(
    ("body", "where", "message_part"),
    [
        ('Text <iframe src="https://x.org"></iframe>', (0, 6), "<iframe> is not allowed"),
        ("<script>alert(1)</script>", (0, 1), "cannot run code"),
        ("a\n\n<style>p{}</style>", (2, 1), "<style>"),
        ("<object data=x></object>", (0, 1), "<object>"),
        ("<embed src=x>", (0, 1), "<embed>"),
        ('<form action="x"><input name="q"></form>', (0, 1), "<form>"),
        ('<meta http-equiv="refresh" content="0">', (0, 1), "<meta>"),
        ('<link rel="stylesheet" href="x.css">', (0, 1), "<link>"),
        ('<base href="https://evil.example/">', (0, 1), "<base>"),
        ("Some <b>bold</b>", (0, 6), "write **bold**"),
        ('<p onclick="x()">t</p>', (0, 4), "onclick= runs code"),
        ('<p style="color:red">t</p>', (0, 4), "style="),
        ("Para\n{: onclick=\"x()\" }", (1, 4), "onclick="),
        ("[a](compare.md){ onmouseover=alert(1) }", (0, 18), "onmouseover="),
        ("Para\n{: .fancy }", (1, 4), 'class "fancy"'),
        ("Para\n{: #here }", (1, 4), "only allowed on headings"),
        ("See [x](javascript:alert(1)) now", (0, 9), "javascript:"),
        ("See [x](JAVASCRIPT:alert(1))", (0, 9), "javascript:"),
        ("See [x](http://example.org)", (0, 9), "use https://"),
        ("See [x](//evil.example)", (0, 9), "starts with //"),
        ("See [x][r]\n\n[r]: javascript:alert(1)", (2, 6), "javascript:"),
        ("[unused]: data:text/html,x", (0, 11), "data:"),
        ('<a href="javascript:alert(1)">x</a>', (0, 10), "javascript:"),
        ("![x](data:image/png;base64,AA)", (0, 6), "files of this site"),
        ("![x](https://cdn.example/x.png)", (0, 6), "comes from another site"),
        ("![x][i]\n\n[i]: https://cdn.example/x.png", (2, 6), "comes from another site"),
        ("--8<-- \"secret.md\"", (0, 1), "file-include marker"),
        ("```\n--8<-- \"secret.md\"\n```", (1, 1), "file-include marker"),
        ('!!! danger "Fake warning"\n    Call now.', (0, 1), "note box"),
        ("??? note\n    x", (0, 1), "note box"),
        ("*[MRI]: A scan", (0, 1), "glossary.yml"),
        ("[TOC]\n\n# A", (0, 1), "[TOC]"),
        ("<div markdown=\"1\">**x**</div>", (0, 1), "<div>"),
    ],
)
def test_page_problems(body: str, where: tuple[int, int], message_part: str) -> None:
    found = page_problems(body, BODY_FIRST_LINE)
    line, col = BODY_FIRST_LINE + where[0], where[1]
    assert any((ln, c) == (line, col) and message_part in m for ln, c, m in found), found


def test_code_is_shown_not_judged() -> None:
    body = """Some `<script>` text.

```html
<script>alert(1)</script>
<iframe src="x"></iframe>
!!! note
*[X]: y
```

~~~
<b>also code</b>
~~~
"""
    assert page_problems(body, 1) == []


def test_code_masking_follows_markdown_rules() -> None:
    # a backtick does not open a code span across a blank line
    assert page_problems("a `tick\n\nb <b>x</b> and` more", 1)[0][:2] == (3, 3)
    # a fence is closed only by the same fence, so <script> here is code
    assert [f[:2] for f in page_problems("````\nx\n```\n<script>\n````\n<b>y</b>", 1)] == [
        (6, 1)
    ]


def test_nested_unsafe_html_is_reported_once_per_construct() -> None:
    body = '<svg><g><path d="x"/><a href="y">q</a></g></svg>\n\n<b>one</b> <b>two</b>'
    found = page_problems(body, 1)
    assert [(ln, c) for ln, c, _ in found] == [(1, 1), (3, 1), (3, 12)]


def test_repeated_constructs_are_located_in_order() -> None:
    body = "[a](javascript:x) and\n[b](javascript:x)"
    assert [(ln, c) for ln, c, _ in page_problems(body, 1)] == [(1, 5), (2, 5)]


def test_bundled_and_fixture_pages_are_clean() -> None:
    pages = glob.glob(str(ROOT / "content/pages/*.md"))
    pages += glob.glob(str(ROOT / "tests/fixtures/content/pages/*.md"))
    assert pages
    for path in pages:
        text = Path(path).read_text(encoding="utf-8")
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
        assert page_problems(body, 1) == [], path


# ------------------------------------------------------------------ nothing slips through

_PIECES = [
    "text ", "\n\n", "\n", "<p>", "</p>", '<a href="javascript:x">', "</a>", "<script>x",
    "</script>", '<img src="https://e.org/x.png" onerror="y">', "[l](javascript:x)",
    "[l](compare.md)", "![i](data:x)", "![i](p.png)", "{: onclick=x }", "{: .c }", "<div>",
    "</div>", "<b>", "```", "`", "<!-- c -->", '<span style="x">', "[r]: vbscript:x", "[l][r]",
    "*a*", "# H", "- li", '<a href="https://ok.org" onclick="z">', "<svg onload=x>",
]


class _Unsafe(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            low = (value or "").strip().lower()
            if name.startswith("on") or name == "style" or low.startswith(
                ("javascript:", "vbscript:", "data:", "http:", "//")
            ) or (tag == "img" and name == "src" and low.startswith("https:")):
                self.bad.append(f"{tag} {name}={value}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_a_body_without_problems_renders_safe_html(body: str) -> None:
    """An independent scan of the rendered page: if the check passes, nothing unsafe is there."""
    if page_problems(body, 1):
        return
    scan = _Unsafe()
    scan.feed(render_page(body))
    assert scan.bad == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_every_problem_points_into_the_body(body: str) -> None:
    lines = body.split("\n")
    for line, col, message in page_problems(body, 7):
        assert 7 <= line < 7 + len(lines)
        assert 1 <= col <= len(lines[line - 7]) + 1
        assert message.endswith((".", ")"))
