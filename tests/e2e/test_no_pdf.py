"""No build leaves a dead link: ``hipback build --no-pdf`` keeps the last handouts, or links to
none, and the link check fails a build whose pages link to a file the site does not hold.

Small content (the fixture's 3 conditions: 6 handouts with the overview, the booklet and the
hazard log). The "last handouts" come from the fixture's built site; no test here renders a PDF.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, ROOT, flowchart_only_cache, run_cli

pytestmark = pytest.mark.e2e

NAMES = ["hip-osteoarthritis", "sciatica", "spinal-stenosis", "overview", "booklet"]
"""The handouts the handouts page lists; the hazard log's PDF is linked from its own page."""


def _cache(tmp_path: Path, shared_cache: Path) -> Path:
    """A render cache with the fixture's flowchart diagram (seconds to draw) and no handout."""
    return flowchart_only_cache(tmp_path, shared_cache)


def _build_no_pdf(tmp_path: Path, site: Path, cache: Path) -> tuple[int, str]:
    code, out, err = run_cli(["build", "--no-pdf", "--content", str(FIXTURE), "--site-dir",
                              str(site), "--docs", str(tmp_path / "docs"), "--cache", str(cache),
                              "--config", str(ROOT / "mkdocs.yml")], cwd=ROOT)
    return code, out + err


def _handout_links(site: Path) -> dict[str, set[str]]:
    """Page → the handouts (by name) it links to."""
    out: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        names = set(re.findall(r'href="[^"]*?([\w-]+)\.pdf"', page.read_text(encoding="utf-8")))
        if names:
            out[page.relative_to(site).as_posix()] = names
    return out


def _pdfs(site: Path) -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in sorted((site / "handouts").glob("*.pdf"))}


def test_keeps_the_handouts_of_the_site_it_replaces(
    tmp_path: Path, fixture_site: Path, shared_cache: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    code, out = _build_no_pdf(tmp_path, site, _cache(tmp_path, shared_cache))
    assert code == 0, out
    assert "kept 6 handout(s)" in out and "not made yet" not in out, out
    assert _pdfs(site) == _pdfs(fixture_site)
    assert sorted(_pdfs(site)) == sorted([*NAMES, "hazard-log"])
    links = _handout_links(site)
    assert links["handouts/index.html"] == set(NAMES)
    assert links["conditions/sciatica/index.html"] == {"sciatica"}


def test_takes_the_newest_handout_from_the_cache_when_the_site_has_none(
    tmp_path: Path, fixture_site: Path, shared_cache: Path
) -> None:
    cache = _cache(tmp_path, shared_cache)
    folder = cache / "handouts"
    folder.mkdir()
    for name, data in _pdfs(fixture_site).items():
        (folder / f"{name}-{'a' * 20}.pdf").write_bytes(data)
    older = folder / f"sciatica-{'0' * 20}.pdf"  # an earlier version, left in the cache
    older.write_bytes(b"%PDF-1.7 an older sciatica handout")
    os.utime(older, (1_000_000_000, 1_000_000_000))
    site = tmp_path / "site"
    code, out = _build_no_pdf(tmp_path, site, cache)
    assert code == 0, out
    assert "kept 6 handout(s)" in out, out
    assert _pdfs(site) == _pdfs(fixture_site)


def test_with_no_handout_to_keep_no_page_links_to_one(
    tmp_path: Path, shared_cache: Path
) -> None:
    site = tmp_path / "site"
    code, out = _build_no_pdf(tmp_path, site, _cache(tmp_path, shared_cache))
    assert code == 0, out
    assert "kept 0 handout(s)" in out and "6 not made yet, so no page links to them" in out, out
    assert _pdfs(site) == {}
    assert _handout_links(site) == {}
    listing = (site / "handouts" / "index.html").read_text(encoding="utf-8")
    assert listing.count("PDF not made yet") == 5  # the hazard log is linked from its own page
    api = json.loads((site / "api" / "conditions.json").read_text(encoding="utf-8"))
    assert [c["handout_url"] for c in api["conditions"]] == [None, None, None]
    page = (site / "conditions" / "sciatica" / "index.html").read_text(encoding="utf-8")
    assert "hb-handout-link" not in page


def test_a_page_that_links_to_a_missing_handout_fails_the_build(
    tmp_path: Path, shared_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bug this replaces: pages that link to every handout, in a site that has none. The
    link check names each page and link, and the previous site stays as it was."""
    from generator.publish import pipeline

    real = pipeline.published_facts
    monkeypatch.setattr(pipeline, "published_facts",  # the late step says: every one is there
                        lambda *a: dataclasses.replace(real(*a), linked=None))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    code, out = _build_no_pdf(tmp_path, site, _cache(tmp_path, shared_cache))
    assert code == 1, out
    assert "the built site has broken links" in out
    assert ("conditions/sciatica/index.html: link to '../../handouts/sciatica.pdf': "
            "handouts/sciatica.pdf is not in the site") in out
    assert "handouts/index.html: link to 'booklet.pdf': handouts/booklet.pdf is not in the site" \
        in out
    assert "api/conditions.json: link to " in out  # the export's handout_url, checked too
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
