"""Host configuration written beside the built site: ``_headers`` and an nginx server block.

A static site is only as safe as the headers its host sends. The build knows what they must be
(the pages' Content-Security-Policy, which files have a content hash in their name, where the
404 page is, that ``.gz`` copies exist), so it writes them for the two common kinds of host:

``site/_headers``
    Netlify and Cloudflare Pages read it from the root of what is deployed. The security
    headers go on every path; long caching goes on each fingerprinted file by name. HTML keeps
    the host's own default (both revalidate it on every visit), because both hosts join two
    matching rules' values for the same header instead of picking one. Both serve ``404.html``
    for a missing path and compress by themselves.
``site/.hipback/nginx.conf``
    A ``server { }`` block to include in nginx's ``http { }`` block. nginx drops a server's
    ``add_header`` lines in any ``location`` that has its own, so every location repeats them
    (always: on 404 responses too).

The Content-Security-Policy is the one :mod:`generator.publish.csp` puts in each page's
``<meta>`` (their script hashes joined: the header covers every page, and a browser enforces
both), plus ``frame-ancestors 'none'``, which only a header can carry. Output depends only on
the built files and the public address: the same site gives the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .csp import CspError

HEADERS_FILE = "_headers"
NGINX_FILE = ".hipback/nginx.conf"

FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}(?:\.min)?\.(?:css|js)$")
"""Material's bundles (``bundle.a5f9d56c.min.js``) and our merged stylesheet
(``site.9c50f1499d.css``): a new version gets a new name, so a browser may keep one a year."""

LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "no-cache"  # kept, but checked with the host (ETag) before every use

PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
    "payment", "usb"))
"""Powerful features no page of the site uses, refused for it and anything it could embed."""

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def site_policy(site: Path) -> str:
    """Every page's policy joined into one (the script hashes of all pages), plus
    ``frame-ancestors 'none'``. Pages differ only in their script hashes; anything else would
    mean :mod:`csp` changed without this module, so it stops the build."""
    directives: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        m = _META.search(page.read_text(encoding="utf-8"))
        if m is None:
            raise CspError(f"{page.relative_to(site).as_posix()}: no Content-Security-Policy "
                           "meta tag to copy into the host's header.")
        for part in m.group(1).split(";"):
            name, *values = part.split()
            have = directives.setdefault(name, values)
            if name == "script-src":
                have.extend(v for v in values if v not in have)
            elif have != values:
                raise CspError(f"{page.relative_to(site).as_posix()}: its policy's {name} "
                               "differs from other pages'; only script hashes may differ.")
    if not directives:
        raise CspError("the site has no pages to take the Content-Security-Policy from.")
    script = directives["script-src"]
    directives["script-src"] = [v for v in script if not v.startswith("'sha")] + sorted(
        v for v in script if v.startswith("'sha"))
    directives["frame-ancestors"] = ["'none'"]
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def security_headers(policy: str) -> list[tuple[str, str]]:
    """The headers every response carries, in the order they are written."""
    return [
        ("Content-Security-Policy", policy),
        # A year; no includeSubDomains: other hosts of the same organisation are not ours.
        ("Strict-Transport-Security", "max-age=31536000"),
        # Other sites learn only that a reader came from this one, never which condition page.
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", PERMISSIONS),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers without CSP level 2
    ]


def fingerprinted(site: Path) -> list[str]:
    """Site paths (``assets/…``) of the files whose name holds a content hash."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and FINGERPRINTED.search(p.name))


def headers_file(site: Path, *, public_url: str) -> str:
    """``_headers`` for Netlify and Cloudflare Pages."""
    root = urlsplit(public_url).path or "/"
    lines = ["# Written by `hipback build` for Netlify and Cloudflare Pages; rebuild to change.",
             f"{root}*"]
    lines += [f"  {name}: {value}" for name, value in security_headers(site_policy(site))]
    for rel in fingerprinted(site):
        lines += [f"{root}{rel}", f"  Cache-Control: {LONG_CACHE}"]
    return "\n".join(lines) + "\n"


def _nginx_headers(policy: str, cache: str, indent: str) -> list[str]:
    pairs = [*security_headers(policy), ("Cache-Control", cache)]
    return [f'{indent}add_header {name} "{value}" always;' for name, value in pairs]


def nginx_conf(site: Path, *, public_url: str) -> str:
    """An nginx ``server { }`` block serving the site as copied to ``/var/www/hipback``."""
    parts = urlsplit(public_url)
    root = parts.path or "/"
    policy = site_policy(site)
    i1, i2 = " " * 4, " " * 8
    out = [
        f"# nginx server block for {public_url}, written by `hipback build`; rebuild to change.",
        "# Copy site/ to the root below, then include this file in the http { } block of",
        "# nginx.conf (for example /etc/nginx/conf.d/hipback.conf). Put https in front of it",
        "# (listen 443 ssl; with ssl_certificate lines here, or a proxy that terminates TLS):",
        "# the Strict-Transport-Security header only counts over https.",
        "# The build also writes .br copies; serving them needs the ngx_brotli module, which",
        "# Debian does not ship. With it, add `brotli_static on;` beside gzip_static.",
        "server {",
        f"{i1}listen 80;",
        f"{i1}listen [::]:80;",
        f"{i1}server_name {parts.hostname or '_'};",
        f"{i1}root /var/www/hipback;",
        f"{i1}index index.html;",
        f"{i1}charset utf-8;",
        f"{i1}server_tokens off;",
        f"{i1}gzip_static on;  # the .gz copies the build wrote beside each text file",
        f"{i1}gzip_vary on;",
        f"{i1}error_page 404 {root}404.html;",
        "",
        f"{i1}# Every location repeats the headers: nginx drops the server's add_header lines",
        f"{i1}# in a location that has its own.",
        f"{i1}location {root} {{",
        f"{i2}try_files $uri $uri/ =404;",
        *_nginx_headers(policy, SHORT_CACHE, i2),
        f"{i1}}}",
        "",
        f"{i1}# A content hash in the name: a new version gets a new name.",
        f'{i1}location ~ "{FINGERPRINTED.pattern}" {{',
        *_nginx_headers(policy, LONG_CACHE, i2),
        f"{i1}}}",
        "",
        f"{i1}# Host configuration, not part of the site.",
        f"{i1}location ^~ {root}.hipback/ {{ return 404; }}",
        f"{i1}location = {root}{HEADERS_FILE} {{ return 404; }}",
        "}",
    ]
    return "\n".join(out) + "\n"


def write_host_files(site: Path, *, public_url: str) -> list[Path]:
    """Write ``_headers`` and the nginx block into ``site``; return their paths."""
    files = {HEADERS_FILE: headers_file(site, public_url=public_url),
             NGINX_FILE: nginx_conf(site, public_url=public_url)}
    written = []
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


__all__ = ["HEADERS_FILE", "NGINX_FILE", "fingerprinted", "headers_file", "nginx_conf",
           "security_headers", "site_policy", "write_host_files"]
