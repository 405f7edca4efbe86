"""Fixes to the theme's own markup on the finished pages, whichever engine wrote them.

Material (and Zensical, which ships Material's templates in newer versions) marks the two hidden
checkboxes that open the navigation drawer and the search ``autocomplete="off"``. The HTML
standard allows ``autocomplete`` only on text-like inputs, so the Nu checker reports it on every
page, and the two inputs sit outside any template block that ``overrides/main.html`` could
replace. Copying the whole ``base.html`` would tie the overrides to one theme build (its asset
file names are hashed), so the attribute is taken off here instead. Material added it so that
Firefox does not restore a checked drawer or search after a reload; the first script of
``overrides/partials/hb-search-on-demand.html`` unchecks both, which does the same job.

A site in several languages gets Material's language switcher (``extra.alternate``); Material
also writes one ``<link rel="alternate" href hreflang>`` per language into every page's head,
linking each language's home, and its script reads every ``link[rel=alternate]`` of a page and
downloads the ``sitemap.xml`` beside each (to find the same page in the other language when the
switcher is clicked), 13 KB a page past the page-weight budgets. Here:

* Material's head links (``href`` before ``hreflang``) are taken off; ``overrides/main.html``
  writes the right ones instead (this page in each language, ``hreflang`` before ``href``);
* the theme's script is told to leave ``hreflang`` links alone (its selector becomes
  ``link[rel=alternate]:not([hreflang])``, :data:`SELECTORS`): the switcher (``overrides/partials/alternate.html``)
  already links the same page, so the script has nothing to find. The changed script gets a
  new name (from its content), so no browser keeps a cached copy of the old one, and loses its
  source map (which no longer matches). The build fails, saying why, when a theme's script
  reads alternate links in a way this does not know.

The templates indent their markup (about 5 KB a page); the indentation at the start of a line
is taken off (:func:`drop_indentation`), except in ``pre``, ``textarea``, ``code``, ``script``
and ``style``, where white space is kept as written. The line break stays, so two words or
elements that had white space between them still have it: the page renders the same.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .mkdocs import BuildError

TOGGLES = ("__drawer", "__search")
"""The ids of the theme's hidden checkboxes."""


def drop_toggle_autocomplete(html: str) -> str:
    """``html`` without ``autocomplete="off"`` on the theme's two hidden checkboxes."""
    for name in TOGGLES:
        html = html.replace(f'type="checkbox" id="{name}" autocomplete="off">',
                            f'type="checkbox" id="{name}">', 1)
    return html


_HREFLANG = re.compile(r'[ \t]*<link rel="alternate" href="[^"<>]*" hreflang="[^"<>]*">\n?')


def drop_language_head_links(html: str) -> str:
    """``html`` without the theme's ``<link rel="alternate" hreflang>`` lines (see above)."""
    # the test first: the pattern's leading blanks make the regex try every position of the page
    return _HREFLANG.sub("", html) if 'hreflang="' in html else html


SELECTORS = ('"link[rel=alternate]"', '"link[rel=alternate][hreflang]"')
"""How the theme's script finds the alternate links whose site maps it downloads (Material 9.x,
Zensical's Material)."""

OWN_LINKS_ONLY = '"link[rel=alternate]:not([hreflang])"'
"""The same, without the ``hreflang`` links (there are no others on this site)."""

_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=[^\n]*\s*$")


def leave_hreflang_links_alone(site: Path) -> dict[str, str]:
    """Change the selector of Material's scripts under ``site`` (:data:`OWN_LINKS_ONLY`), name
    each changed script by its content and link the new name from every page; return old name
    → new name. A script that fetches ``sitemap.xml`` without the known selector stops the
    build (a newer theme: see the module docstring)."""
    renamed: dict[str, str] = {}
    for path in sorted(site.rglob("assets/javascripts/bundle.*.js")):
        text = path.read_text(encoding="utf-8")
        if not any(s in text for s in SELECTORS):
            if '"sitemap.xml"' in text and OWN_LINKS_ONLY not in text:
                raise BuildError(f"{path.relative_to(site)}: the theme's script reads the "
                                 "pages' alternate links in a way the build does not know; it "
                                 "would download every language's sitemap on every page. "
                                 "Update generator/publish/markup.py for this theme version.")
            continue
        new = text
        for selector in SELECTORS:
            new = new.replace(selector, OWN_LINKS_ONLY)
        new = _MAP_COMMENT.sub("", new)
        digest = hashlib.sha256(new.encode("utf-8")).hexdigest()[:8]
        name = f"bundle.{digest}.min.js"
        path.with_name(name).write_text(new, encoding="utf-8")
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        renamed[path.name] = name
    if renamed:
        for page in sorted(site.rglob("*.html")):
            text = page.read_text(encoding="utf-8")
            new = text
            for old, name in renamed.items():
                new = new.replace(f"/{old}\"", f"/{name}\"")
            if new != text:
                page.write_text(new, encoding="utf-8")
    return renamed


_KEEP_SPACE = re.compile(r"<(pre|textarea|code|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]+")


def drop_indentation(html: str) -> str:
    """``html`` without the white space that starts its lines (see the module docstring)."""
    out, pos = [], 0
    for m in _KEEP_SPACE.finditer(html):
        out += [_INDENT.sub("\n", html[pos:m.start()]), m.group(0)]
        pos = m.end()
    out.append(_INDENT.sub("\n", html[pos:]))
    return "".join(out)


def fix_theme_markup(site: Path, *, languages: bool = False) -> int:
    """Apply the fixes above to every HTML file under ``site``; return how many changed.
    ``languages``: the site has language trees (hreflang links: the theme's script is changed
    too, :func:`leave_hreflang_links_alone`)."""
    changed = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        new = drop_indentation(drop_language_head_links(drop_toggle_autocomplete(text)))
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    if languages:
        leave_hreflang_links_alone(site)
    return changed


__all__ = [
    "OWN_LINKS_ONLY",
    "SELECTORS",
    "TOGGLES",
    "drop_indentation",
    "drop_language_head_links",
    "drop_toggle_autocomplete",
    "fix_theme_markup",
    "leave_hreflang_links_alone",
]
