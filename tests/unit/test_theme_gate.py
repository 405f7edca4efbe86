"""Every text reaches a page through one gate (issue 24): every template, ours and the theme's
overrides, rendered with hostile text in every string, prints no markup, attribute or control
character of it.

The theme (Material, and Zensical's copy of it) prints values without escaping, as MkDocs renders
it; its values come from the generated configuration (``emit/nav.site_settings``, whose gate is
``for_theme``) and from the front matter of generated pages. Here every string of the settings
(keys too: nav labels are keys) is replaced by hostile text, control characters included, before
the gate, and every file of ``overrides/`` is rendered with the result, over a stand-in for
Material's own templates. Our own templates (the Markdown page, the handouts) are rendered from
content whose every text field is hostile.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
import yaml
from hb_testlib import FIXTURE, ROOT

from generator.checks import load_and_check
from generator.emit.flowchart import FlowchartBuild
from generator.emit.markdown.renderer import Renderer
from generator.emit.nav import PASSED_AS_IS, for_theme, theme_settings
from generator.emit.pdf.html import build_html
from generator.emit.tree import condition_extras
from generator.publish.mkdocs import site_config, write_config
from generator.resolve import Resolved, resolve
from generator.text.escape import Html
from generator.text.rawhtml import MAP_SLOT, RED_FLAGS_SLOT, seal

OVERRIDES = ROOT / "overrides"
META = '<meta http-equiv=refresh content=0;url=//x.example>'
SCRIPT = '"><script>alert(1)</script>'
ATTRIBUTE = "' onmouseover=alert(2) data-pwned='"
HOSTILE = f"{META} {SCRIPT} {ATTRIBUTE} {{{{ 7*7 }}}}"
"""Hostile text that validates (strings.yml reads single braces as placeholders)."""
CONTROLS = "\x07\x1b\x0b\x7f"
RAW_PIECES = ("<meta http-equiv", '"><script', "<script>alert")
"""Markup that must never appear; a quote that ends an attribute shows up in the parse
(an ``onmouseover`` or ``x`` attribute), a quote in text is only text."""
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Scan(HTMLParser):
    """Every element and attribute as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.bad.append(f"<meta {attrs}>")
        for name, _value in attrs:
            if name.startswith("on") or name == "data-pwned":
                self.bad.append(f"<{tag} {name}=…>")
        self.script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.script = False

    def handle_data(self, data: str) -> None:
        if self.script and "alert(" in data:
            self.bad.append(f"script: {data[:60]}")


def assert_nothing_unescaped(text: str, where: str) -> None:
    """No hostile piece, markup or control character of the hostile text got through.

    JSON-LD is data in a JSON string (quotes are text there); it may not hold a "<" at all.
    """
    for data in _JSON_LD.findall(text):
        assert "<" not in data and "&" not in data, (where, data[:200])
        json.loads(data)
    text = _JSON_LD.sub("", text)
    for piece in RAW_PIECES:
        assert piece not in text, (where, piece, text[max(0, text.find(piece) - 200):][:400])
    assert not _CONTROL.search(text), (where, repr(_CONTROL.search(text)))
    scan = _Scan()
    scan.feed(text)
    assert scan.bad == [], (where, scan.bad)


def _poison(value: Any, n: list[int], *, keys: bool = False) -> Any:
    """Every string in ``value`` hostile and distinct (the keys too with ``keys``: the nav's
    labels are its keys; other keys are names the templates look up); finished HTML kept."""
    if isinstance(value, Html):
        return value
    if isinstance(value, str):
        n[0] += 1
        return f"{HOSTILE}{CONTROLS} {{% raw %}} {n[0]}"
    if isinstance(value, dict):
        return {(_poison(k, n) if keys else k): _poison(v, n, keys=keys)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, n, keys=keys) for v in value]
    return value


def _poisoned_settings(r: Resolved) -> dict[str, Any]:
    """:func:`theme_settings` with every text hostile (the values the gate lets through as
    they are, and the finished HTML, kept); not yet through the gate."""
    n = [0]
    return {key: value if key in PASSED_AS_IS else _poison(value, n, keys=key == "nav")
            for key, value in theme_settings(r).items()}


