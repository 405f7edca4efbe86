"""A strict Content-Security-Policy on every built page, as a ``<meta http-equiv>``.

The policy allows exactly the inline scripts our templates emit, never what a page happens to
contain: the script bodies are read from the theme's own template files (Material's partials and
our overrides), with the one part that varies per page (the relative ``base_url`` inside
Material's first script) filled in for that page. Any other inline script on a page means
content got markup through, so the build stops instead of publishing it. Every page gets the
policy, first thing in ``<head>``; a page that already carries one (which only injected text
could do) stops the build too. Data blocks (JSON, JSON-LD) are not executed and need no hash.
Styles allow inline ``style`` attributes and the ``<style>`` inside the flowchart SVG.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .pagescan import PageFacts, scan_html

_TEMPLATE_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.DOTALL)
_BASE = re.compile(r"\{\{[^}]*base_url[^}]*\}\}")
_JINJA = re.compile(r"\{[{%#]")
_CHARSET = '<meta charset="utf-8">'


class CspError(Exception):
    """A page holds script the templates did not put there, or a policy of its own."""


@cache
def template_scripts(theme_dirs: tuple[Path, ...]) -> tuple[str, ...]:
    """The inline script bodies the theme's templates can emit; ``{base}`` marks the base URL.

    Only scripts whose text is fixed apart from the base URL are collected (a template script
    with other template logic inside could not be hashed ahead of time, so it is not allowed).
    """
    out: list[str] = []
    for folder in theme_dirs:
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            for m in _TEMPLATE_SCRIPT.finditer(text):
                body = _BASE.sub("{base}", m.group("body"))
                if not _JINJA.search(body.replace("{base}", "")):
                    out.append(body)
    return tuple(dict.fromkeys(out))


def material_templates() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy_for(html: str, *, base: str, known: Iterable[str], page: str = "",
               font_data: bool = False, facts: PageFacts | None = None) -> str:
    """The policy for one page whose relative base URL is ``base`` ("." or "../.." …);
    ``font_data``: fonts may come as ``data:`` URLs (the offline copy's stylesheet carries them,
    since a page opened from files may not load a font file); ``facts``: the page's
    :func:`.pagescan.scan_html`, when the caller has it already."""
    facts = facts if facts is not None else scan_html(html)
    if facts.csp_metas:
        raise CspError(f"{page}: the page already holds a Content-Security-Policy; only the "
                       "build may set one (content text must not add markup).")
    allowed = {k.replace("{base}", base) for k in known}
    hashes = []
    for body in facts.inline_scripts:
        if body not in allowed:
            raise CspError(f"{page}: an inline script that no template emits "
                           f"({body.strip()[:60]!r}); content must not add scripts.")
        hashes.append(_hash(body))
    script_src = " ".join(["'self'", *sorted(set(hashes))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:" if font_data else "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_csp(html: str, policy: str, *, page: str = "") -> str:
    """``html`` with the policy as the first element after ``<meta charset>``."""
    if _CHARSET not in html:
        raise CspError(f"{page}: no <meta charset> to put the policy after.")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace(_CHARSET, _CHARSET + "\n      " + meta, 1)


def apply_csp(site: Path, theme_dirs: Iterable[Path] = (), *, public_path: str = "/",
              font_data: bool = False, roots: Iterable[str] = ()) -> int:
    """Add the policy to every HTML file under ``site``; return how many pages got one.

    ``theme_dirs`` are the custom template folders besides Material's own (overrides/).
    ``public_path`` is the path of the site's public URL: the 404 page is served at any address,
    so its base URL is that absolute path instead of a relative one. ``roots``: folders that
    are sites of their own (each translated language's tree), whose pages' base URL is relative
    to that folder.
    """
    return len(apply_csp_scanned(site, theme_dirs, public_path=public_path,
                                 font_data=font_data, roots=roots))


def apply_csp_scanned(site: Path, theme_dirs: Iterable[Path] = (), *, public_path: str = "/",
                      font_data: bool = False, roots: Iterable[str] = ()) -> dict[Path, PageFacts]:
    """:func:`apply_csp`, returning each page's :class:`.pagescan.PageFacts` (its markup apart
    from the policy just added), for the link check to use instead of parsing every page again."""
    known = template_scripts((material_templates(), *theme_dirs))
    trees = sorted(roots, key=len, reverse=True)
    scanned: dict[Path, PageFacts] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        # a language's tree (``cy/``) is a site of its own: its pages' base is its folder
        root = next((t for t in trees if rel.startswith(t.rstrip("/") + "/")), "")
        inner = rel[len(root.rstrip("/")) + 1:] if root else rel
        base = public_path if rel == "404.html" else posixpath.relpath(
            ".", posixpath.dirname(inner) or ".")
        text = path.read_text(encoding="utf-8")
        facts = scanned[path] = scan_html(text)
        path.write_text(add_csp(text, policy_for(text, base=base, known=known, page=rel,
                                                  font_data=font_data, facts=facts),
                                page=rel), encoding="utf-8")
    return scanned


__all__ = ["CspError", "add_csp", "apply_csp", "apply_csp_scanned", "policy_for",
           "template_scripts"]
