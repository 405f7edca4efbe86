"""Escaping: every output shows content exactly as written, and content can never become markup."""

from __future__ import annotations

import html as html_mod
import json
import re
import xml.etree.ElementTree as ET

import pytest
from hb_testlib import site_html

from generator.text.escape import (
    css_string,
    html_escape,
    json_for_script,
    md_escape,
    xml_attr,
    xml_text,
)

NASTY = '<script>alert(1)</script> "><img src=x onerror=alert(1)> {{ x }} {% y %} *a* [b](c) | #'



def test_md_escape_neutralises_markup() -> None:
    out = site_html(md_escape(NASTY))
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert "<em>" not in out and "<a " not in out


@pytest.mark.parametrize(
    "text",
    [
        "Signs: a|b ~c~ $5 a=b x^2 <b> & \\ `d` *e* _f_ {g} [h](i) #j +k !l -m .",
        "1. Not a list",
        "  12. Not a list either",
        "# not a heading",
        "- not a bullet",
        "> not a quote",
        "!!! note not an admonition",
        "Term\n: not a definition",
        "{: .not-an-attribute-list }",
        "*[MRI]: not an abbreviation",
        "&amp; stays &amp;",
        "--8<-- not a snippet",
    ],
)
def test_md_escape_shows_every_character_without_backslashes(text: str) -> None:
    """With the site's Markdown extensions, escaped text comes back exactly as written."""
    out = site_html(md_escape(text))
    inner = re.fullmatch(r"<p>(.*)</p>", out, re.DOTALL)
    assert inner, out
    assert html_mod.unescape(inner.group(1)) == text.replace("\n", " ").lstrip()


def test_md_escape_is_one_line() -> None:
    assert "\n" not in md_escape("a\nb\n\nc")


def test_html_escape_covers_text_and_both_attribute_quotes() -> None:
    assert html_escape("<a href='x' title=\"y\">&") == (
        "&lt;a href=&#x27;x&#x27; title=&quot;y&quot;&gt;&amp;"
    )


def test_json_for_script_cannot_close_the_script() -> None:
    value = {"a": "</script><script>alert(1)</script>", "b": "\u2028<!--", "c": "A&E"}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_json_for_script_is_repeatable() -> None:
    assert json_for_script({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Page", '"Page"'),
        ('say "hi"', '"say \\22 hi\\22 "'),
        ("</style><script>", '"\\3c /style\\3e \\3c script\\3e "'),
        ("a\\b\nc", '"a\\5c b\\a c"'),
        ("A&E", '"A\\26 E"'),
    ],
)
def test_css_string(value: str, expected: str) -> None:
    assert css_string(value) == expected


def test_css_string_never_holds_characters_that_end_it() -> None:
    body = css_string('x"</style>\\\n&')[1:-1]
    assert not re.search(r'["<>&\n]', body)


@pytest.mark.parametrize(
    "value",
    ["plain", "a < b & c > d", 'quote " and \' apostrophe', "tab\tnew\nline", "bell\x07 \ufffe"],
)
def test_xml_text_and_attr_round_trip_through_a_parser(value: str) -> None:
    doc = f"<svg title={xml_attr(value)}>{xml_text(value)}</svg>"
    root = ET.fromstring(doc)
    expected = value.replace("\x07", "").replace("\ufffe", "")
    assert root.get("title") == expected
    assert root.text == expected.replace("\r", "")


def test_xml_drops_characters_xml_cannot_hold() -> None:
    assert xml_text("a\x00b\x1fc\ud800d\uffffe") == "abcde"
    assert xml_attr('x"\n') == '"x&quot;&#10;"'


def test_remembered_escapes_answer_as_the_first_time() -> None:
    from markupsafe import Markup

    for escape in (md_escape, html_escape, xml_text):
        raw = escape.__wrapped__  # type: ignore[attr-defined]
        for text in ["a<b & 'c'", "x" * 200, "", "1. list", "\x01ctl"]:
            assert escape(text) == escape(text) == raw(text)
        # a str subclass is escaped as it always was, never answered from what a str got
        marked = Markup("a&b")
        assert escape("a&b") == raw("a&b")
        assert escape(marked) == raw(marked)
