"""A strict Content-Security-Policy on every built page, as a ``<meta http-equiv>``.

Everything comes from the site itself; inline scripts run only when their SHA-256 hash is in the
policy (Material has a few small ones, and ``base_url`` inside one of them differs per folder
depth, so each page gets its own list). Data blocks (JSON, JSON-LD) are not executed and need no
hash. Styles allow inline ``style`` attributes and the ``<style>`` inside the flowchart SVG.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")
_CHARSET = '<meta charset="utf-8">'


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy_for(html: str) -> str:
    hashes = []
    for m in _SCRIPT.finditer(html):
        attrs = m.group("attrs")
        if "src=" in attrs:
            continue
        type_match = re.search(r'type="([^"]+)"', attrs)
        if type_match and type_match.group(1).lower() in _DATA_TYPES:
            continue
        hashes.append(_hash(m.group("body")))
    script_src = " ".join(["'self'", *sorted(set(hashes))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_csp(html: str) -> str:
    if 'http-equiv="Content-Security-Policy"' in html or _CHARSET not in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html.replace(_CHARSET, _CHARSET + "\n      " + meta, 1)


def apply_csp(site: Path) -> int:
    """Add the policy to every HTML file under ``site``; return how many were changed."""
    n = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        new = add_csp(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            n += 1
    return n
