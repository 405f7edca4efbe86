"""The stock baseline: plain Material on the same number of pages of similar prose.

Issue 16 asks that MkDocs builds the generated docs in at most 1.5× the time a stock Material
site of the same number of pages of similar prose takes. The stock site is made from the
generated pages themselves: the same files and nav, each reduced to what a hand-written
Markdown site has: the title in its front matter, the words, headings, lists, links and tables,
without raw HTML (tags go, their words stay; drawings go entirely), attribute lists or note
boxes. Its config is Material's defaults with the same navigation features, search, no fonts
from the network, and no Markdown extensions beyond MkDocs' own.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.text.rawhtml import RED_FLAGS_SLOT

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_DRAWING = re.compile(r"<svg\b.*?</svg>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^<>]+>")
_ATTR_LIST = re.compile(r"\{[:#.][^}\n]*\}|\{ [^}\n]*\}")
_NOTE_BOX = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?).*$", re.MULTILINE)


def plain_page(text: str) -> str:
    """One generated page as stock Markdown of the same prose."""
    title = ""
    front = _FRONT.match(text)
    if front:
        meta = yaml.safe_load(front.group(1)) or {}
        title = str(meta.get("title", ""))
        text = text[front.end():]
    text = _DRAWING.sub("", text)
    text = _TAG.sub("", text)
    text = _ATTR_LIST.sub("", text)
    text = _NOTE_BOX.sub("", text)
    head = "---\n" + yaml.safe_dump({"title": title}, allow_unicode=True) + "---\n\n"
    return head + text


def write_stock_site(docs: Path, dest: Path) -> Path:
    """The stock pages in ``dest/docs`` and their config ``dest/mkdocs.yml`` (returned).

    A condition page's red-flag cards are not in its Markdown (the theme puts one copy into
    every condition page): their words are put back into the stock page, which has no theme
    to do it, so that it carries all the words a reader sees."""
    if dest.exists():
        shutil.rmtree(dest)
    settings = json.loads((docs / ".hipback" / "site.json").read_text(encoding="utf-8"))
    red_flags = str(settings.get("red_flags_html", ""))
    stock_docs = dest / "docs"
    for page in sorted(docs.rglob("*.md")):
        rel = page.relative_to(docs)
        if rel.parts[0].startswith("."):
            continue
        target = stock_docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = page.read_text(encoding="utf-8").replace(RED_FLAGS_SLOT, red_flags)
        target.write_text(plain_page(text), encoding="utf-8")
    config: dict[str, Any] = {
        "site_name": settings["site_name"],
        "site_url": settings["site_url"],
        "docs_dir": str(stock_docs),
        "strict": False,  # links to handouts and anchors of removed HTML do not resolve
        "theme": {"name": "material", "font": False,
                  "language": str(settings["language"]).split("-")[0],
                  "features": ["navigation.sections", "navigation.prune",
                               "navigation.indexes"]},
        "plugins": ["search"],
        "nav": settings["nav"],
    }
    path = dest / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
