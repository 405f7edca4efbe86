"""A small static file server that behaves like a production static host, for audits.

``python -m http.server`` sends every file uncompressed and with no caching headers, so a
Lighthouse run against it measures a host nobody would use. This one does what nginx
(``gzip_static on; brotli_static on;``) or a CDN does with a folder of files:

- a request whose ``Accept-Encoding`` allows it gets ``X.br`` or ``X.gz`` when the build wrote
  one next to ``X`` (``Content-Encoding`` set, ``Vary: Accept-Encoding``);
- other text files are gzipped on the fly (hosts compress text; the stock Material site has no
  precompressed copies, and should not be measured as if it were served raw);
- file names with a content hash (``site.1a2b3c4d5e.css``, ``bundle.a5f9d56c.min.js``) are
  cacheable for a year, everything else must be revalidated;
- ``/dir/`` serves ``/dir/index.html``; a missing file gets the site's ``404.html``.

It listens on 127.0.0.1 only. ``serve(root)`` runs it in a thread (a context manager);
``python -m bench.static_server DIR [PORT]`` runs it in the foreground.
"""

from __future__ import annotations

import contextlib
import gzip
import mimetypes
import posixpath
import re
import sys
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
              "image/svg+xml", "application/manifest+json")
_HASHED = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(css|js)$")
_TYPES = {".js": "application/javascript", ".mjs": "application/javascript",
          ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2",
          ".xml": "application/xml", ".webmanifest": "application/manifest+json"}


def content_type(path: Path) -> str:
    kind = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or (
        "application/octet-stream")
    if kind.startswith(TEXT_TYPES):
        kind += "; charset=utf-8"
    return kind


def _accepts(header: str, coding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows ``coding`` (``q=0`` refuses it)."""
    for part in header.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        if name.lower() not in (coding, "*"):
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        return quality > 0
    return False


class StaticHandler(BaseHTTPRequestHandler):
    root: Path = Path(".")
    server_version = "hipback-static"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _resolve(self) -> tuple[Path | None, HTTPStatus]:
        path = unquote(urlsplit(self.path).path)
        clean = posixpath.normpath(path)
        if ".." in clean.split("/"):
            return None, HTTPStatus.FORBIDDEN
        target = (self.root / clean.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return None, HTTPStatus.FORBIDDEN
        if target.is_dir():
            if not path.endswith("/"):
                return target, HTTPStatus.MOVED_PERMANENTLY
            target = target / "index.html"
        if target.is_file():
            return target, HTTPStatus.OK
        missing = self.root / "404.html"
        return (missing if missing.is_file() else None), HTTPStatus.NOT_FOUND

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, *, body: bool) -> None:
        target, status = self._resolve()
        if status == HTTPStatus.MOVED_PERMANENTLY:
            self.send_response(status)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target is None:
            self.send_error(status)
            return
        data = target.read_bytes()
        kind = content_type(target)
        accept = self.headers.get("Accept-Encoding", "")
        encoding = None
        for coding, suffix in (("br", ".br"), ("gzip", ".gz")):
            packed = target.with_name(target.name + suffix)
            if _accepts(accept, coding) and packed.is_file():
                data, encoding = packed.read_bytes(), coding
                break
        if encoding is None and kind.startswith(TEXT_TYPES) and _accepts(accept, "gzip"):
            data, encoding = gzip.compress(data, compresslevel=6, mtime=0), "gzip"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if kind.startswith(TEXT_TYPES):
            self.send_header("Vary", "Accept-Encoding")
        if _HASHED.search(target.name):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if body:
            self.wfile.write(data)


def make_server(root: Path, port: int = 0) -> ThreadingHTTPServer:
    handler = type("Handler", (StaticHandler,), {"root": root.resolve()})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


@contextlib.contextmanager
def serve(root: Path, port: int = 0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yield the base URL."""
    server = make_server(root, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m bench.static_server DIR [PORT]", file=sys.stderr)
        return 2
    server = make_server(Path(args[0]), int(args[1]) if len(args) > 1 else 8000)
    print(f"serving {args[0]} on http://127.0.0.1:{server.server_address[1]}/")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
