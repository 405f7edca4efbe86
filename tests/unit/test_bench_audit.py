"""``make audit`` measures with the pinned Lighthouse 12.8+ on this Node, against a server that
compresses like a host (bench/audit.py, bench/static_server.py). No browser runs here."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.audit import ROOT, lighthouse_problem
from bench.static_server import serve


def test_package_pins_lighthouse_12_8_or_later() -> None:
    # 12.8 counts links in SVG that have only xlink:href as "not crawlable" (12.2.3 did not);
    # the audit must measure with the rules the outside check used
    pinned = json.loads((ROOT / "package.json").read_text("utf-8"))["devDependencies"]["lighthouse"]
    major, minor, _patch = (int(x) for x in pinned.split("."))
    assert major == 12 and minor >= 8, pinned
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert lock["packages"]["node_modules/lighthouse"]["version"] == pinned


def _fake_install(root: Path, pinned: str, installed: str, engines: str) -> None:
    (root / "package.json").write_text(
        json.dumps({"devDependencies": {"lighthouse": pinned}}), encoding="utf-8")
    meta = root / "node_modules" / "lighthouse" / "package.json"
    meta.parent.mkdir(parents=True, exist_ok=True)
    meta.write_text(json.dumps({"version": installed, "engines": {"node": engines}}),
                    encoding="utf-8")


def test_lighthouse_problem_names_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"devDependencies": {"lighthouse": "12.8.2"}}',
                                           encoding="utf-8")
    assert lighthouse_problem(tmp_path, "v20.20.2") == (
        "Lighthouse 12.8.2 is not installed (run `npm ci`)")
    _fake_install(tmp_path, "12.8.2", "12.2.3", ">=18.16")
    assert lighthouse_problem(tmp_path, "v20.20.2") == (
        "node_modules has Lighthouse 12.2.3, package.json pins 12.8.2 (run `npm ci`)")


@pytest.mark.parametrize(("node", "ok"), [("v20.20.2", True), ("v18.20.0", True),
                                          ("v18.19.1", False), ("v16.20.2", False)])
def test_lighthouse_problem_checks_node(tmp_path: Path, node: str, ok: bool) -> None:
    _fake_install(tmp_path, "12.8.2", "12.8.2", ">=18.20")
    problem = lighthouse_problem(tmp_path, node)
    assert (problem is None) == ok, problem
    if not ok:
        assert problem == f"Lighthouse 12.8.2 needs Node 18.20 or later; this is {node}"


def test_installed_lighthouse_runs_on_this_node() -> None:
    # the worktree's own node_modules (npm ci): the pinned version, and Node new enough for it
    if not (ROOT / "node_modules" / "lighthouse").is_dir():
        pytest.fail("node_modules/lighthouse is missing: run `npm ci` (make browser-deps)")
    assert lighthouse_problem() is None


def _get(url: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_static_server_sends_precompressed_copies_like_a_host(tmp_path: Path) -> None:
    page = b"<!doctype html><title>x</title>" + b"hello " * 200
    (tmp_path / "index.html").write_bytes(page)
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(page, mtime=0))
    (tmp_path / "index.html.br").write_bytes(b"brotli bytes")  # served as they are
    (tmp_path / "404.html").write_bytes(b"not here")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.1a2b3c4d5e.css").write_bytes(b"body{color:red}" * 50)
    with serve(tmp_path) as base:
        status, head, body = _get(base + "/", "gzip, deflate, br")
        assert (status, head["Content-Encoding"], body) == (200, "br", b"brotli bytes")
        assert head["Vary"] == "Accept-Encoding" and head["Cache-Control"] == "no-cache"
        status, head, body = _get(base + "/", "gzip;q=1, br;q=0")
        assert head["Content-Encoding"] == "gzip" and gzip.decompress(body) == page
        status, head, body = _get(base + "/index.html", "")
        assert "Content-Encoding" not in head and body == page
        # no precompressed copy: gzipped on the fly, and a fingerprinted file cached for a year
        status, head, body = _get(base + "/assets/site.1a2b3c4d5e.css", "gzip")
        assert head["Content-Encoding"] == "gzip" and b"color:red" in gzip.decompress(body)
        assert "immutable" in head["Cache-Control"]
        status, head, body = _get(base + "/nothing/", "")
        assert (status, body) == (404, b"not here")
