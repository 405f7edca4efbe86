"""One engine, any content: a second content domain builds, and nothing of the first leaks in.

``tests/fixtures/shoulder`` is a complete content folder about shoulder pain that comes from the
neck or from the shoulder joint: its own regions and body-map artwork, flowchart, sign lists,
scenarios and words. It is built like the bundled content (site, JSON, handouts), then every
HTML, JSON, SVG and PDF text is searched for words of the bundled hip/back domain: its condition
names, group titles, region labels, and the words "hip" and "back".
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hb_testlib import BUNDLED, ROOT, build_once

SHOULDER = ROOT / "tests" / "fixtures" / "shoulder"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("second-domain"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def bundled_words() -> list[str]:
    """Words and phrases that belong to the bundled domain only."""
    words = {"hip", "hips", "back", "backs"}
    site = yaml.safe_load((BUNDLED / "site.yml").read_text(encoding="utf-8"))
    words |= {g["title"] for g in site["groups"]}
    regions = yaml.safe_load((BUNDLED / "regions.yml").read_text(encoding="utf-8"))
    words |= {r["label"] for r in regions["regions"]}
    for path in sorted((BUNDLED / "conditions").glob("*.yml")):
        cond = yaml.safe_load(path.read_text(encoding="utf-8"))
        words.add(cond["name"])
        words |= set(cond.get("also_called", []))
    return sorted(w for w in words if w.strip())


class _Text(HTMLParser):
    """Everything a reader or a screen reader gets from a page: text and attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and name in ("alt", "title", "aria-label", "content", "placeholder"):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


FORMAT_VALUES = {"view"}
"""JSON fields whose values are content-format keywords (a region's view is front, back or
both), not words for readers."""


def _json_text(data: object, key: str = "") -> list[str]:
    """Every string value of a JSON document (keys are names, not text)."""
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in _json_text(v, str(k))]
    if isinstance(data, list):
        return [t for v in data for t in _json_text(v, key)]
    if isinstance(data, str) and key not in FORMAT_VALUES:
        return [data]
    return []


def _texts(site: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or not path.is_file():
            continue
        if path.suffix == ".html":
            parser = _Text()
            parser.feed(path.read_text(encoding="utf-8"))
            out[rel] = " ".join(parser.parts)
            # JSON-LD is text too
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                    path.read_text(encoding="utf-8"), re.DOTALL):
                out[rel + "#jsonld"] = json.dumps(json.loads(block), ensure_ascii=False)
        elif path.suffix == ".json":
            out[rel] = " ".join(_json_text(json.loads(path.read_text(encoding="utf-8"))))
        elif path.suffix in (".svg", ".xml", ".txt"):
            out[rel] = path.read_text(encoding="utf-8")
        elif path.suffix == ".pdf":
            out[rel] = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                                      capture_output=True, text=True).stdout
    return out


@pytest.fixture(scope="module")
def shoulder_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = Path(tmp_path_factory.getbasetemp())
    base = base.parent if base.name.startswith("popen-gw") else base
    return build_once("shoulder", base, SHOULDER)


def test_second_domain_builds_every_page(shoulder_site: Path) -> None:
    for rel in ["index.html", "compare/index.html", "where-does-it-hurt/index.html",
                "flowchart/index.html", "how-we-check/index.html", "handouts/index.html",
                "api/conditions.json", "handouts/overview.pdf", "handouts/booklet.pdf"]:
        assert (shoulder_site / rel).is_file(), rel
    slugs = sorted(p.stem for p in (SHOULDER / "conditions").glob("*.yml"))
    assert len(slugs) == 3
    for slug in slugs:
        page = (shoulder_site / "conditions" / slug / "index.html").read_text(encoding="utf-8")
        assert "hb-care" in page  # the care cards (red flags) are on every condition page
        assert (shoulder_site / "handouts" / f"{slug}.pdf").is_file()
    title = yaml.safe_load((SHOULDER / "site.yml").read_text(encoding="utf-8"))["title"]
    assert title in (shoulder_site / "index.html").read_text(encoding="utf-8")


def test_no_word_of_the_bundled_domain_leaks_in(shoulder_site: Path) -> None:
    words = bundled_words()
    assert "hip" in words and "Sciatica" in words  # the list is not empty by mistake
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])",
                         re.IGNORECASE)
    leaks = {}
    for rel, text in _texts(shoulder_site).items():
        found = sorted({m.group(0) for m in pattern.finditer(text)})
        if found:
            leaks[rel] = found
    assert leaks == {}


def test_the_leak_check_would_see_a_leak(tmp_path: Path) -> None:
    """The text extraction reaches page text, attributes and JSON-LD (so the test can fail)."""
    page = tmp_path / "x" / "index.html"
    page.parent.mkdir()
    page.write_text('<html><body><p title="Hip pain">Top</p><script type="application/ld+json">'
                    '{"name": "Sciatica"}</script></body></html>', encoding="utf-8")
    texts = _texts(tmp_path)
    assert "Hip pain" in texts["x/index.html"] and "Sciatica" in texts["x/index.html#jsonld"]
