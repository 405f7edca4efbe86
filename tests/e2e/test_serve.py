"""``hipback serve``: an edit is served within seconds, navigation stays right, errors keep the
last good site.

The first test drives the preview in this process and checks the strongest property: after
edits shown page by page (dirty builds), every page of the site is byte for byte what a full
build of the same content gives. The second runs the real command on a port and watches the
served HTML, as a browser would.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hb_testlib import ROOT, copy_content, run_cli

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synth
from bench.preview import Serve, add_sentence, fetch, free_port, rename
from generator.publish.livesite import LiveSite
from generator.publish.pipeline import Paths, build_date
from generator.publish.preview import Preview

pytestmark = pytest.mark.e2e

FAKE_SVG = (
    '<svg id="my-svg" width="100%" xmlns="http://www.w3.org/2000/svg" '
    'style="max-width: 300px;" viewBox="0 0 300 120" role="graphics-document document">'
    "<style>#my-svg{font-family:sans-serif}</style><g><text>diagram</text></g></svg>"
)


SENTENCE = "Slow stretches may settle it for a while."


class _FakeDiagram:
    def svg(self) -> str:
        return FAKE_SVG


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    """A preview of 12 synthetic conditions (groups big enough for neighbours in the nav)."""
    import generator.emit.flowchart.svg as fsvg

    # the diagram is not what is tested here; mermaidx takes seconds per changed name
    monkeypatch.setattr(fsvg.mermaidx, "render", lambda source, config=None: _FakeDiagram())
    content = synth.generate(tmp_path / "content", 12)
    paths = Paths(content=content, docs=tmp_path / "build" / "docs", site=tmp_path / "site",
                  cache=tmp_path / "cache", config=ROOT / "mkdocs.yml")
    site = LiveSite(tmp_path / "live", tmp_path / "settings.yml", host="127.0.0.1", port=8000)
    p = Preview(paths, site)
    try:
        yield p
    finally:
        p.close()


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def _differs_from_full_build(preview: Preview, where: Path) -> list[str]:
    """The files of the preview's site that a full build of its content makes differently."""
    fresh = LiveSite(where / "site", where / "settings.yml", host="127.0.0.1", port=8000)
    assert preview._config is not None and preview._good is not None
    with build_date(preview._good.r.content):
        fresh.build(preview._config, dirty=False)
    fresh.close()
    got, want = _files(preview.site.site_dir), _files(where / "site")
    assert got.keys() == want.keys()
    return [k for k in want if got[k] != want[k]]


def test_edits_rebuild_few_pages_and_end_like_a_full_build(preview: Preview,
                                                           tmp_path: Path) -> None:
    first = preview.update()
    assert first.kind == "first" and first.full and not first.follow_up
    live = preview.site.site_dir
    source = preview.paths.content / "conditions" / "axial-spondyloarthritis.yml"
    original = source.read_text(encoding="utf-8")

    # a new sentence: the edit pass writes and rebuilds that one page, the follow-up the rest
    source.write_text(add_sentence(original, "Walking often eases it a little."), "utf-8")
    edit = preview.update()
    assert edit.kind == "edit" and edit.follow_up
    assert edit.written == ("conditions/axial-spondyloarthritis.md",) and edit.rebuilt == 1
    page = live / "conditions" / "axial-spondyloarthritis" / "index.html"
    assert "Walking often eases it a little." in page.read_text(encoding="utf-8")
    follow = preview.update()
    assert follow.kind == "follow-up" and not follow.full and not follow.follow_up
    assert "conditions/axial-spondyloarthritis.md" not in follow.written  # already up to date
    assert preview.update().kind == "unchanged"

    # a new name: pages that only show it in their navigation are rebuilt by the follow-up
    source.write_text(rename(original, "Axial spondyloarthritis, renamed"), "utf-8")
    assert preview.update().kind == "edit"
    follow = preview.update()
    assert follow.kind == "follow-up" and not follow.full
    assert follow.nav_pages > 0, "the rename should reach pages through their navigation only"
    # every page equals a full build of the same content (the search index is merged in place
    # during a dirty build, so its order differs)
    assert _differs_from_full_build(preview, tmp_path / "fresh-1") == [
        "search/search_index.json"]

    # any other file (here a hand-written page) regenerates everything in one pass; a new
    # title in the top level of the nav reaches every page, so the whole site is rebuilt
    about = preview.paths.content / "pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text + "\nA line added in the preview.\n", "utf-8")
    update = preview.update()
    assert update.kind == "update" and not update.full and not update.follow_up
    assert update.written == ("about.md",) and update.rebuilt == 1
    assert "A line added in the preview." in (live / "about" / "index.html").read_text("utf-8")
    about.write_text(text.replace("title: About this guide", "title: About us"), "utf-8")
    update = preview.update()
    assert update.kind == "update" and update.full
    assert re.search(r">\s*About us\s*<", (live / "compare" / "index.html").read_text("utf-8"))

    # and every page is what a full build of the same content gives
    assert _differs_from_full_build(preview, tmp_path / "fresh-2") == []

    # broken content: errors with their place, nothing written, the last good site stays
    before = _files(live)
    source.write_text(original.replace("\nsummary:", "\nsummary: [unclosed", 1), "utf-8")
    bad = preview.update()
    assert bad.kind == "errors"
    assert any(re.match(r".*conditions/axial-spondyloarthritis\.yml:\d+:\d+: ", d.format())
               for d in bad.problems)
    assert _files(live) == before
    source.write_text(original, "utf-8")
    assert preview.update().kind == "edit"


