"""Golden tests: the fixture content's generated tree is compared with stored files.

Run ``pytest --update-golden`` (or HIPBACK_UPDATE_GOLDEN=1) to rewrite them after an intended
change, then review the diff in git.

Every file is stored as it is generated but one: the flowchart diagram (``flowchart/diagram.svg``,
which the page loads; about 100 KB of Mermaid's drawing on one line) is stored as its opening
tag, its title, description, words and links, and a digest of the whole (:func:`svg_summary`). Any change to the drawing still fails
here, the diff names what changed in the parts a reader meets, and a review is not one 50 KB
line. The drawing itself is tested where it is made: the Mermaid source against
``tests/golden/flowchart/expected.mmd`` (test_flowchart_mermaid.py), the rendered SVG's text,
ids, size and safety in test_flowchart_svg.py, its links in test_svg_links.py.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, tree_of

from generator.checks import load_and_check
from generator.emit.flowchart.svg import svg_texts

EXPECTED = Path(__file__).parent / "expected"

pytestmark = pytest.mark.xdist_group("golden")

DIAGRAM = "flowchart/diagram.svg"
"""The flowchart page's drawing, beside the page (:data:`~generator.model.sitemap.FLOWCHART_DIAGRAM`)."""
SVG = "{http://www.w3.org/2000/svg}"


def svg_summary(svg: str) -> str:
    """What the golden file keeps of the diagram: enough to see what changed, and a digest that
    changes with any byte of it."""
    root = ET.fromstring(svg)
    digest = hashlib.sha256(svg.encode()).hexdigest()
    lines = [svg[:svg.index(">") + 1],
             f"<!-- golden: the drawing's {len(svg)} characters, sha256 {digest} -->"]
    for tag in ("title", "desc"):
        lines += [f"{tag}: {el.text}" for el in root.iter(SVG + tag)]
    lines += [f"text: {words}" for words in svg_texts(svg)]
    lines += [f"link: {a.get('href')} {a.get('aria-label')!r}" for a in root.iter(SVG + "a")]
    return "\n".join([*lines, "</svg>"])


def snapshot(rel: str, data: bytes) -> str:
    """The golden text of one generated file (the flowchart's drawing summarised)."""
    text = data.decode()
    return svg_summary(text) + "\n" if rel == DIAGRAM else text


@pytest.fixture(scope="module")
def tree(shared_cache: Path) -> dict[str, bytes]:
    content, report = load_and_check(FIXTURE, "content")
    assert content is not None, [d.format() for d in report.sorted()]
    return tree_of(content, shared_cache)


def _golden_paths(tree: dict[str, bytes]) -> list[str]:
    # SVG-heavy pages are covered by their own tests; compare every Markdown page and export,
    # and the flowchart's drawing (summarised).
    return sorted(p for p in tree if p.endswith((".md", ".json")) or p == DIAGRAM)


def test_generated_tree_matches_golden(tree: dict[str, bytes], update_golden: bool) -> None:
    paths = _golden_paths(tree)
    if update_golden:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel in paths:
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(snapshot(rel, tree[rel]).encode())
        return
    stored = sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file())
    assert stored == paths, "the set of generated files changed; run pytest --update-golden"
    for rel in paths:
        assert snapshot(rel, tree[rel]) == (EXPECTED / rel).read_text(encoding="utf-8"), rel


def test_generation_is_deterministic(tree: dict[str, bytes], shared_cache: Path) -> None:
    # (a build with a cold cache is compared byte for byte in tests/e2e/test_reliability.py)
    content, _ = load_and_check(FIXTURE, "content")
    assert content is not None
    again = tree_of(content, shared_cache)
    assert again == tree


def test_every_condition_page_has_every_section_in_order(tree: dict[str, bytes]) -> None:
    # FORMAT-V2 page order: when to get help before self-care (Do / Don't) and treatment
    ids = ["where-felt", "how-it-causes", "feels-like", "worse-with", "better-with",
           "when-to-get-help", "self-care", "diagnosis", "treatment", "sources", "review"]
    for rel in (p for p in tree if p.startswith("conditions/") and p != "conditions/index.md"):
        text = tree[rel].decode()
        positions = [text.index(f" {{#{i}}}\n") for i in ids]
        assert positions == sorted(positions), rel
        assert '<section class="hb-care hb-care--' in text  # the red-flag box, as care cards
        assert '<nav class="hb-onpage"' in text
        assert "Next review due" in text and "Sources" in text


def test_the_diagram_summary_changes_with_any_byte_of_it(tree: dict[str, bytes]) -> None:
    """The summary keeps the golden test as strict as the whole drawing was: a change no word
    or link shows (one coordinate) still changes what is compared."""
    svg = tree[DIAGRAM].decode()
    number = re.search(r' x="(-?\d)', svg)
    assert number, "the diagram has no x coordinate"
    digit = number.group(1)[-1]
    moved = svg.replace(number.group(0), number.group(0)[:-1] + str((int(digit) + 1) % 10), 1)
    assert moved != svg and svg_texts(moved) == svg_texts(svg)
    assert snapshot(DIAGRAM, moved.encode()) != snapshot(DIAGRAM, svg.encode())


def test_the_page_names_its_drawing_and_keeps_its_place(tree: dict[str, bytes]) -> None:
    """The hosted page carries an empty slot of the drawing's size and names the file its
    script loads (the offline copy, which carries the drawing, is tested in
    tests/browser/test_offline.py)."""
    page = tree["flowchart.md"].decode()
    svg = tree[DIAGRAM].decode()
    head = svg[: svg.index(">")]
    size = [re.search(rf'\s{a}="([^"]+)"', head) for a in ("width", "height", "viewBox")]
    assert all(size)
    width, height, box = (m.group(1) for m in size if m)
    assert 'data-hb-svg="diagram.svg"' in page and 'id="hb-fc"' not in page
    assert (f'<svg class="hb-flowchart__slot" width="{width}" height="{height}" '
            f'viewBox="{box}" aria-hidden="true"></svg>') in page
    assert f'<noscript><img class="hb-flowchart__image" src="diagram.svg" width="{width}"' in page
