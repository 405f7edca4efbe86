"""A site's trees are built side by side (publish/engines.py): one MkDocs child per tree, at
most one per core, each into its own folder; a failure stops them all."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
import yaml

from generator.publish.engines import MAX_AT_ONCE, Engines, engine_slots
from generator.publish.mkdocs import ENGINE_RUNS, BuildError


def _config(root: Path, name: str, *, pages: int = 3, broken: bool = False) -> Path:
    docs = root / f"docs-{name}"
    docs.mkdir(parents=True)
    link = "missing.md" if broken else "p1.md"
    (docs / "index.md").write_text(f"# {name}\n\n[One]({link})\n", encoding="utf-8")
    for i in range(1, pages + 1):
        (docs / f"p{i}.md").write_text(f"# Page {i} of {name}\n\nText.\n", encoding="utf-8")
    path = root / f"mkdocs-{name}.yml"
    path.write_text(yaml.safe_dump({"site_name": name, "site_url": "https://example.test/",
                                    "docs_dir": docs.name, "theme": {"name": "mkdocs"}}),
                    encoding="utf-8")
    return path


def _overlap(a: object, b: object) -> bool:
    return bool(a.started < b.ended and b.started < a.ended)  # type: ignore[attr-defined]


def test_slots_follow_the_cores_up_to_a_limit() -> None:
    assert 1 <= engine_slots() <= MAX_AT_ONCE


def test_two_slots_build_two_trees_at_once_and_one_slot_one_after_the_other(
        tmp_path: Path) -> None:
    for slots, together in ((2, True), (1, False)):
        root = tmp_path / str(slots)
        done: list[str] = []
        before = len(ENGINE_RUNS)
        with Engines("mkdocs", slots=slots) as engines:
            for name in ("en", "cy"):
                engines.start(_config(root, name), root / f"site-{name}",
                              after=lambda name=name, done=done: done.append(name))
        assert done == ["en", "cy"]  # each tree's step once it is built, in order
        for name in ("en", "cy"):
            assert f"Page 1 of {name}" in (root / f"site-{name}" / "p1" / "index.html").read_text()
        first, second = ENGINE_RUNS[before:]
        assert _overlap(first, second) is together


def test_a_language_built_under_a_hidden_name_survives_the_source_tree_s_clean(
        tmp_path: Path) -> None:
    """MkDocs empties its output folder when it starts, hidden entries apart: a translation
    built inside the source's folder while the source's child is still starting must not be
    emptied with it (the pipeline builds it as ``.cy`` and moves it into place)."""
    site = tmp_path / "site"
    with Engines("mkdocs", slots=2) as engines:
        engines.start(_config(tmp_path, "en", pages=40), site)
        engines.start(_config(tmp_path, "cy", pages=1), site / ".cy",
                      after=lambda: (site / ".cy").rename(site / "cy"))
    assert (site / "cy" / "p1" / "index.html").is_file()
    assert (site / "p40" / "index.html").is_file()


def test_a_failed_tree_stops_the_others_and_is_the_error_raised(tmp_path: Path) -> None:
    done: list[str] = []
    with (pytest.raises(BuildError, match="Aborted with 1 warnings in strict mode"),
          Engines("mkdocs", slots=2) as engines):
        engines.start(_config(tmp_path, "en", broken=True), tmp_path / "site-en",
                      after=lambda: done.append("en"))
        engines.start(_config(tmp_path, "cy", pages=200), tmp_path / "site-cy",
                      after=lambda: done.append("cy"))
    assert done == []  # no tree's step ran: the failed one's, nor the one stopped with it
    assert multiprocessing.active_children() == []


def test_an_error_in_this_process_stops_every_child(tmp_path: Path) -> None:
    with (pytest.raises(RuntimeError, match="while writing the next language"),
          Engines("mkdocs", slots=2) as engines):
        engines.start(_config(tmp_path, "en", pages=200), tmp_path / "site-en")
        raise RuntimeError("while writing the next language")
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "site-en" / "p200").exists()  # stopped, not left to finish
