"""Issue 24: one list of editor leftovers and one set of limits, the same in code and in
CONTENT-FORMAT.md, and the live preview skips the same leftovers that loading does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hb_testlib import ROOT

from generator.checks import limits
from generator.load.folder import MAX_SLUG_CHARS
from generator.load.leftovers import LEFTOVER_PATTERNS, has_leftover_part, is_leftover
from generator.model import fields, flowchart, scenarios, vocab
from generator.publish.pdfwork import RENDER_TIME_LIMIT
from generator.publish.preview import snapshot

DOC = (ROOT / "CONTENT-FORMAT.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = DOC.index(f"## {title}\n")
    end = DOC.find("\n## ", start + 1)
    return DOC[start:end]


def test_every_leftover_pattern_is_documented_and_no_other() -> None:
    section = _section("Files that are not content")
    listed = section.split("in every folder:")[1].split("Any other file")[0]
    documented = set(re.findall(r"`([^`\s]+)`", listed))
    examples = {".#sciatica.yml", ".sciatica.yml.swp"}
    assert documented - examples == set(LEFTOVER_PATTERNS)


@pytest.mark.parametrize("name", ["#sciatica.yml#", "4913", "sciatica.yml.bak", "about.md.orig",
                                  "about.md~", ".about.md.swp", "about.md.swp", ".#about.md",
                                  "x.rej", ".DS_Store"])
def test_leftovers(name: str) -> None:
    assert is_leftover(name)


@pytest.mark.parametrize("name", ["sciatica.yml", "about.md", "49130.yml", "a#b.md",
                                  "backup.md", "orig.yml", "4913.md"])
def test_content_files_are_not_leftovers(name: str) -> None:
    assert not is_leftover(name)


def test_a_hidden_folder_hides_what_is_inside() -> None:
    assert has_leftover_part(".git/config")
    assert not has_leftover_part("guides/walking.md")


def test_the_preview_skips_the_same_leftovers(tmp_path: Path) -> None:
    """Saving a file in an editor writes these too; the preview must not rebuild for them."""
    (tmp_path / "conditions").mkdir()
    (tmp_path / "conditions" / "sciatica.yml").write_text("name: x\n")
    for name in ("#sciatica.yml#", "4913", "sciatica.yml.bak", "sciatica.yml.orig",
                 "sciatica.yml~", ".sciatica.yml.swp"):
        (tmp_path / "conditions" / name).write_text("junk")
    assert list(snapshot(tmp_path)) == ["conditions/sciatica.yml"]


def _row(what: str) -> str:
    rows = [line for line in _section("Limits").splitlines() if line.startswith(f"| {what}")]
    assert len(rows) == 1, what
    return rows[0].split("|")[2]


def _number(cell: str) -> int:
    return int(re.search(r"[\d,]+", cell).group().replace(",", ""))  # type: ignore[union-attr]


@pytest.mark.parametrize(("what", "value"), [
    ("a paragraph of prose", fields.MAX_PROSE_CHARS),
    ("one item of a list", fields.MAX_ITEM_CHARS),
    ("items in one list", fields.MAX_LIST_ITEMS),
    ("text of one condition", limits.MAX_CONDITION_CHARS),
    ("list items of one condition", limits.MAX_CONDITION_ITEMS),
    ("the sign lists shown on every page", limits.MAX_EVERY_PAGE_SIGNS_CHARS),
    ("sign lists", vocab.MAX_SIGN_LISTS),
    ("comparison features", vocab.MAX_FEATURES),
    ("flowchart questions", flowchart.MAX_STEPS),
    ("a file or folder name", MAX_SLUG_CHARS),
])
def test_the_documented_limits_are_the_ones_in_force(what: str, value: int) -> None:
    assert _number(_row(what)) == value


def test_rules_stories_and_time_limit_are_documented() -> None:
    cell = _row("safety rules; reader stories")
    assert [_number(x) for x in cell.split(";")] == [scenarios.MAX_RULES, scenarios.MAX_STORIES]
    assert f"at most {RENDER_TIME_LIMIT:g} seconds" in _section("Limits")
