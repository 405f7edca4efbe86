"""The built site served by real nginx with the server block the build wrote, as a host runs it.

The headers a reader's browser gets (security, caching), compressed responses from the ``.gz``
copies, the 404 page for a missing address, and every page loading in Chromium under the
Content-Security-Policy header without one violation (the header joins every page's script
hashes and adds ``frame-ancestors``; a policy that forgot a page's script would show here).
"""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from hb_browser import DESKTOP, site_pages, wait_ready

from generator.publish.hosting import FINGERPRINTED, LONG_CACHE, SHORT_CACHE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SECURITY = ("Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy",
            "Permissions-Policy", "X-Content-Type-Options")


def _get(url: str, *, gzip_ok: bool = False) -> tuple[int, Any, bytes]:
    """(status, headers, body as sent) without following redirects or decompressing."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _assets(site: Path) -> dict[str, str]:
    """One fingerprinted stylesheet and script, and one script without a hash."""
    hashed = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                    if FINGERPRINTED.search(p.name))
    css = next(p for p in hashed if p.endswith(".css"))
    js = next(p for p in hashed if p.endswith(".js"))
    plain = next(p.relative_to(site).as_posix() for p in sorted(site.rglob("*.js"))
                 if not FINGERPRINTED.search(p.name))
    return {"css": css, "js": js, "plain": plain}


def test_security_and_cache_headers(nginx_url: str, site_dir: Path) -> None:
    assets = _assets(site_dir)
    want = {"/": SHORT_CACHE, "/about/": SHORT_CACHE, f"/{assets['plain']}": SHORT_CACHE,
            f"/{assets['css']}": LONG_CACHE, f"/{assets['js']}": LONG_CACHE}
    for path, cache in want.items():
        status, headers, _ = _get(nginx_url + path)
        assert status == 200, path
        missing = [h for h in SECURITY if not headers.get(h)]
        assert not missing, f"{path}: no {missing}"
        assert headers["Cache-Control"] == cache, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["Strict-Transport-Security"].startswith("max-age="), path


def test_gzip_copies_are_served_compressed(nginx_url: str, site_dir: Path) -> None:
    assets = _assets(site_dir)
    for rel in ("index.html", "about/index.html", assets["css"], assets["js"]):
        path = "/" + rel.removesuffix("index.html")
        status, headers, body = _get(nginx_url + path, gzip_ok=True)
        assert status == 200, path
        assert headers.get("Content-Encoding") == "gzip", f"{path}: not served compressed"
        assert "Accept-Encoding" in (headers.get("Vary") or ""), path
        assert body == (site_dir / f"{rel}.gz").read_bytes(), f"{path}: not the build's copy"
        assert gzip.decompress(body) == (site_dir / rel).read_bytes()
        _s, plain_headers, plain = _get(nginx_url + path)
        assert plain_headers.get("Content-Encoding") is None, path
        assert plain == (site_dir / rel).read_bytes(), path


def test_missing_address_gets_the_404_page(nginx_url: str, site_dir: Path) -> None:
    for path in ("/no-such-page/", "/conditions/no-such-condition/", "/.hipback/nginx.conf",
                 "/_headers"):
        status, headers, body = _get(nginx_url + path)
        assert status == 404, path
        assert body == (site_dir / "404.html").read_bytes(), f"{path}: not the site's 404 page"
        assert headers.get("Content-Security-Policy"), f"{path}: the 404 page lacks headers"


_WATCH = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation', e =>
    window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' +
                      e.sourceFile + ':' + e.lineNumber)); }"""


def test_every_page_runs_under_the_csp_header(browser: Any, nginx_url: str,
                                              site_dir: Path) -> None:
    """Chromium, policy enforced (no bypass): no violation event and no console report on any
    page, the 404 page included; the guide and search start (their fetches and worker run)."""
    pages = [*site_pages(site_dir), "/no-such-page/"]
    assert len(pages) > 10, pages
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(script=f"({_WATCH})()")
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text
            or "Content-Security-Policy" in m.text else None)
    problems: dict[str, list[str]] = {}
    try:
        for path in pages:
            console.clear()
            response = page.goto(nginx_url + path)
            assert response is not None
            wait_ready(page)
            page.wait_for_load_state("networkidle")
            found = [*page.evaluate("() => window.__csp"), *console]
            if response.headers.get("content-security-policy") is None:
                found.append("no Content-Security-Policy header")
            if found:
                problems[path] = found
    finally:
        context.close()
    assert not problems, "CSP violations:\n" + "\n".join(
        f"  {p}: {v}" for p, items in problems.items() for v in items)
