"""The build folder serves two engines: the generated configuration, the fixes made to an
engine's output, and what ``--engine zensical`` says when Zensical is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hb_testlib import FIXTURE, ROOT, copy_content, run_cli

from generator.publish import zensical as zglue
from generator.publish.markup import drop_toggle_autocomplete, fix_theme_markup
from generator.publish.mkdocs import RAW_SITE, BuildError, site_config
from generator.publish.sitemap import set_lastmod

SETTINGS = {
    "site_name": "S", "site_url": "https://example.org/", "site_description": "d",
    "copyright": "c", "nav": [{"Home": "index.md"}], "language": "en-GB",
    "disclaimer_html": "x", "red_flags_html": "", "strings": {}, "css": {},
}


def test_config_names_folders_inside_the_build_folder(tmp_path: Path) -> None:
    config = site_config(ROOT / "mkdocs.yml", SETTINGS, docs=tmp_path / "build" / "docs")
    assert config["docs_dir"] == "docs" and config["site_dir"] == RAW_SITE
    assert config["theme"]["variant"] == "classic" and config["theme"]["language"] == "en"
    assert Path(config["theme"]["custom_dir"]) == (ROOT / "overrides").resolve()
    assert "hooks" not in config


def test_a_variant_named_by_the_project_is_kept(tmp_path: Path) -> None:
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    project["theme"]["variant"] = "modern"
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(project), encoding="utf-8")
    config = site_config(tmp_path / "mkdocs.yml", SETTINGS, docs=tmp_path / "docs")
    assert config["theme"]["variant"] == "modern"


def test_toggle_autocomplete_is_dropped_and_nothing_else() -> None:
    page = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
            'autocomplete="off">\n<input class="md-toggle" data-md-toggle="search" '
            'type="checkbox" id="__search" autocomplete="off">\n'
            '<input type="text" name="query" autocomplete="off">')
    fixed = drop_toggle_autocomplete(page)
    assert fixed.count('autocomplete="off"') == 1  # the text field keeps it (valid there)
    assert 'id="__drawer">' in fixed and 'id="__search">' in fixed
    assert drop_toggle_autocomplete(fixed) == fixed


def test_fix_theme_markup_rewrites_only_pages_that_need_it(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<input type="checkbox" id="__search" autocomplete="off">', encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>fine</p>", encoding="utf-8")
    assert fix_theme_markup(tmp_path) == 1
    assert (tmp_path / "a" / "index.html").read_text() == '<input type="checkbox" id="__search">'


def test_sitemap_dates_replace_mkdocs_ones_and_fill_missing_ones(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(
        "<urlset>\n  <url>\n    <loc>https://e.org/a/</loc>\n    <lastmod>2026-01-01</lastmod>\n"
        "  </url>\n  <url>\n    <loc>https://e.org/b/</loc>\n  </url>\n"
        "  <url>\n    <loc>https://e.org/c/</loc>\n  </url>\n</urlset>\n", encoding="utf-8")
    changed = set_lastmod(tmp_path, {"https://e.org/a/": "2025-05-05",
                                     "https://e.org/b/": "2025-06-06"})
    text = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert changed == 2
    assert "<loc>https://e.org/a/</loc>\n    <lastmod>2025-05-05</lastmod>" in text
    assert "<loc>https://e.org/b/</loc>\n    <lastmod>2025-06-06</lastmod>\n  </url>" in text
    assert "<loc>https://e.org/c/</loc>\n  </url>" in text  # not in the map: left alone
    assert set_lastmod(tmp_path, {"https://e.org/b/": "2025-06-06"}) == 0  # idempotent


def test_missing_zensical_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zglue, "zensical_version", lambda: None)
    with pytest.raises(BuildError, match=r"not installed; install it with: pip install "
                       r"'hipback\[zensical\]'"):
        zglue.require_zensical()
    monkeypatch.setattr(zglue, "zensical_version", lambda: "0.1.2")
    with pytest.raises(BuildError, match=r"Zensical 0\.1\.2 is installed, but this build was "
                       r"checked with 0\.0\.73"):
        zglue.require_zensical()


def test_build_with_missing_zensical_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zglue, "zensical_version", lambda: None)
    content = copy_content(tmp_path, FIXTURE)
    code, out, err = run_cli(["build", "--engine", "zensical", "--no-pdf", "--content",
                              str(content), "--site-dir", str(tmp_path / "site"), "--docs",
                              str(tmp_path / "build" / "docs"), "--cache",
                              str(tmp_path / "cache"), "--config", str(ROOT / "mkdocs.yml")])
    assert code == 1, out + err
    assert "pip install 'hipback[zensical]'" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = run_cli(["build", "--engine", "hugo", "--content", str(tmp_path)])
    assert code == 2 and "invalid choice: 'hugo'" in err


def test_zensical_never_writes_over_the_site_folder(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_dir: out\n", encoding="utf-8")
    with pytest.raises(BuildError, match="overlaps"):
        zglue.zensical_build(tmp_path / "mkdocs.yml", tmp_path / "out")
