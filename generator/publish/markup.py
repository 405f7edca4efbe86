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
also writes one ``<link rel="alternate" hreflang>`` per language into every page's head, and its
script then downloads every language's ``sitemap.xml`` on every page (to find the same page in
the other language), 13 KB a page past the page-weight budgets. Those head links are taken off
here; the switcher in the header stays and links each language's home.
"""

from __future__ import annotations

import re
from pathlib import Path

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


def fix_theme_markup(site: Path) -> int:
    """Apply the fixes above to every HTML file under ``site``; return how many changed."""
    changed = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        new = drop_language_head_links(drop_toggle_autocomplete(text))
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed


__all__ = ["TOGGLES", "drop_toggle_autocomplete", "fix_theme_markup"]
