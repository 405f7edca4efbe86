"""The offline copy: the same site for a clinic's USB stick or file share, opened from files.

A page opened from ``file://`` has no web server behind it: a link to a folder shows a folder
listing (no server turns ``conditions/sciatica/`` into its ``index.html``), ``fetch`` and
``XMLHttpRequest`` are refused, and so is starting a Web Worker. So the copy is built from the
same checked content with the site map's ``.html`` addresses (:attr:`UrlStyle.FILES`, MkDocs'
``use_directory_urls: false``); the step-by-step guide carries its graph in the page
(``emit/flowchart``); Material's search reads its index from a script, ``search_index.js``,
which it loads itself on ``file:`` pages, and runs its worker in a frame
(``publish/assets/file-worker.js``, put only into this copy: the web site
never loads it). The handouts are the ones the web site was just built
with. What only a web host uses is left out: the compressed copies, the host configuration, the
404 page and the sitemap.

The copy has the web site's languages (:mod:`.languages`): each translation's tree below the
source's, built the same way, with its own search index script, its handouts from the web
site's tree, and its own stylesheet's fonts inlined (Vazirmatn only in the Arabic tree). The
language switcher and the ``hreflang`` links name the same page's file in the other trees
(``overrides/main.html``, ``overrides/partials/alternate.html``: with no directory URLs they
link within the copy), while the canonical link and a printed page's footer keep the hosted
site's address (:func:`web_addresses`), as paper does.

Built after the web site by ``hipback build --offline``, through the same pipeline
(:mod:`.pipeline`) into its own folder, swapped in the same way (:mod:`.release`), and checked
(:func:`offline_post_steps`): every internal link resolves, and none points at a folder.
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..checks.quality.reading import PageReading
from ..model.content import Content
from ..model.sitemap import UrlStyle
from .assets import optimise_site
from .csp import apply_csp_scanned
from .linkcheck import check_built_site
from .markup import fix_theme_markup
from .mkdocs import OFFLINE_WORKER, BuildError
from .pipeline import Built, HandoutSource, Paths, Plan, config_of, run

__all__ = ["OFFLINE_DIR", "build_offline", "folder_links", "inline_fonts", "offline_paths",
           "offline_post_steps", "web_addresses", "write_search_script"]

OFFLINE_DIR = "site-offline"
"""Where ``hipback build --offline`` puts the copy unless told otherwise."""

WEB_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz")
"""Files a web host serves that mean nothing on a USB stick."""

WORKER_SOURCE = Path(__file__).resolve().parent / "assets" / "file-worker.js"
"""The stand-in for Web Workers, copied to :data:`OFFLINE_WORKER` in the copy."""

_LINK = re.compile(r'\b(?:href|src)="([^"#?][^"]*)"')


def offline_paths(paths: Paths, out: Path) -> Paths:
    """The copy's own working folder (``build/offline/docs``) and output folder."""
    return replace(paths, docs=paths.docs.parent / "offline" / "docs", site=out)