# ---------------------------------------------------------------- hostile content


def _hostile_folder(tmp: Path) -> Path:
    """The fixture content with hostile text in the words, names and titles that validate."""
    root = tmp / "content"
    shutil.copytree(FIXTURE, root)
    strings = yaml.safe_load((root / "strings.yml").read_text(encoding="utf-8"))
    strings.setdefault("common", {}).update(
        {k: f"{HOSTILE} {k}" for k in ("back_to_top", "print_handout", "disclaimer_heading",
                                      "last_reviewed", "sources", "accessed")})
    strings.setdefault("nav", {}).update({"compare": f"{HOSTILE} compare"})
    (root / "strings.yml").write_text(yaml.safe_dump(strings, allow_unicode=True), "utf-8")
    site = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))
    site.update(title=HOSTILE[:100], description=HOSTILE, publisher=HOSTILE)
    for group in site["groups"]:
        group["title"] = f"{HOSTILE} {group['id']}"
    (root / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), "utf-8")
    for path in sorted((root / "conditions").glob("*.yml")):
        cond = yaml.safe_load(path.read_text(encoding="utf-8"))
        cond["name"] = f"{HOSTILE} {path.stem}"
        path.write_text(yaml.safe_dump(cond, allow_unicode=True), "utf-8")
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Resolved:
    root = _hostile_folder(tmp_path_factory.mktemp("gate"))
    content, report = load_and_check(root)
    assert content is not None, [d.format() for d in report.errors]
    return resolve(content, readings=())


# ---------------------------------------------------------------- the theme's overrides


def _stub(name: str) -> str | None:
    """Material's templates that ours extend or include, reduced to what ours need of them."""
    if name.startswith(".icons/"):
        return "<svg></svg>"
    if name == "base.html":
        return ("{% block fonts %}{% endblock %}{% block extrahead %}{% endblock %}"
                "{% block site_nav %}{% endblock %}"
                '{% block content %}{% include "partials/content.html" %}{% endblock %}'
                '{% include "partials/top.html" %}{% include "partials/search.html" %}'
                "{% block scripts %}{% endblock %}")
    if name == "partials/nav.html":
        return ('{% import "partials/nav-item.html" as item with context %}'
                '{% for nav_item in nav %}{{ item.render(nav_item, "__nav_" ~ loop.index, 1) }}'
                "{% endfor %}")
    if name.startswith("partials/"):
        return ""
    return None


def _nav_items(entries: list[Any], page: Any) -> list[Any]:
    out = []
    for entry in entries:
        ((title, target),) = entry.items() if isinstance(entry, dict) else (("", entry),)
        children = _nav_items(target, page) if isinstance(target, list) else None
        out.append(SimpleNamespace(title=title, url=None if children else target,
                                   children=children, active=True, is_index=False, meta=None,
                                   pages=None))
    return out


def _theme_env() -> jinja2.Environment:
    # As MkDocs makes it (mkdocs/theme.py): no autoescape, the url filter.
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(OVERRIDES)), jinja2.FunctionLoader(_stub)]))
    env.filters["url"] = lambda value: value
    return env


def _theme_context(hostile: Resolved, tmp: Path) -> dict[str, Any]:
    settings = _poisoned_settings(hostile)
    config_path = write_config(
        site_config(ROOT / "mkdocs.yml", for_theme(settings), docs=tmp / "docs",
                    alternates=[{"name": HOSTILE, "link": HOSTILE, "lang": HOSTILE,
                                 "root": HOSTILE}, {"name": "Cymraeg", "link": "cy/",
                                                    "lang": "cy", "root": "https://e.org/cy/"}]),
        tmp / "mkdocs.yml")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))  # as MkDocs reads it
    slug = min(hostile.conditions)
    markdown = seal(Renderer(hostile).render_condition(
        slug, hostile.conditions[slug], condition_extras(hostile, slug)))
    meta = yaml.safe_load(markdown.split("---\n", 2)[1])
    page = SimpleNamespace(
        meta=meta, title=meta["title"], canonical_url="https://example.org/c/", toc=[],
        url=f"conditions/{slug}/{HOSTILE}", active=True, is_index=False, children=None,
        is_homepage=False,
        content=f"<p>Body</p>\n{RED_FLAGS_SLOT}\n{MAP_SLOT}\n")
    return {"config": config, "page": page, "nav": _nav_items(config["nav"], page),
            "features": config["theme"].get("features", []),
            "lang": SimpleNamespace(t=lambda key: "Search")}


