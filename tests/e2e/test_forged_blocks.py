"""End-to-end (issue 24): hostile words in strings.yml and every spelling of the pass-through
markers in the content's text fields, built with both engines; and every page position of the
markers refused by ``validate`` with its line.

No built page may carry a live ``<meta http-equiv>``, an injected attribute, or a forged block
(``<p class="forged">``). The markers in YAML text are shown as text; in a hand-written page they
are refused before anything is built (the build's own seal refuses them too:
``tests/unit/text/test_text_rawhtml.py``).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hb_testlib import ROOT, copy_content, run_cli

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("forged")]

META = '<meta http-equiv="refresh" content="0;url=//x.example">'
ATTRIBUTE = '" data-pwned="1'
FORGED = '<p class="forged">Call 0900 now</p>'
SPELLINGS = ["<!-- hipback:html -->", "<!-- /hipback:html -->", "<!--hipback:html-->",
             "<!-- HIPBACK : html -->", "<!-- hipback:map -->", "<!-- hipback:red-flags -->",
             "<!-- hb-00000000000000000000000000000000-0 -->"]
"""Today's markers and slots, other spellings, and a guess at the generator's stand-ins."""
FORGERY = " ".join(SPELLINGS[:2]) + f" {FORGED}"


def _hostile(tmp: Path) -> Path:
    root = copy_content(tmp)
    strings = yaml.safe_load((root / "strings.yml").read_text(encoding="utf-8"))
    strings["common"] = {"back_to_top": f"{META} top", "print_handout": f"{ATTRIBUTE} print",
                         "disclaimer_heading": f"Important{ATTRIBUTE}",
                         "last_reviewed": "Last </style><style>body{{display:none}}"}
    strings["nav"]["compare"] = f"{FORGERY} compare"
    (root / "strings.yml").write_text(yaml.safe_dump(strings, allow_unicode=True), "utf-8")
    site = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))
    site["description"] = f"{META} {FORGERY}"
    site["publisher"] = f"Publisher{ATTRIBUTE}"
    site["groups"][0]["title"] = f"{FORGERY} group"
    (root / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), "utf-8")
    cond = yaml.safe_load((root / "conditions" / "sciatica.yml").read_text(encoding="utf-8"))
    cond["also_called"] = [*SPELLINGS, FORGED]
    (root / "conditions" / "sciatica.yml").write_text(yaml.safe_dump(cond, allow_unicode=True),
                                                      "utf-8")
    about = root / "pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text.replace("title: About this guide",
                                  f"title: {json.dumps(FORGERY)}", 1), "utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _hostile(tmp_path_factory.mktemp("forged"))
    code, _out, err = run_cli(["validate", "--content", str(root)])
    assert code == 0, err  # plain words may hold these: they are shown as text
    return root


def _build(content: Path, tmp: Path, engine: str, cache: Path) -> Path:
    code, out, err = run_cli(
        ["build", "--content", str(content), "--site-dir", str(tmp / "site"), "--docs",
         str(tmp / "docs"), "--cache", str(cache), "--config", str(ROOT / "mkdocs.yml"),
         "--no-pdf", "--engine", engine], cwd=ROOT)
    assert code == 0, out + err
    return tmp / "site"


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.bad.append(f"<meta {attrs}>")
        if "data-pwned" in names or any(n.startswith("on") for n in names):
            self.bad.append(f"<{tag} {attrs}>")
        if dict(attrs).get("class") == "forged":
            self.bad.append("a forged block")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_nothing_hostile_is_live_in_any_page(hostile_content: Path, shared_cache: Path,
                                             tmp_path: Path, engine: str) -> None:
    site = _build(hostile_content, tmp_path, engine, shared_cache)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    shown = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scan = _Live()
        scan.feed(html)
        assert scan.bad == [], (page, scan.bad)
        assert "<style>body" not in html, page  # the print footer's words stay a CSS string
        shown += "&lt;!-- hipback:html --&gt;" in html
    assert shown >= 3  # the forged markers are on the pages, as text
    condition = (site / "conditions" / "sciatica" / "index.html").read_text(encoding="utf-8")
    assert "&lt;meta http-equiv=" in condition  # back to top: the words, shown
    assert condition.count('class="hb-care ') >= 2  # the real blocks are still there


POSITIONS = {
    "code span": "Text `{m}` here.",
    "code span over lines": "Text `code\n{m}\n<p class=\"forged\">x</p>\nmore` here.",
    "double backticks over lines": "Text ``code\n{m}\nmore`` here.",
    "backtick fence": "```\n{m}\n```",
    "tilde fence": "~~~\n{m}\n~~~",
    "indented code": "    {m}",
    "HTML comment": "<!-- note\n{m}\n-->",
    "quote": "> {m}",
    "list item": "- {m}",
}


def test_validate_names_every_forged_marker_in_a_page(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    page = root / "pages" / "about.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    expected: list[int] = []
    for spelling in SPELLINGS[:6]:
        for wrap in POSITIONS.values():
            block = wrap.format(m=spelling)
            start = text.count("\n") + 2
            expected.append(start + block.split("\n").index(
                next(x for x in block.split("\n") if spelling in x)))
            text += f"\n{block}\n"
    page.write_text(text, encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", str(root)])
    assert code == 1
    lines = sorted({int(m.group(1)) for m in re.finditer(
        r"pages/about\.md:(\d+):\d+: the comment .* looks like the markers", err)})
    assert lines == sorted(set(expected)), err
