"""``hipback serve``: preview with live reload; editing content regenerates the pages.

MkDocs' own server watches the generated docs folder and reloads the browser when a page there
changes. A small watcher thread here polls the content folder and regenerates the docs tree when
a file changes (only pages whose bytes changed are written, so MkDocs sees only real changes).
Content with errors keeps the last good pages on screen and prints what is wrong.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
import time
from pathlib import Path

from ..checks import check_folder
from ..publish.build import Paths, generate
from ..publish.guard import GuardError, build_lock
from ..resolve import resolve

POLL_SECONDS = 0.3


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file under ``root`` (cheap: no reading)."""
    out = []
    for path in sorted(root.rglob("*")):
        try:
            st = path.stat()
        except OSError:
            continue
        if path.is_file():
            out.append((path.as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(out)


def regenerate(paths: Paths) -> bool:
    """Check the content and write what changed; False (and a report) when it has errors."""
    checked = check_folder(paths.content, str(paths.content), today=dt.date.today())
    for d in checked.report.sorted():
        print(d.format(), file=sys.stderr)
    if not checked.ok or checked.content is None:
        print("content has errors; showing the last good pages until they are fixed.",
              file=sys.stderr)
        return False
    result = generate(resolve(checked.content, readings=checked.readings), paths)
    if result.written:
        print(f"regenerated {len(result.written)} file(s)", file=sys.stderr)
    return True


def _watch(paths: Paths, stop: threading.Event) -> None:
    last = _fingerprint(paths.content)
    while not stop.wait(POLL_SECONDS):
        now = _fingerprint(paths.content)
        if now != last:
            last = now
            try:
                regenerate(paths)
            except Exception as exc:  # noqa: BLE001 - a preview must survive any edit
                print(f"could not regenerate: {type(exc).__name__}: {exc}", file=sys.stderr)


def serve(paths: Paths, *, dev_addr: str) -> int:
    """Preview until Ctrl+C; one preview or build at a time per working folder."""
    try:
        with build_lock(paths.docs.parent):
            return _serve(paths, dev_addr=dev_addr)
    except GuardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _serve(paths: Paths, *, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    if not regenerate(paths) and not paths.generated_config.is_file():
        return 1
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(paths, stop), daemon=True)
    watcher.start()
    print(f"serving on http://{dev_addr}/ — edit files under {paths.content}/ and the page "
          "reloads; Ctrl+C stops.", file=sys.stderr)
    try:
        mkdocs_serve(config_file=str(paths.generated_config), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()
        time.sleep(0)
    return 0