def _override_files() -> list[str]:
    return sorted(p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html"))


def test_every_override_is_rendered_here() -> None:
    # main.html renders content.html, top.html, search.html and the nav (nav-item.html) through
    # the stand-in base; the search and keyboard scripts are included by main.html.
    # the language switcher (alternate.html) is rendered on its own, with hostile languages
    assert _override_files() == ["main.html", "partials/alternate.html", "partials/content.html",
                                 "partials/hb-keyboard.html",
                                 "partials/hb-search-on-demand.html", "partials/nav-item.html",
                                 "partials/search.html", "partials/top.html"]


@pytest.mark.parametrize("template", _override_files())
def test_no_override_prints_a_hostile_value(hostile: Resolved, tmp_path: Path,
                                            template: str) -> None:
    context = _theme_context(hostile, tmp_path)
    env = _theme_env()
    if template == "partials/nav-item.html":
        out = env.from_string(_stub("partials/nav.html") or "").render(**context)
    else:
        out = env.get_template(template).render(**context)
    assert_nothing_unescaped(out, template)
    if template in ("main.html", "partials/top.html", "partials/nav-item.html",
                    "partials/alternate.html"):
        assert "&lt;meta http-equiv" in out  # the hostile words are there, as text


def test_main_prints_every_word_escaped_once(hostile: Resolved, tmp_path: Path) -> None:
    out = _theme_env().get_template("main.html").render(**_theme_context(hostile, tmp_path))
    assert out.count("&lt;meta http-equiv=refresh") >= 5  # words, disclaimer heading, nav, top
    assert "&amp;lt;" not in out  # escaped once, not twice
    # the print footer: a CSS string, no markup and no way out of <style>
    style = re.search(r'<style media="print">(.*?)</style>', out, re.DOTALL)
    assert style and "<" not in style.group(1) and "\\3c " in style.group(1)


def test_a_raw_value_cannot_reach_the_theme(hostile: Resolved) -> None:
    # The settings' texts pass the gate; only finished HTML the generator made is unescaped.
    gated = for_theme(_poisoned_settings(hostile))

    def texts(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [t for k, v in value.items() for t in (*texts(k), *texts(v))]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        return [value] if isinstance(value, str) else []

    finished = {k for k, v in theme_settings(hostile).items() if isinstance(v, Html)}
    for key, value in gated.items():
        if key in PASSED_AS_IS or key in finished or key == "css":
            continue
        for text in texts(value):
            assert "<" not in text and '"' not in text and "'" not in text, (key, text)
            assert not _CONTROL.search(text), (key, text)


# ---------------------------------------------------------------- our own templates


def test_condition_pages_print_no_hostile_markup(hostile: Resolved) -> None:
    m = Renderer(hostile)
    for slug, cond in sorted(hostile.conditions.items()):
        page = seal(m.render_condition(slug, cond, condition_extras(hostile, slug)))
        assert_nothing_unescaped(page, slug)
        assert "&lt;meta http-equiv" in page or "&lt;meta http\\-equiv" in page


def test_the_markdown_templates_autoescape(hostile: Resolved) -> None:
    env = Renderer(hostile).env
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x=HOSTILE).startswith("&lt;meta")


def test_handouts_print_no_hostile_markup(hostile: Resolved) -> None:
    stub = FlowchartBuild(svg="<svg></svg>", json="{}", markdown="",
                          raw_svg="<svg></svg>")
    pages = build_html(hostile, stub)
    assert len(pages) >= 2  # the conditions and the overview
    for name, html in pages.items():
        assert_nothing_unescaped(html, name)
        assert "&lt;meta http-equiv" in html


def test_the_handout_templates_autoescape() -> None:
    from generator.emit.pdf.html import _env

    env = _env()
    assert env.autoescape is True
    assert env.from_string("{{ x }}|{{ x ~ '' }}").render(x=HOSTILE).count("&lt;meta") == 2
