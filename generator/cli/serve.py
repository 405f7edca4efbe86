"""``hipback serve``: a live preview that rebuilds only what an edit changed.

MkDocs' live-reload server serves the preview and reloads the browser after each build; what is
built, and when, is :class:`generator.publish.preview.Preview`'s business: the server watches the
content folder (not the generated docs) and calls it after every change. An edit of condition
files shows its pages first; the follow-up pass (the pages that list them, and pages whose
navigation changed) is requested right after the browser had time to reload. Content with
errors prints them and keeps the last good site on screen; nothing here ever raises into the
server (no traceback in the middle of a preview).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..load.leftovers import has_leftover_part
from ..publish.guard import GuardError, build_lock
from ..publish.livesite import LiveSite
from ..publish.mkdocs import BuildError
from ..publish.pipeline import Paths, config_of
from ..publish.preview import Outcome, Preview

POLL_SECONDS = 0.25
"""How often the server looks for changed content files."""

FOLLOW_UP_DELAY = 0.5
"""Seconds between showing an edit and starting its follow-up pass: the browser reloads the
edited page first (pages are not served while a build runs)."""


def serve(paths: Paths, *, dev_addr: str, origin: str = "--dev-addr") -> int:
    """Preview until Ctrl+C; one preview or build at a time per working folder. ``origin``
    names where ``dev_addr`` came from (the option or the environment), for the message."""
    try:
        with build_lock(paths.docs.parent):
            return _serve(paths, dev_addr=dev_addr, origin=origin)
    except GuardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _address(dev_addr: str) -> tuple[str, int] | None:
    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host, int(port)


STOPS = (signal.SIGINT, signal.SIGTERM)


def _stop_on_term(*_args: object) -> None:
    """Stop like Ctrl+C, once: further stops are ignored while the preview cleans up. A second
    one (Ctrl+C pressed twice; ``make serve``, whose ``make`` passes a kill on to its child)
    would cut the server's shutdown short and leave its threads running: no exit, ever."""
    for stop in STOPS:
        signal.signal(stop, signal.SIG_IGN)
    raise KeyboardInterrupt


