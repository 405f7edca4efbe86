"""MkDocs hooks: the only MkDocs-specific glue (kept out of plugins, see DESIGN.md).

* ``on_config`` fills site name, URL, nav and language from the generated sidecar file
  (``<docs>/.hipback/site.json``). Under ``hipback serve`` it first regenerates the Markdown from
  ``content/`` (only changed files are written), so editing content reloads the browser.
* ``on_page_markdown`` gives condition pages their review date as "last modified" (sitemap).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.hipback")


def _regenerate(docs: Path) -> None:
    from generator.pipeline import generate, load_and_check

    content_dir = Path(os.environ.get("HIPBACK_CONTENT", "content"))
    content, report = load_and_check(content_dir)
    for d in report.sorted():
        (log.error if d.severity == "error" else log.warning)(d.format())
    if content is None:
        log.error("content has errors; showing the last good pages until they are fixed")
        return
    result = generate(content, docs, cache_dir=Path("build/cache"))
    if result.written:
        log.info("hipback: regenerated %d file(s)", len(result.written))


def on_config(config: Any) -> Any:
    docs = Path(os.environ.get("HIPBACK_DOCS_DIR") or config["docs_dir"])
    if os.environ.get("HIPBACK_SERVE") == "1":
        try:
            _regenerate(docs)
        except Exception as exc:  # a serve session must survive any mistake while editing
            log.error("hipback: could not regenerate: %s", exc)
    meta = docs / ".hipback" / "site.json"
    if not meta.is_file():
        raise SystemExit(
            f"{meta} is missing: run `hipback generate` (or `make site`) before MkDocs."
        )
    settings = json.loads(meta.read_text(encoding="utf-8"))
    config["site_name"] = settings["site_name"]
    config["site_url"] = settings["site_url"]
    config["site_description"] = settings["site_description"]
    config["copyright"] = settings["copyright"]
    config["nav"] = settings["nav"]
    config["theme"]["language"] = settings["language"].split("-")[0]
    config["extra"]["hipback"] = {
        "disclaimer_html": settings["disclaimer_html"],
        "strings": settings["strings"],
    }
    snippets = config["mdx_configs"].setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(docs / ".hipback")]
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    reviewed = page.meta.get("hb_last_reviewed")
    if reviewed:
        page.update_date = (
            reviewed.isoformat() if isinstance(reviewed, dt.date) else str(reviewed)
        )
    return markdown
