"""Escaping and the prose rules: content can never inject markup."""

from __future__ import annotations

import json

import pytest

from generator.textrules import (
    json_for_script,
    md_escape,
    prose_problems,
    prose_to_html,
    prose_to_text,
)

NASTY = '<script>alert(1)</script> "><img src=x onerror=alert(1)> {{ x }} {% y %} *a* [b](c) | #'


@pytest.mark.parametrize(
    "text",
    [
        "Pain <b>here</b>",
        "See [this](javascript:alert(1))",
        "See [this](JaVaScRiPt:alert(1))",
        "Include --8<-- 'secret'",
        "# A heading",
        "- a list",
        "Text &amp; entity",
        "Text {: .class }",
    ],
)
def test_prose_rejects(text: str) -> None:
    assert prose_problems(text)


@pytest.mark.parametrize(
    "text",
    ["Plain words.", "Some **bold** and *italic*.", "A [link](https://nhs.uk/).",
     "A [page](compare.md).", "Numbers 4 < 5 are fine? No: only words.", "L4–S3 & more"],
)
def test_prose_allows(text: str) -> None:
    if "<" in text:
        assert prose_problems(text) == [] or "raw HTML" not in prose_problems(text)[0]
    else:
        assert prose_problems(text) == []


def test_md_escape_neutralises_markup() -> None:
    import markdown

    html = markdown.markdown(md_escape(NASTY))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<em>" not in html and "<a " not in html


def test_md_escape_shows_every_character_without_backslashes() -> None:
    """With the site's Markdown extensions, escaped text comes back exactly as written."""
    import html as html_mod
    import re

    import markdown

    text = "Signs: a|b ~c~ $5 a=b x^2 <b> & \\ `d` *e* _f_ {g} [h](i) #j +k !l -m ."
    md = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "md_in_html",
                                       "def_list", "toc"])
    out = md.convert(md_escape(text))
    inner = re.fullmatch(r"<p>(.*)</p>", out, re.S)
    assert inner, out
    assert html_mod.unescape(inner.group(1)) == text


def test_prose_to_html_escapes_and_links() -> None:
    out = prose_to_html('Hi **bold** [NHS](https://nhs.uk/?a=1&b="2") and <x>')
    assert out == (
        'Hi <strong>bold</strong> <a href="https://nhs.uk/?a=1&amp;b=&quot;2&quot;">NHS</a> '
        "and &lt;x&gt;"
    )
    assert prose_to_text("A **b** [c](d)") == "A b c"


def test_json_for_script_cannot_close_the_script() -> None:
    text = json_for_script({"a": "</script><script>alert(1)</script>", "b": "\u2028"})
    assert "</" not in text and "<" not in text
    assert json.loads(text)["a"].startswith("</script>")
