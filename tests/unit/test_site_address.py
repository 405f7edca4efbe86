"""Which site addresses can be published, and what ``check --publish`` and ``build --publish``
say about the others (at ``public_url`` in site.yml, with how to fix it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hb_testlib import BUNDLED, ROOT, copy_content, run_cli, set_public_url

from generator.text.siteaddress import is_placeholder, publish_problem

PLACEHOLDERS = [
    "https://example.org/", "https://example.com/", "https://example.net/",
    "https://hiporback.example.org/", "https://a.b.example.com/hips/", "https://example.co.uk/",
    "https://site.example/", "https://hips.test/", "https://localhost/", "https://localhost:8443/",
    "https://app.localhost/", "https://127.0.0.1/", "https://[::1]/", "https://10.1.2.3/",
    "https://192.168.0.10/", "https://172.16.5.4/", "https://0.0.0.0/", "https://intranet/",
    "https://clinic.local/", "https://hips.internal/", "https://nas.home.arpa/",
]
PUBLIC = ["https://hips.nhs.uk/", "https://www.hiporback.org/guide/", "https://example-clinic.org/",
          "https://examples.com/", "https://my.example-trust.nhs.uk/", "https://93.184.216.34/"]


@pytest.mark.parametrize("url", PLACEHOLDERS)
def test_placeholders_are_refused(url: str) -> None:
    assert is_placeholder(url)
    assert publish_problem(url)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_https_addresses_are_accepted(url: str) -> None:
    assert not is_placeholder(url)
    assert publish_problem(url) is None


def test_plain_http_is_real_but_not_publishable() -> None:
    assert not is_placeholder("http://hips.nhs.uk/")  # handouts may print it
    assert publish_problem("http://hips.nhs.uk/") == "it does not start with https://"


def _with_url(tmp_path: Path, url: str) -> Path:
    return set_public_url(copy_content(tmp_path), url)


def test_check_publish_points_at_public_url(tmp_path: Path) -> None:
    _with_url(tmp_path, "http://localhost:8000/")
    code, out, _err = run_cli(["check", "--publish", "--today", "2026-12-01", "--format",
                               "json", "--content", "content"], cwd=tmp_path)
    assert code == 1
    assert '"rule": "site-address"' in out
    assert "localhost is a name reserved for examples and local networks" in out
    assert '"line": 8' in out and "set public_url in site.yml" in out


def test_check_without_publish_leaves_the_address_alone(tmp_path: Path) -> None:
    _code, out, err = run_cli(["check", "--today", "2026-12-01", "--content", str(
        copy_content(tmp_path))])
    assert "site-address" not in out + err


def test_check_publish_accepts_a_real_address(tmp_path: Path) -> None:
    _with_url(tmp_path, "https://hips.clinic-trust.org/")
    _code, out, err = run_cli(["check", "--publish", "--today", "2026-12-01", "--content",
                               "content"], cwd=tmp_path)
    assert "site-address" not in out + err


def test_build_publish_stops_before_any_work(tmp_path: Path) -> None:
    _with_url(tmp_path, "https://hips.example.com/")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("last good site", encoding="utf-8")
    code, _out, err = run_cli(["build", "--publish", "--content", "content", "--site-dir",
                               "site", "--docs", "build/docs", "--cache", "build/cache",
                               "--config", str(ROOT / "mkdocs.yml")],
                              cwd=tmp_path)
    assert code == 1, err
    assert (
        "content/site.yml:8:1: error: public_url is \"https://hips.example.com/\", which cannot "
        "be published: hips.example.com is a placeholder domain reserved for examples; set "
        "public_url in site.yml to the https address the site will be published at, for "
        "example https://hips.your-clinic.org/. [site-address]") in err.splitlines()
    assert "Traceback" not in err
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "last good site"
    assert not (tmp_path / "build" / "docs").exists()


def test_build_publish_refuses_what_check_publish_refuses(tmp_path: Path) -> None:
    """A build to go live runs the publishing gate itself: one English red-flag sentence changed
    names the Welsh and Arabic texts now stale (and the clinical sign-off), before any work."""
    root = set_public_url(copy_content(tmp_path, BUNDLED), "https://hips.clinic-trust.org/")
    flags = root / "red-flags.yml"
    text = flags.read_text(encoding="utf-8")
    flags.write_text(text.replace("heading: Get help now", "heading: Get help at once", 1),
                     encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("last good site", encoding="utf-8")
    code, out, err = run_cli(["build", "--publish", "--no-pdf", "--content", "content",
                              "--site-dir", "site", "--docs", "build/docs", "--cache",
                              "build/cache", "--config", str(ROOT / "mkdocs.yml")], cwd=tmp_path)
    assert code == 1, err
    errors = [line for line in (out + err).splitlines() if "error" in line]
    for lang in ("cy", "ar"):
        assert any(f"content/translations/{lang}/red-flags.yml:" in m
                   and "translation-stale" in m and '"emergency-signs/heading"' in m
                   for m in errors), (lang, errors[:5])
    assert any("clinical-review-missing" in m for m in errors), errors[:5]
    assert "site-address" not in out + err
    assert "Traceback" not in err
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "last good site"
    assert not (tmp_path / "build" / "docs").exists()