def _serve(paths: Paths, *, dev_addr: str, origin: str) -> int:
    from mkdocs.livereload import LiveReloadServer

    address = _address(dev_addr)
    if address is None:
        print(f"error: {origin} must be IP:PORT, for example 127.0.0.1:8000 (not {dev_addr}).",
              file=sys.stderr)
        return 2
    busy = _port_problem(*address)
    if busy:  # say so now, not after the first build
        print(f"error: cannot serve on {dev_addr}: {busy}.", file=sys.stderr)
        return 1
    # `kill` (SIGTERM) stops the preview like Ctrl+C: its temporary site folder is removed
    main = threading.current_thread() is threading.main_thread()  # (signals: main thread only)
    previous = {stop: signal.signal(stop, _stop_on_term) for stop in STOPS} if main else {}
    work = Path(tempfile.mkdtemp(prefix="hipback-serve-"))
    site_dir = work / "site"
    preview: Preview | None = None
    try:
        site = LiveSite(site_dir, work / "mkdocs.yml", host=address[0], port=address[1])
        preview = Preview(paths, site)
        if not _first_build(preview, site, paths):
            return 1
        server = LiveReloadServer(builder=lambda: None, host=address[0], port=address[1],
                                  root=str(site_dir), mount_path=site.mount_path,
                                  polling_interval=POLL_SECONDS)
        server.builder = lambda: _update(preview, server)
        server.error_handler = lambda code: _error_page(site_dir, code)
        watch_content(server, paths.content)
        print(f"serving on {site.url} — edit files under {paths.content}/ and the page "
              "reloads; Ctrl+C stops.", file=sys.stderr)
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            print("stopped.", file=sys.stderr)
        except OSError as exc:
            print(f"error: cannot serve on {dev_addr}: {exc.strerror or exc}.", file=sys.stderr)
            return 1
        finally:
            server.shutdown()
        return 0
    finally:
        if preview is not None:
            preview.close()
        shutil.rmtree(work, ignore_errors=True)
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def _port_problem(host: str, port: int) -> str | None:
    """Why the address cannot be served on (in use, not this machine's), or ``None``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _first_build(preview: Preview, site: LiveSite, paths: Paths) -> bool:
    try:
        outcome = preview.update()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False
    if outcome.kind != "errors":
        report(outcome, sys.stderr)
        return True
    for d in outcome.problems:
        print(d.format(), file=sys.stderr)
    if not paths.generated_config.is_file():
        print("content has errors; fix them, then start hipback serve again.", file=sys.stderr)
        return False
    print("content has errors; showing the pages of the last good build until they are fixed.",
          file=sys.stderr)
    try:
        site.build(config_of(paths), dirty=False)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False
    return True


def _update(preview: Preview, server: Any) -> None:
    """The server's builder: one pass of the preview, its report, and the follow-up's timer."""
    try:
        outcome = preview.update()
    except Exception as exc:  # noqa: BLE001 - a preview must survive any edit
        print(f"could not update the preview: {type(exc).__name__}: {exc}", file=sys.stderr)
        return
    report(outcome, sys.stderr)
    if outcome.follow_up:
        timer = threading.Timer(FOLLOW_UP_DELAY, request_build, args=(server,))
        timer.daemon = True
        timer.start()


def is_content_change(root: Path, event: Any) -> bool:
    """Whether a file event under ``root`` touches content: not a folder, and not only an
    editor's leftovers (saving in Emacs or Vim writes ``#x#``, ``4913``, ``.x.swp`` …; a save
    that renames a leftover onto the real file is a change of that file)."""
    if event.is_directory:
        return False
    touched = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
    return any(not has_leftover_part(os.path.relpath(os.fsdecode(p), root).replace(os.sep, "/"))
               for p in touched)


def watch_content(server: Any, content: Path) -> None:
    """Like ``server.watch(content)``, but an editor's leftovers do not rebuild the preview and
    reload the browser (the one list of them: :mod:`generator.load.leftovers`)."""
    import watchdog.events

    root = Path(os.path.abspath(content))

    def callback(event: Any) -> None:
        if is_content_change(root, event):
            request_build(server)

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = callback  # type: ignore[method-assign]
    # what MkDocs 1.6's watch() records besides its handler: the server starts its observer,
    # and adds the reload script to pages, only when some path is watched
    server._watched_paths[str(root)] = 1
    server._watch_refs[str(root)] = server.observer.schedule(handler, str(root), recursive=True)


def request_build(server: Any) -> None:
    """Ask the server for another build, as its file watcher does after a change (MkDocs
    1.6 has no public call for it)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _pages(n: int) -> str:
    return f"{n:,} page" + ("" if n == 1 else "s")


def report(outcome: Outcome, out: Any) -> None:
    """What a pass did, in a line or two (and the content's problems)."""
    changed = set(outcome.changed)
    for d in outcome.problems:
        if d.severity == "error" or outcome.kind == "first" or any(
                d.path.endswith("/" + c) or d.path == c for c in changed):
            print(d.format(), file=out)
    secs = f"{outcome.seconds:.2f} s"
    what = ", ".join(outcome.changed[:3]) + (" …" if len(outcome.changed) > 3 else "")
    if outcome.kind == "errors":
        print(f"{what or 'content'}: content has errors; still showing the last good version "
              "(fix them and save again).", file=out)
    elif outcome.kind == "first":
        print(f"built {_pages(outcome.rebuilt)} in {secs}.", file=out)
    elif outcome.kind == "edit":
        print(f"{what}: {_pages(outcome.rebuilt)} rebuilt in {secs}; the pages that list it "
              "follow.", file=out)
    elif outcome.kind in ("follow-up", "update"):
        head = f"{what}: " if outcome.kind == "update" else "  then: "
        files = f"{len(outcome.written)} generated file(s) changed"
        if outcome.full:
            built = f"the whole site rebuilt ({_pages(outcome.rebuilt)})"
        else:
            nav = (f", {outcome.nav_pages} of them because their navigation changed"
                   if outcome.nav_pages else "")
            built = f"{_pages(outcome.rebuilt)} rebuilt{nav}"
        print(f"{head}{files}, {built} in {secs}.", file=out)
