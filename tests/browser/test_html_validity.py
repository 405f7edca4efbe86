"""The Nu HTML Checker (npm vnu-jar, run on Java) over every page of the built site: 0 errors.

Errors that came from the Material theme itself (``autocomplete`` on its hidden checkboxes) are
fixed by the build (generator/publish/markup.py), not accepted: every error fails the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hb_browser import VNU_JAR

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_every_page_is_valid_html(browser_tools: None, site_dir: Path) -> None:
    java = shutil.which("java")
    assert java, "java is missing: apt-get install -y default-jre-headless (make browser-deps)"
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 10, f"only {len(pages)} HTML files in {site_dir}"
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json",
         "--stdout", str(site_dir)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode in (0, 1), f"vnu failed ({proc.returncode}):\n{proc.stderr[-2000:]}"
    report = json.loads(proc.stdout)
    messages = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    errors = []
    for m in messages:
        where = str(m.get("url", "")).replace(f"file:{site_dir}", "")
        extract = " ".join(str(m.get("extract", "")).split())[:160]
        errors.append(f"{where}:{m.get('lastLine')}: {m.get('message')}\n      {extract}")
    print(f"\nvnu: {len(pages)} pages, {len(errors)} errors")
    assert not errors, f"{len(errors)} HTML error(s):\n  " + "\n  ".join(errors[:40])
