"""One way to make HTML (:mod:`generator.emit.fragments`): the emitters' HTML blocks are
autoescaped templates, values escaped with the project's own escaper unless marked as markup."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET

import jinja2
from hb_testlib import ROOT
from markupsafe import Markup

from generator.emit.bodymap import HATCH_LINE, MAIN_FILL, legend_key_svg
from generator.emit.fragments import TEMPLATES, render

EMIT = ROOT / "generator" / "emit"

HTML_FSTRING_ALLOWED = {
    # the opening <abbr> lands in a page's Markdown source, before Markdown reads it: its title
    # needs Markdown's characters as entities too (glossary.title_attr), not HTML escaping
    "glossary.py",
}


def test_a_value_is_escaped_with_html_escape() -> None:
    html = render("paragraph.html.j2", name='a"b', text="<x> & 'y'\x01")
    # &quot; and &#x27; (html.escape), not markupsafe's &#34; and &#39;; controls dropped
    assert html == '<p class="a&quot;b">&lt;x&gt; &amp; &#x27;y&#x27;</p>'


def test_markup_is_printed_as_it_is_and_the_result_is_a_plain_string() -> None:
    html = render("paragraph.html.j2", name="n", text=Markup("<em>x</em>"))
    assert html == '<p class="n"><em>x</em></p>'
    # not Markup: text added to it later is not escaped a second time
    assert type(html) is str


def test_every_template_parses_and_none_turns_escaping_off() -> None:
    templates = sorted(TEMPLATES.glob("*.html.j2"))
    assert len(templates) > 10
    for path in templates:
        source = path.read_text(encoding="utf-8")
        jinja2.Environment().parse(source)
        assert not re.search(r"\|\s*safe\b|autoescape\s+false", source), path.name


def test_no_emitter_writes_html_with_an_f_string() -> None:
    found = []
    for path in sorted(EMIT.rglob("*.py")):
        if path.name in HTML_FSTRING_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.JoinedStr) and node.values
                    and isinstance(node.values[0], ast.Constant)
                    and str(node.values[0].value).lstrip().startswith("<")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "HTML belongs in a template in generator/emit/templates/: " + ", ".join(found)


def test_legend_keys_are_drawn_like_the_maps_regions() -> None:
    ns = "{http://www.w3.org/2000/svg}"
    main = ET.fromstring(legend_key_svg("main"))
    assert [x.tag for x in main] == [f"{ns}rect"]
    assert main[0].get("fill") == MAIN_FILL
    hatched = ET.fromstring(legend_key_svg("sometimes"))
    paths = hatched.findall(f"{ns}g/{ns}path")
    assert len(paths) == 7 and {x.get("stroke") for x in paths} == {HATCH_LINE}
    assert hatched.find(f"{ns}clipPath") is not None


class _HasHtml:
    """Not markup, though it says it is HTML: printed as its text, escaped."""

    def __html__(self) -> str:
        return "<b>"

    def __str__(self) -> str:
        return "<i>"


def test_every_kind_of_value_is_escaped_once_in_one_call() -> None:
    from generator.emit.fragments import _env

    env = _env()
    code = env.compile(env.loader.get_source(env, "paragraph.html.j2")[0], raw=True)
    assert "environment.finalize(" in code and "escape(" not in code
    for value, shown in [(12, "12"), (None, "None"), (_HasHtml(), "&lt;i&gt;"),
                         ('"&', "&quot;&amp;"), (Markup("<em>&amp;</em>"), "<em>&amp;</em>")]:
        assert render("paragraph.html.j2", name="n", text=value) == f'<p class="n">{shown}</p>'
    # what does not print through {{ }} is still autoescaped by Jinja (markupsafe's escape)
    joined = env.from_string("{{ a ~ b }}|{{ [a, b] | join }}|{% set x %}{{ b }}{% endset %}{{ x }}")
    assert joined.render(a=Markup("<br>"), b="'") == "<br>&#39;|<br>&#39;|&#x27;"
    # and turning autoescape off in a template does not turn our escaping off
    assert env.from_string("{% autoescape false %}{{ a }}{% endautoescape %}").render(
        a="<") == "&lt;"


def test_a_remembered_answer_is_the_escape_of_the_value() -> None:
    """``finalize`` looks a short text up among the escape's remembered answers before calling
    it: a value printed twice comes out escaped the same both times, a long one (never
    remembered) too, and a function that remembers nothing has no answers to give."""
    from generator.text.escape import answers_of, html_escape

    for value in ['<b title="x">&', "é" * 200]:
        first = render("paragraph.html.j2", name="n", text=value)
        assert first == render("paragraph.html.j2", name="n", text=value) == \
            f'<p class="n">{html_escape(value)}</p>'
    assert answers_of(html_escape).get('<b title="x">&') == "&lt;b title=&quot;x&quot;&gt;&amp;"
    assert "é" * 200 not in answers_of(html_escape)
    assert answers_of(str.upper) == {}


def test_a_templates_globals_are_one_dict_its_own_over_the_environments() -> None:
    """Globals are copied into every render's context: one dict, not Jinja's ChainMap."""
    from generator.emit.fragments import _env

    env = _env()
    template = env.from_string("{{ NOT_SEARCHED }}|{{ extra }}", globals={"extra": "<x>"})
    assert type(template.globals) is dict
    assert template.render() == f"{env.globals['NOT_SEARCHED']}|&lt;x&gt;"
    shadowed = env.from_string("{{ NOT_SEARCHED }}", globals={"NOT_SEARCHED": "mine"})
    assert shadowed.render() == "mine"