def test_serve_refuses_content_with_errors_when_there_is_no_good_build(tmp_path: Path) -> None:
    content = copy_content(tmp_path / "c")
    (content / "glossary.yml").write_text("terms: [unclosed\n", "utf-8")
    code, _out, err = run_cli(["serve", "--content", str(content), "--docs",
                               str(tmp_path / "build" / "docs"), "--cache",
                               str(tmp_path / "cache"), "--config", str(ROOT / "mkdocs.yml"),
                               "--dev-addr", f"127.0.0.1:{free_port()}"])
    assert code == 1
    assert re.search(r"glossary\.yml:\d+:\d+: ", err) and "content has errors; fix them" in err
    assert "Traceback" not in err


def test_hipback_serve_shows_edits_names_and_errors(tmp_path: Path, shared_cache: Path) -> None:
    content = copy_content(tmp_path / "c")
    source = content / "conditions" / "sciatica.yml"
    original = source.read_text(encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    serve = Serve(content, tmp_path / "serve", shared_cache, tmpdir=temporary)
    try:
        serve.wait_for("conditions/sciatica/", lambda html: "</html>" in html, 240)
        time.sleep(0.5)
        # what the live-reload script in the page does: ask whether the site is newer than
        # the version it was served from (the answer comes when a rebuild has finished)
        script = re.search(r"livereload\((\d+), (\d+)\)", fetch(serve.url + "conditions/sciatica/"))
        assert script, "the page has no live-reload script"
        poll: list[str] = []
        poller = threading.Thread(target=lambda: poll.append(fetch(
            f"{serve.url}livereload/{script.group(1)}/{script.group(2)}")))
        poller.start()

        edited = add_sentence(original, SENTENCE)
        start = time.perf_counter()
        source.write_text(edited, "utf-8")
        serve.wait_for("conditions/sciatica/", lambda html: SENTENCE in html, 30)
        seconds = time.perf_counter() - start
        print(f"\nhipback serve: edit → served HTML in {seconds:.2f} s")
        assert seconds < 10
        poller.join(30)
        assert poll and int(poll[0]) > int(script.group(1)), "the browser would not reload"

        # a new name reaches the other page of its group through the navigation
        serve.wait_for("conditions/spinal-stenosis/", lambda html: "Sciatica" in html, 5)
        source.write_text(rename(edited, "Sciatica, renamed for the test"), "utf-8")
        serve.wait_for("conditions/spinal-stenosis/",
                       lambda html: "Sciatica, renamed for the test" in html, 60)

        # broken YAML: the errors are printed with their place; the last good page stays
        mark = serve.log_size()
        source.write_text(original.replace("\nsummary:", "\nsummary: [unclosed", 1), "utf-8")
        serve.wait_for("", lambda _html: "content has errors" in serve.output()[mark:], 30)
        assert re.search(r"conditions/sciatica\.yml:\d+:\d+: ", serve.output()[mark:])
        page = serve.wait_for("conditions/sciatica/", lambda html: "renamed for the test" in html,
                              5)
        assert page < 5
        source.write_text(original, "utf-8")
        serve.wait_for("conditions/sciatica/",
                       lambda html: SENTENCE not in html and "renamed" not in html, 30)
    finally:
        serve.stop(signal.SIGTERM)  # as `kill` does: stops like Ctrl+C
    output = serve.output()
    assert "Traceback" not in output, output
    assert serve.proc.returncode == 0, output
    assert list(temporary.iterdir()) == [], "the preview left its site folder behind"
