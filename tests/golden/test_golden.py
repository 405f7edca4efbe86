"""Golden tests: the fixture content's generated tree is compared with stored files.

Run ``pytest --update-golden`` (or HIPBACK_UPDATE_GOLDEN=1) to rewrite them after an intended
change, then review the diff in git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, tree_of

from generator.checks import load_and_check

EXPECTED = Path(__file__).parent / "expected"

pytestmark = pytest.mark.xdist_group("golden")


@pytest.fixture(scope="module")
def tree(shared_cache: Path) -> dict[str, bytes]:
    content, report = load_and_check(FIXTURE, "content")
    assert content is not None, [d.format() for d in report.sorted()]
    return tree_of(content, shared_cache)


def _golden_paths(tree: dict[str, bytes]) -> list[str]:
    # SVG-heavy pages are covered by their own tests; compare every Markdown page and export.
    return sorted(p for p in tree if p.endswith((".md", ".json")))


def test_generated_tree_matches_golden(tree: dict[str, bytes], update_golden: bool) -> None:
    paths = _golden_paths(tree)
    if update_golden:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel in paths:
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tree[rel])
        return
    stored = sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file())
    assert stored == paths, "the set of generated files changed; run pytest --update-golden"
    for rel in paths:
        assert tree[rel].decode() == (EXPECTED / rel).read_text(encoding="utf-8"), rel


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
