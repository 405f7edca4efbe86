"""The host files the build writes beside the site: one policy for every page, caching by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.csp import CspError
from generator.publish.hosting import (
    LONG_CACHE,
    fingerprinted,
    headers_file,
    nginx_conf,
    site_policy,
    write_host_files,
)

BASE = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
        "object-src 'none'")


def _page(path: Path, hashes: str = "", base: str = BASE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    policy = base.format(hashes=hashes)
    path.write_text(f'<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-'
                    f'Policy" content="{policy}"></head><body></body></html>', encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    _page(root / "index.html", " 'sha256-BBB=' 'sha256-AAA='")
    _page(root / "about" / "index.html", " 'sha256-CCC=' 'sha256-AAA='")
    _page(root / "404.html")
    for rel in ("assets/javascripts/bundle.a5f9d56c.min.js",
                "assets/javascripts/workers/search.a7633da7.min.js",
                "assets/stylesheets/site.9c50f1499d.css", "assets/js/guide.js",
                "assets/javascripts/bundle.a5f9d56c.min.js.map"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    return root


def test_policy_joins_every_page_and_forbids_framing(site: Path) -> None:
    assert site_policy(site) == (
        "default-src 'self'; script-src 'self' 'sha256-AAA=' 'sha256-BBB=' 'sha256-CCC='; "
        "style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'")


def test_pages_may_differ_only_in_script_hashes(site: Path) -> None:
    _page(site / "odd" / "index.html", base=BASE.replace("object-src 'none'", "object-src *"))
    with pytest.raises(CspError, match="odd/index.html: its policy's object-src differs"):
        site_policy(site)


def test_a_page_without_policy_stops_the_build(site: Path) -> None:
    (site / "bare.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(CspError, match="bare.html: no Content-Security-Policy"):
        site_policy(site)


def test_only_hashed_names_are_cached_long(site: Path) -> None:
    assert fingerprinted(site) == ["assets/javascripts/bundle.a5f9d56c.min.js",
                                   "assets/javascripts/workers/search.a7633da7.min.js",
                                   "assets/stylesheets/site.9c50f1499d.css"]
    text = headers_file(site, public_url="https://hips.clinic.org/")
    assert text.splitlines()[1] == "/*"
    assert f"/assets/stylesheets/site.9c50f1499d.css\n  Cache-Control: {LONG_CACHE}\n" in text
    assert "guide.js" not in text
    assert text.count("Cache-Control") == 3  # none on /*: hosts would join two values


def test_a_site_below_a_path_gets_its_rules_there(site: Path) -> None:
    text = headers_file(site, public_url="https://clinic.org/hips/")
    assert "\n/hips/*\n" in text and "\n/hips/assets/stylesheets/site.9c50f1499d.css\n" in text
    conf = nginx_conf(site, public_url="https://clinic.org/hips/")
    assert "error_page 404 /hips/404.html;" in conf and "location /hips/ {" in conf


def test_nginx_block_repeats_headers_in_every_location(site: Path) -> None:
    conf = nginx_conf(site, public_url="https://hips.clinic.org/")
    assert "server_name hips.clinic.org;" in conf
    assert "gzip_static on;" in conf and "brotli" in conf.lower()
    assert conf.count("add_header Content-Security-Policy") == 2
    assert conf.count('add_header Strict-Transport-Security "max-age=31536000" always;') == 2
    assert f'add_header Cache-Control "{LONG_CACHE}" always;' in conf
    assert 'add_header Cache-Control "no-cache" always;' in conf


def test_host_files_are_deterministic(site: Path, tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in write_host_files(site, public_url="https://a.org/")}
    second = {p.name: p.read_bytes() for p in write_host_files(site, public_url="https://a.org/")}
    assert first == second and set(first) == {"_headers", "nginx.conf"}
    assert (site / ".hipback" / "nginx.conf").is_file() and (site / "_headers").is_file()
