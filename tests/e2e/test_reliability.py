"""Atomic, repeatable builds: a failed build keeps the last good site; two builds are equal."""

from __future__ import annotations

import filecmp
import shutil
import socket
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, ROOT, copy_content, run_cli

pytestmark = pytest.mark.e2e


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def _build(content: Path, site: Path, cache: Path, docs: Path, *extra: str) -> tuple[int, str]:
    code, out, err = run_cli(
        ["build", "--content", str(content), "--site-dir", str(site), "--docs", str(docs),
         "--cache", str(cache), "--config", str(ROOT / "mkdocs.yml"), *extra], cwd=ROOT)
    return code, out + err


@pytest.fixture()
def good_site(fixture_site: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    return site


def test_bad_content_leaves_site_untouched(good_site: Path, tmp_path: Path,
                                           shared_cache: Path) -> None:
    before = _snapshot(good_site)
    root = copy_content(tmp_path / "c")
    (root / "conditions" / "sciatica.yml").write_text("name: [broken\n")
    code, out = _build(root, good_site, shared_cache, tmp_path / "docs", "--no-pdf")
    assert code == 1
    assert "Traceback" not in out and "previous site is unchanged" in out
    assert _snapshot(good_site) == before


@pytest.mark.parametrize("failure", [RuntimeError("PDF engine crashed"), KeyboardInterrupt()])
def test_crash_or_interrupt_leaves_site_untouched(
    good_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException,
    shared_cache: Path,
) -> None:
    import generator.publish.handouts as pdf

    before = _snapshot(good_site)

    def boom(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(pdf, "render_handouts", boom)
    code, out = _build(FIXTURE, good_site, shared_cache, tmp_path / "docs")
    assert code == (130 if isinstance(failure, KeyboardInterrupt) else 1)
    assert "Traceback" not in out and "previous site is unchanged" in out
    assert _snapshot(good_site) == before
    # no half-built folder is left behind
    assert [p.name for p in good_site.parent.iterdir() if p.name.startswith(".site")] == []


def test_mkdocs_failure_leaves_site_untouched(good_site: Path, tmp_path: Path,
                                              shared_cache: Path) -> None:
    before = _snapshot(good_site)
    root = copy_content(tmp_path / "c")
    # a broken link MkDocs catches in --strict (our own check would too): point the page at a
    # heading anchor that does not exist
    about = root / "pages" / "about.md"
    about.write_text(about.read_text() + "\nSee [this part](compare.md#no-such-anchor).\n")
    code, out = _build(root, good_site, shared_cache, tmp_path / "docs", "--no-pdf")
    assert code == 1, out
    assert "previous site is unchanged" in out
    assert _snapshot(good_site) == before


def test_two_builds_are_byte_identical(fixture_site: Path, tmp_path: Path) -> None:
    # a second build from scratch: fresh docs and cache folders, so nothing is reused
    site = tmp_path / "again"
    code, out = _build(FIXTURE, site, tmp_path / "cache", tmp_path / "docs")
    assert code == 0, out
    cmp = filecmp.dircmp(fixture_site, site)

    def diffs(c: filecmp.dircmp[str]) -> list[str]:
        out = [*c.left_only, *c.right_only, *c.diff_files]
        for sub in c.subdirs.values():
            out += diffs(sub)
        return out

    left, right = _snapshot(fixture_site), _snapshot(site)
    assert sorted(left) == sorted(right)
    different = [k for k in left if left[k] != right[k]]
    assert different == [], different
    assert diffs(cmp) == []


def test_no_clock_host_or_path_leaks(fixture_site: Path) -> None:
    host = socket.gethostname()
    for rel, data in _snapshot(fixture_site).items():
        if rel.endswith((".pdf", ".woff2", ".gz", ".br", ".png")):
            continue
        text = data.decode("utf-8", errors="replace")
        assert str(ROOT) not in text, rel
        assert "/tmp/" not in text, rel
        assert "/root/" not in text, rel
        if len(host) > 6:
            assert host not in text, rel


def test_source_date_epoch_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       shared_cache: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    site = tmp_path / "site"
    code, out = _build(FIXTURE, site, shared_cache, tmp_path / "docs", "--no-pdf")
    assert code == 0, out
    sitemap = (site / "sitemap.xml").read_text()
    # pages without a review date carry the SOURCE_DATE_EPOCH date; conditions their review
    assert "<lastmod>2026-01-01</lastmod>" in sitemap
    assert "<lastmod>2026-11-20</lastmod>" in sitemap
