"""Fixtures for the real-browser tests: the bundled site on a local server, and Debian's Chromium.

All browser tests carry ``@pytest.mark.browser`` and ``xdist_group("browser")`` so that one xdist
worker owns the server and the browser (``make test`` runs ``pytest -n 2 --dist loadgroup``).
A missing tool makes the tests fail with the install step to run; they never skip.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hb_browser import CHROMIUM, CHROMIUM_ARGS, missing_tools
from hb_testlib import stop_process


@pytest.fixture(scope="session")
def browser_tools() -> None:
    missing = missing_tools()
    if missing:
        pytest.fail(
            "the browser tests need tools that are not installed; run `make test` (its "
            "browser-deps step installs them), or install by hand:\n  " + "\n  ".join(missing),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The bundled content built as `make site` does (all pages and the PDF handouts).

    HIPBACK_BROWSER_SITE=DIR reuses a site you built yourself (for iterating on these tests
    only; CI and `make test` always build it).
    """
    own = os.environ.get("HIPBACK_BROWSER_SITE")
    if own:
        return Path(own).resolve()
    return Path(request.getfixturevalue("bundled_site"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving ``folder`` (python -m http.server, loopback only),
    stopped when the block ends."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the local server for {folder} did not start on {url}")
            time.sleep(0.1)
        yield url
    finally:
        stop_process(proc)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site, served (:func:`serve_folder`)."""
    with serve_folder(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def languages_url(languages_dir: Path) -> Iterator[str]:
    """The site with its languages, served (:func:`serve_folder`)."""
    with serve_folder(languages_dir) as url:
        yield url


@pytest.fixture(scope="session")
def nginx_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving the built site with real nginx and the server block the
    build wrote (only ``listen`` and ``root`` changed: see hb_nginx.py)."""
    from hb_nginx import nginx_missing, serve_with_nginx

    missing = nginx_missing()
    if missing:
        pytest.fail(f"the host tests need nginx: {missing}", pytrace=False)
    with serve_with_nginx(site_dir, tmp_path_factory.mktemp("nginx"), _free_port()) as url:
        yield url


@pytest.fixture(scope="session")
def offline_dir(request: pytest.FixtureRequest) -> Path:
    """The bundled content's offline copy, as ``hipback build --offline`` makes it (with its own
    web site, in every language, from the shared render cache), in ``offline`` beside the web
    site's ``site`` folder.

    HIPBACK_BROWSER_OFFLINE=DIR reuses a copy you built yourself, its web site in ``DIR/../site``
    (for iterating on these tests only; CI and `make test` always build it).
    """
    own = os.environ.get("HIPBACK_BROWSER_OFFLINE")
    if own:
        return Path(own).resolve()
    from hb_testlib import BUNDLED, build_once

    shared_cache = request.getfixturevalue("shared_cache")

    site = build_once("bundled-offline", shared_cache.parent, BUNDLED, offline=True)
    return site.parent / "offline"


@pytest.fixture(scope="session")
def languages_dir(shared_cache: Path) -> Path:
    """The bundled content with every translated language, as ``hipback build --languages``
    makes it (the bundled Welsh and Arabic)."""
    from hb_testlib import BUNDLED, build_once

    return build_once("bundled-languages", shared_cache.parent, BUNDLED, with_pdf=False,
                      languages=True)


@pytest.fixture(scope="session")
def browser(browser_tools: None) -> Iterator[Any]:
    """Debian's Chromium, headless, with no way to reach any host but the local server."""
    from playwright.sync_api import sync_playwright

    # Playwright must not look for (or try to download) a browser of its own.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
