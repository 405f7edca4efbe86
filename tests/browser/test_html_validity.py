"""The Nu HTML Checker (npm vnu-jar, run on Java) over every page of the built site.

Zero errors in the markup we produce. An error that comes from the Material theme itself is
accepted only if it is listed, with its reason, in theme-html-errors.txt; a listed error that no
longer occurs fails too, so the list stays true.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from hb_browser import THEME_ERRORS, VNU_JAR

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@dataclass(frozen=True)
class Waiver:
    message: str
    extract: str
    reason: str
    line: int

    def matches(self, msg: dict[str, object]) -> bool:
        return self.message in str(msg.get("message", "")) and self.extract in str(
            msg.get("extract", "")
        )


def load_waivers(path: Path = THEME_ERRORS) -> list[Waiver]:
    waivers = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(" | ")]
        assert len(parts) == 3 and all(parts), (
            f"{path.name}:{n}: expected 'message | markup | reason', got {raw!r}"
        )
        waivers.append(Waiver(parts[0], parts[1], parts[2], n))
    return waivers


def test_theme_error_list_is_well_formed() -> None:
    waivers = load_waivers()
    for w in waivers:
        assert len(w.reason) > 40, f"{THEME_ERRORS.name}:{w.line}: give a real reason"


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
    waivers = load_waivers()
    used: dict[int, int] = {w.line: 0 for w in waivers}
    ours = []
    for m in messages:
        hit = next((w for w in waivers if w.matches(m)), None)
        if hit:
            used[hit.line] += 1
            continue
        where = str(m.get("url", "")).replace(f"file:{site_dir}", "")
        extract = " ".join(str(m.get("extract", "")).split())[:160]
        ours.append(f"{where}:{m.get('lastLine')}: {m.get('message')}\n      {extract}")
    stale = [f"{THEME_ERRORS.name}:{w.line}: {w.message} ({w.extract})"
             for w in waivers if used[w.line] == 0]
    theme = sum(used.values())
    print(f"\nvnu: {len(pages)} pages, {len(messages)} errors, {theme} listed theme errors")
    assert not ours, f"{len(ours)} HTML error(s) in our markup:\n  " + "\n  ".join(ours[:40])
    assert not stale, "listed theme errors that no longer occur (remove them):\n  " + "\n  ".join(
        stale
    )
