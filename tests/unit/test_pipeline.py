"""The one pipeline (generator/publish/pipeline.py): which stages a plan runs, and the late step.

No handout is rendered and no engine runs here: the handouts come from a folder of stand-in
PDFs (``HandoutSource.TAKE``, what the offline copy does), and Mermaid is replaced by a fixed SVG.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, ROOT

from generator.checks import load_and_check
from generator.model.content import Content
from generator.publish.pipeline import (
    BEFORE_PUBLISHING,
    HandoutSource,
    Paths,
    Plan,
    PublishedFacts,
    published_facts,
    run,
)

FAKE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120">'
            "<g><text>diagram</text></g></svg>")


class _FakeDiagram:
    def svg(self) -> str:
        return FAKE_SVG


@pytest.fixture
def content(monkeypatch: pytest.MonkeyPatch) -> Content:
    import generator.emit.flowchart.svg as fsvg

    monkeypatch.setattr(fsvg.mermaidx, "render", lambda source, config=None: _FakeDiagram())
    loaded, report = load_and_check(FIXTURE)
    assert loaded is not None, [d.format() for d in report.errors]
    return loaded


def _paths(tmp_path: Path) -> Paths:
    return Paths(content=FIXTURE, docs=tmp_path / "build" / "docs", site=tmp_path / "site",
                 cache=tmp_path / "cache", config=ROOT / "mkdocs.yml")


def _pdfs(folder: Path, sizes: dict[str, int]) -> Path:
    folder.mkdir(parents=True)
    for name, size in sizes.items():
        (folder / f"{name}.pdf").write_bytes(b"%" * size)
    return folder


def test_published_facts_link_what_the_handouts_stage_published(tmp_path: Path) -> None:
    pdfs = {"sciatica": _pdfs(tmp_path / "h", {"sciatica": 2048}) / "sciatica.pdf"}
    rendered = published_facts(pdfs, Plan())
    assert rendered == PublishedFacts(linked=None, sizes={"sciatica": 2048})
    for source in (HandoutSource.KEEP, HandoutSource.TAKE):
        kept = published_facts(pdfs, Plan(handouts=source))
        assert kept == PublishedFacts(linked=frozenset({"sciatica"}), sizes={"sciatica": 2048})
    assert published_facts({}, Plan(handouts=HandoutSource.NONE)) is BEFORE_PUBLISHING


def test_generate_writes_the_tree_and_its_configuration_and_links_every_handout(
        content: Content, tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    done = run(content, paths, Plan(handouts=HandoutSource.NONE, engine=None))
    assert done.site is None and done.handouts == {}
    assert done.written is not None and "handouts.md" in done.written.written
    assert paths.generated_config.is_file()
    api = json.loads((paths.docs / "api" / "conditions.json").read_text(encoding="utf-8"))
    assert all(c["handout_url"] for c in api["conditions"])  # nothing published: all linked
    assert "hb-size\">, PDF (" not in (paths.docs / "handouts.md").read_text(encoding="utf-8")


def test_the_late_step_brings_sizes_and_the_held_handouts_to_the_pages(
        content: Content, tmp_path: Path) -> None:
    held = _pdfs(tmp_path / "held", {"sciatica": 3 * 1024, "overview": 5 * 1024})
    paths = _paths(tmp_path)
    done = run(content, paths, Plan(handouts=HandoutSource.TAKE, handouts_from=held,
                                    engine=None))
    assert sorted(done.handouts) == ["overview", "sciatica"]
    page = (paths.docs / "handouts.md").read_text(encoding="utf-8")
    assert "PDF (3 KB)" in page and "PDF (5 KB)" in page
    api = json.loads((paths.docs / "api" / "conditions.json").read_text(encoding="utf-8"))
    linked = {c["slug"]: bool(c["handout_url"]) for c in api["conditions"]}
    assert linked == {slug: slug == "sciatica" for slug in content.conditions}


def test_a_handouts_only_plan_writes_no_docs(content: Content, tmp_path: Path) -> None:
    held = _pdfs(tmp_path / "held", {"sciatica": 10})
    paths = _paths(tmp_path)
    done = run(content, paths, Plan(handouts=HandoutSource.TAKE, handouts_from=held,
                                    docs=False, engine=None))
    assert list(done.handouts) == ["sciatica"] and done.written is None
    assert not paths.docs.exists() and not paths.generated_config.exists()
