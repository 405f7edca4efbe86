"""Helpers for the real-browser tests (a uniquely named module, not conftest imports).

The tests drive Debian's Chromium with Playwright against the bundled site served on 127.0.0.1.
Everything here fails loudly when a tool is missing: these tests must never silently skip.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hb_testlib import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/lib/chromium/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Chromium would otherwise contact update/account hosts by itself (not visible as page
# requests); map every name except the local server to "not found".
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Injected before checks that read colours or focus styles: the final look shows at once.
NO_TRANSITIONS = (
    "*, *::before, *::after { transition-duration: 0s !important; "
    "transition-delay: 0s !important; animation-duration: 0s !important; }"
)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Best-practice rules we hold ourselves to (heading order and landmarks); they fail the tests.
# Every other best-practice finding is reported, not failed.
ENFORCED_BEST_PRACTICE = [
    "heading-order",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-unique",
    "landmark-main-is-top-level",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "region",
]


SEARCH_TIMEOUT_MS = 30_000
"""How long a search may take to show its first result. The search worker loads its index (and
for Arabic lunr's stemmer) when the reader first reaches for the box. In one CI rehearsal the
Arabic search showed nothing within 10 s while the other test worker was building sites (since
then two MkDocs children run side by side); it passed on every run here, idle or beside a
build. These tests check what is found, not how fast: speed is Lighthouse's (``make audit``)."""


def missing_tools() -> list[str]:
    """What the browser tests need and is not installed, each with the step that installs it."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium ({CHROMIUM}): `apt-get install -y chromium` (make browser-deps)")
    if shutil.which("java") is None:
        missing.append("java: `apt-get install -y default-jre-headless` (make browser-deps)")
    if not AXE_JS.is_file():
        missing.append(f"axe-core ({AXE_JS.relative_to(ROOT)}): `npm ci` (make browser-deps)")
    if not VNU_JAR.is_file():
        missing.append(f"vnu-jar ({VNU_JAR.relative_to(ROOT)}): `npm ci` (make browser-deps)")
    return missing


LANGUAGE_SAMPLE = ("", "flowchart/", "conditions/sciatica/", "compare/", "when-to-get-help/")
"""The pages of each translated language's tree the every-page tests open (the rest of a
language's pages are the same templates with other words; every page of the source language is
opened). Pages a language does not have are left out."""


def language_roots(site: Path) -> list[str]:
    """The translated languages' trees (``cy/``, ``ar/``): the home page's language switcher."""
    home = site / "index.html"
    text = home.read_text(encoding="utf-8") if home.is_file() else ""
    return sorted({m.group(1) for m in re.finditer(
        r'<a href="([a-z]{2,3}(?:-[A-Za-z0-9]+)*)/" hreflang="[^"]+" class="md-select__link"',
        text)})


def site_pages(site: Path, *, every_language_page: bool = False) -> list[str]:
    """URL paths of the built site's HTML pages ('/', '/compare/', '/404.html', ...): every page
    of the source language, and :data:`LANGUAGE_SAMPLE` of each translated language (all of
    them with ``every_language_page``)."""
    roots = language_roots(site)
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = "/" if rel == "index.html" else (
            "/" + rel[: -len("index.html")] if rel.endswith("/index.html") else "/" + rel)
        root = next((r for r in roots if url.startswith(f"/{r}/")), None)
        if root is not None and not every_language_page and \
                url[len(root) + 2:] not in LANGUAGE_SAMPLE:
            continue
        pages.append(url)
    return pages


@dataclass
class Recorder:
    """What one page did: requests, failed requests, console errors, uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.bad_status.append(f"{response.status} {response.url}")

    def _console(self, msg: Any) -> None:
        if msg.type in ("error", "assert"):
            loc = msg.location or {}
            where = f"{loc.get('url', '')}:{loc.get('lineNumber', '')}"
            self.console_errors.append(f"{msg.text} [{where}]")

    def foreign_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {u}" for u in self.foreign_requests()]
            + [f"request failed: {u}" for u in self.failed]
            + [f"HTTP error: {u}" for u in self.bad_status]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
        )


@contextmanager
def open_page(
    browser: Any, *, viewport: dict[str, int] = DESKTOP, **context_args: Any
) -> Iterator[tuple[Any, Recorder]]:
    """A fresh context (empty storage, CSP bypassed so axe can be injected) and one page."""
    context = browser.new_context(viewport=viewport, bypass_csp=True, **context_args)
    page = context.new_page()
    page.set_default_timeout(10_000)
    rec = Recorder()
    rec.attach(page)
    try:
        yield page, rec
    finally:
        context.close()


def wait_ready(page: Any) -> None:
    """Wait for load, web fonts and Material's first render, so checks see the final page."""
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_function("() => !!document.querySelector('.md-header')")
    # The step-by-step guide builds its buttons after fetching graph.json: wait for them where
    # there is a guide, so a check does not see the page half drawn. A guide whose JSON cannot
    # load stays hidden on purpose (some tests make it so), hence no error after the wait.
    with contextlib.suppress(Exception):
        page.wait_for_function(
            "() => { const g = document.querySelector('.hb-guide[data-graph]');"
            " return !g || !!g.querySelector('button.hb-guide__answer'); }", timeout=5000)
    # The flowchart's drawing is fetched once the page has loaded and replaces its empty slot
    # (or the figure goes away if it cannot load): wait for that too.
    with contextlib.suppress(Exception):
        page.wait_for_function(
            "() => !document.querySelector('.hb-flowchart:not(.hb-flowchart--failed)"
            " .hb-flowchart__slot')", timeout=5000)


def run_axe(page: Any, options: dict[str, Any]) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("async (opts) => (await axe.run(document, opts)).violations", options)


def describe_violations(violations: list[dict[str, Any]], limit: int = 4) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']}")
        for node in v["nodes"][:limit]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary[:300]}")
        if len(v["nodes"]) > limit:
            lines.append(f"    ... and {len(v['nodes']) - limit} more")
    return lines


def set_palette(page: Any, scheme: str) -> None:
    """Switch Material's palette with the real header toggle until ``scheme`` is active."""
    current = "() => document.body.getAttribute('data-md-color-scheme')"
    for _ in range(3):
        before = page.evaluate(current)
        if before == scheme:
            return
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function(f"(b) => ({current})() !== b", arg=before, timeout=5_000)
    still = page.evaluate(current)
    raise AssertionError(f"palette toggle did not reach {scheme!r} (still {still!r})")