def write_search_script(site: Path) -> bool:
    """``search/search_index.js``: the search index as a script (``var __index = …``), which
    Material loads on ``file:`` pages instead of fetching the JSON. False when there is no
    index (search switched off)."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return False
    (site / "search" / "search_index.js").write_text(
        "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")
    return True


_FONT_URL = re.compile(r"""url\((["']?)([^"')]+\.woff2)\1\)""")


def inline_fonts(site: Path) -> int:
    """Put every ``.woff2`` font a stylesheet names into the stylesheet as a ``data:`` URL (a
    page opened from files may not load a font file: browsers treat it as another origin);
    return how many were put in."""
    count = 0
    for css in sorted((site / "assets").rglob("*.css")):
        text = css.read_text(encoding="utf-8")

        def inline(match: re.Match[str], folder: Path = css.parent) -> str:
            nonlocal count
            font = (folder / unquote(match.group(2))).resolve()
            if not font.is_file() or site.resolve() not in font.parents:
                return match.group(0)
            count += 1
            data = base64.b64encode(font.read_bytes()).decode("ascii")
            return f'url("data:font/woff2;base64,{data}")'

        new = _FONT_URL.sub(inline, text)
        if new != text:
            css.write_text(new, encoding="utf-8")
    return count


def web_addresses(site: Path, public_url: str) -> int:
    """Give each page's canonical link and printed address (the footer of a printed page) the
    hosted site's address of the page, as paper and the web have it: MkDocs makes both from
    the copy's own ``.html`` address (``…/cy/conditions/sciatica.html``), which no web server
    answers (the hosted page is ``…/cy/conditions/sciatica/``). Return how many pages changed.
    Links within the copy, which name files, are left as they are."""
    root = re.escape(public_url.rstrip("/") + "/")
    where = r'(<link rel="canonical" href="|@bottom-left\{content:")'
    # a folder's own page (index, README: SiteMap.url) is the folder; any other, a folder of
    # its name
    found = re.compile(where + rf'({root}[^"\s<>]*?)((?<=/)(?:index|README)\.html|\.html)(?=["\s])')

    def web(match: re.Match[str]) -> str:
        return match.group(1) + match.group(2) + ("/" if match.group(3) == ".html" else "")

    changed = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new = found.sub(web, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def folder_links(site: Path) -> list[str]:
    """Links of the copy's pages that open a folder, where a browser reading files shows a
    listing, as ``page: link`` lines (empty when there are none)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for link in sorted(set(_LINK.findall(page.read_text(encoding="utf-8")))):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("/", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or parts.path in ("", ".", "..") or target.is_dir():
                found.append(f"{page.relative_to(site)}: {link}")
    return found


def build_offline(content: Content, paths: Paths, out: Path, *,
                  readings: tuple[PageReading, ...] | None = None,
                  languages: Mapping[str, Content] | None = None) -> int:
    """Build the offline copy of checked ``content`` into ``out``; return its page count.

    ``paths.site`` is the web site just built: its handouts go into the copy as they are, each
    language's from its tree. ``languages``: each translation's checked content, as the web
    build had it, built into ``<out>/<language>/`` (the web site's languages, no more)."""
    plan = Plan(handouts=HandoutSource.TAKE, handouts_from=paths.site / "handouts",
                style=UrlStyle.FILES, post_steps=offline_post_steps,
                languages=languages or {})
    copy = run(content, offline_paths(paths, out), plan, readings=readings).site
    assert copy is not None
    return len(list(copy.rglob("*.html")))


def offline_post_steps(built: Built) -> None:
    """What only the copy gets after MkDocs, in every language's tree as in the source's: no
    web-only files, the worker stand-in, fonts and the search index inside files it may read,
    its CSP, and the check that no link is broken or opens a folder."""
    tmp = built.folder
    trees = [tmp, *(tmp / lang for lang in built.languages)]
    for tree in trees:
        for name in WEB_ONLY:
            (tree / name).unlink(missing_ok=True)
        (tree / OFFLINE_WORKER).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(WORKER_SOURCE, tree / OFFLINE_WORKER)
    fix_theme_markup(tmp, languages=bool(built.languages))
    web_addresses(tmp, built.r.site.public_url)  # every tree's are below the site's
    optimise_site(tmp, skip=built.languages)
    for lang in built.languages:  # each language's tree has its own pages, styles and scripts
        optimise_site(tmp / lang)
    for tree in trees:  # a tree's stylesheet holds only its own fonts (Vazirmatn: Arabic's)
        inline_fonts(tree)
    custom = (config_of(built.paths).get("theme") or {}).get("custom_dir")
    scanned = apply_csp_scanned(tmp, [*built.theme_dirs, *([Path(custom)] if custom else [])],
                                font_data=True, roots=built.languages)
    for tree in trees:  # scripts beside the pages: the pages' links are as scanned
        write_search_script(tree)
    # addresses on the hosted site (the API, canonical links) are outside this copy
    problems = check_built_site(tmp, scanned=scanned) + [
        f"{line} (a folder: opened from files it shows a listing)"
        for line in folder_links(tmp)]
    if problems:
        raise BuildError("the offline copy has broken links:\n" + "\n".join(problems))
