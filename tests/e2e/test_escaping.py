"""Content cannot inject markup: hostile text in every text field is shown, never run."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hb_testlib import ROOT, copy_content, run_cli

# one worker builds the hostile site once for the whole module
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("poison")]

NASTY = ('<script>alert(1)</script> </script> "><img src=x onerror=alert(2)> '
         "{{ 7*7 }} {% raw %} *a* _b_ `c` [d](javascript:alert(3)) | # --8<-- x")
# Prose fields allow inline Markdown but no HTML: the hostile parts that validation allows.
NASTY_PROSE = "Text {{ 7*7 }} {% raw %} with * and _ and ` and | and # and \\ and ] ["

PLAIN_KEYS = {"name", "label", "title", "publisher", "question", "term", "definition",
              "reviewed_by", "group", "short", "hint", "note", "text_plain"}


SHORT = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7*7 }} [d](javascript:x)'


def _poison(data: Any, key: str | None = None, short: bool = False) -> Any:
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            if k in ("id", "next", "start", "url", "view", "kind", "value", "action", "symbol",
                     "group", "language", "public_url", "emergency_number", "urgent_number",
                     "paper_size", "uncovered_conditions", "accessed", "last_reviewed",
                     "next_review", "conditions", "related", "sources", "main", "sometimes",
                     "default", "watch_terms", "tier", "colour", "asks_about", "tags",
                     "sides", "must_ask", "paths_to", "tag", "reach_at_least", "outcome",
                     "tier_at_least", "never", "on_every_page", "words", "answers"):
                out[k] = v
            elif k == "compare":
                out[k] = {f: ({"text": NASTY} if isinstance(x, dict) and "text" in x else x)
                          for f, x in v.items()}
            else:
                out[k] = _poison(v, k, short)
        return out
    if isinstance(data, list):
        return [_poison(x, key, short) for x in data]
    if isinstance(data, str):
        _COUNTER[0] += 1  # keep texts distinct: some rules want unique answers or titles
        n = _COUNTER[0]
        return f"{SHORT if short else NASTY} {n}" if key in PLAIN_KEYS or key in ("also_called", "nerves", "also") else (
            f"{NASTY_PROSE} {n}")
    return data


_COUNTER = [0]


def _strip_braces(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_braces(v) for k, v in data.items()}
    if isinstance(data, str):
        return data.replace("{", "(").replace("}", ")")
    return data


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "xlink:href") and value and value.lower().strip(
            ).startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag == "img" and ("src", "x") in attrs:
            self.bad.append("<img src=x>")
        # a data block (JSON-LD) may hold the hostile text as data: it is never executed
        self.in_script = tag == "script" and ("type", "application/ld+json") not in attrs

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.bad.append(f"script: {data[:60]}")
        elif not self.in_script:
            self.text.append(data)


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    tmp = tmp_path_factory.mktemp("poison")
    root = copy_content(tmp)
    files = [*root.glob("*.yml"), *root.glob("conditions/*.yml")]
    for path in files:
        data = yaml.safe_load(path.read_text())
        if path.name == "site.yml":
            data["title"] = NASTY[:100]
            data["tagline"] = NASTY
            data["description"] = NASTY
            data["publisher"] = NASTY
            data["disclaimer"] = NASTY_PROSE
            for g in data["groups"]:
                g["title"] = NASTY
            data["quality"]["watch_terms"] = []
        elif path.name == "scenarios.yml":
            for sc in data["scenarios"]:
                sc["story"] = _poison(sc["story"], "story")
            for rule in data["rules"]:
                rule["says"] = _poison(rule["says"], "title")
        elif path.name == "strings.yml":
            # engine words may only use the placeholders the engine offers: no braces here
            data = _strip_braces(_poison(data, short=True))
        elif path.name == "red-flags.yml":
            for sign_list in data["lists"]:
                intro = sign_list.pop("intro")
                sign_list.update(_poison(sign_list))
                sign_list["intro"] = _strip_braces(_poison(intro, "title")) + " {emergency_number}"
        elif path.name == "glossary.yml":
            # a word every poisoned prose field starts with: the hostile definition is a tooltip
            data["terms"] = [{"id": "nasty", "term": "Text", "definition": NASTY}]
        elif path.name == "flowchart.yml":
            # Mermaid's layout engine is slow with very long labels (minutes): the diagram gets
            # a shorter hostile text with the same dangerous parts.
            # (answer labels stay: the reader stories in scenarios.yml quote them exactly)
            data["title"] = _poison(data["title"], "title", short=True)
            own = next(q for q in data["questions"] if "question" in q)
            own["question"] = _poison(own["question"], "question", short=True)
            own["help"] = _poison(own.get("help", "x"), "help", short=True)
            data["outcomes"][0] = _poison(data["outcomes"][0], short=True)
        else:
            data = _poison(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run_cli(["validate", "--content", str(root)])
    assert code == 0, err
    code, out, err = run_cli(
        ["build", "--content", str(root), "--site-dir", str(tmp / "site"), "--docs",
         str(tmp / "docs"), "--cache", str(shared_cache), "--config", str(ROOT / "mkdocs.yml"),
         "--no-pdf"], cwd=ROOT)
    assert code == 0, out + err
    return tmp / "site"


def test_no_page_runs_or_injects_anything(poisoned_site: Path) -> None:
    pages = sorted(poisoned_site.rglob("*.html"))
    assert len(pages) > 5
    seen_literal = 0
    for page in pages:
        scan = _Scan()
        scan.feed(page.read_text())
        assert scan.bad == [], (page, scan.bad)
        text = "".join(scan.text)
        if "{{ 7*7 }}" in text:
            seen_literal += 1
        assert "<script>alert(1)</script>" not in text or NASTY[:30] in text
    assert seen_literal >= 3  # the text is shown as written, not evaluated


def test_text_shown_as_written_on_condition_page(poisoned_site: Path) -> None:
    page = next((poisoned_site / "conditions").glob("*/index.html"))
    scan = _Scan()
    scan.feed(page.read_text())
    text = " ".join("".join(scan.text).split())
    assert "<script>alert(1)</script>" in text  # escaped markup comes back as visible text
    assert '"><img src=x onerror=alert(2)>' in text


class _Titles(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.abbrs: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "abbr":
            self.abbrs.append(dict(attrs).get("title"))


def test_a_hostile_glossary_definition_is_only_a_tooltip(poisoned_site: Path) -> None:
    marked = 0
    for page in sorted((poisoned_site / "conditions").glob("*/index.html")):
        scan = _Titles()
        scan.feed(page.read_text())
        assert scan.abbrs == [NASTY], page  # the first use on the page, the whole definition
        marked += 1
    assert marked >= 3  # every condition page of the fixture content


def test_json_ld_and_exports_parse(poisoned_site: Path) -> None:
    import re

    for page in (poisoned_site / "conditions").glob("*/index.html"):
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                            page.read_text(), re.DOTALL)
        assert len(blocks) == 1
        data = json.loads(blocks[0])
        assert data["about"]["name"].startswith(NASTY)
    api = json.loads((poisoned_site / "api" / "conditions.json").read_text())
    assert api["conditions"][0]["name"].startswith(NASTY)
    graph = json.loads((poisoned_site / "flowchart" / "graph.json").read_text())
    assert SHORT in json.dumps(graph, ensure_ascii=False).replace('\\"', '"')
