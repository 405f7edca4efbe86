"""Issue 24: saving in an editor writes leftovers beside the file; the preview's watcher does not
rebuild (and reload the browser) for them, but does for a leftover renamed onto a content file."""

from __future__ import annotations

from pathlib import Path

import pytest
from watchdog.events import DirModifiedEvent, FileCreatedEvent, FileModifiedEvent, FileMovedEvent

from generator.cli.serve import is_content_change


@pytest.mark.parametrize("rel", ["conditions/#sciatica.yml#", "conditions/4913",
                                 "pages/.about.md.swp", "pages/about.md~",
                                 "conditions/sciatica.yml.bak", ".git/index"])
def test_a_leftover_is_no_change(tmp_path: Path, rel: str) -> None:
    assert not is_content_change(tmp_path, FileModifiedEvent(str(tmp_path / rel)))
    assert not is_content_change(tmp_path, FileCreatedEvent(str(tmp_path / rel)))


@pytest.mark.parametrize("rel", ["conditions/sciatica.yml", "pages/guides/walking.md",
                                 "site.yml", "bodymap.svg"])
def test_a_content_file_is_a_change(tmp_path: Path, rel: str) -> None:
    assert is_content_change(tmp_path, FileModifiedEvent(str(tmp_path / rel)))


def test_a_leftover_renamed_onto_a_file_is_a_change(tmp_path: Path) -> None:
    event = FileMovedEvent(str(tmp_path / "conditions" / "sciatica.yml~"),
                           str(tmp_path / "conditions" / "sciatica.yml"))
    assert is_content_change(tmp_path, event)


def test_a_folder_event_is_no_change(tmp_path: Path) -> None:
    assert not is_content_change(tmp_path, DirModifiedEvent(str(tmp_path / "conditions")))
