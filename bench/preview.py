"""The preview's latency: time from saving a condition file to the served page showing the edit.

Starts ``hipback serve`` (a real process, on a free port on 127.0.0.1) on a size's content,
waits for its first build, then edits one condition's summary and polls the served page every
20 ms until its HTML holds the new sentence; the clock runs from just before the file is
written. That is what a reader of the preview waits for, minus the browser's own reload. Then
it renames the condition and times how long until a page next to it in the navigation shows
the new name (the follow-up pass), and puts the file back.

``python -m bench.preview CONTENT_DIR [--cache DIR] [--edits 3]`` measures any content folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from . import ROOT

TARGET_S = 2.0
"""Issue 16: the browser shows a saved edit within 2 s at N=1,000."""

POLL_S = 0.02


class PreviewError(Exception):
    """The preview did not start or never showed the edit: the message holds its output."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return ""


class Serve:
    """``hipback serve`` in a child process, stopped with Ctrl+C (SIGINT) as a user would."""

    def __init__(self, content: Path, work: Path, cache: Path, *,
                 tmpdir: Path | None = None) -> None:
        work.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = work / "serve.log"
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        if tmpdir is not None:  # where it makes its temporary site folder
            env["TMPDIR"] = str(tmpdir)
        self._out = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content),
             "--docs", str(work / "docs"), "--cache", str(cache),
             "--config", str(ROOT / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=work, env=env, stdout=self._out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, path: str, test: Any, timeout: float) -> float:
        """Seconds until ``test(html of path)`` holds; :class:`PreviewError` after ``timeout``."""
        start = time.perf_counter()
        while True:
            if test(fetch(self.url + path)):
                return time.perf_counter() - start
            if self.proc.poll() is not None:
                raise PreviewError(f"hipback serve stopped:\n{self.output()[-3000:]}")
            if time.perf_counter() - start > timeout:
                raise PreviewError(f"{path} did not update within {timeout:.0f} s:\n"
                                   f"{self.output()[-3000:]}")
            time.sleep(POLL_S)

    def log_size(self) -> int:
        return len(self.output())

    def wait_follow_up(self, since: int, timeout: float) -> None:
        """Wait for the report of an edit pass after log offset ``since``, then for the report
        of its follow-up (the line starting "  then:")."""
        start = time.perf_counter()
        while True:
            tail = self.output()[since:]
            edit = tail.find("rebuilt in")
            if edit >= 0 and "\n  then:" in tail[edit:] and tail.endswith("\n"):
                return
            if self.proc.poll() is not None or time.perf_counter() - start > timeout:
                raise PreviewError(f"no follow-up pass within {timeout:.0f} s:\n{tail[-3000:]}")
            time.sleep(0.05)

    def stop(self, how: signal.Signals = signal.SIGINT) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(how)
            try:
                self.proc.wait(180)  # it removes its site folder: 1,000 pages take a while
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()


def peak_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _condition_files(content: Path) -> list[Path]:
    return sorted((content / "conditions").glob("*.yml"))


def add_sentence(text: str, sentence: str) -> str:
    """The condition file with ``sentence`` at the end of its summary (written as YAML)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")):
        end += 1
    value = lines[start].partition(":")[2].strip()
    if value[:1] in ("|", ">"):
        return "".join(lines[:end]) + f"  {sentence}\n" + "".join(lines[end:])
    if value[:1] in ("'", '"'):
        raise ValueError("a quoted summary: write it as a plain or folded scalar")
    return "".join(lines[:end]).rstrip("\n") + f"\n  {sentence}\n" + "".join(lines[end:])


def rename(text: str, name: str) -> str:
    return re.sub(r"^name: .*$", f"name: {name}", text, count=1, flags=re.MULTILINE)


def measure(content: Path, work: Path, cache: Path, *, edits: int = 3,
            start_timeout: float = 1200.0, edit_timeout: float = 600.0,
            pick: int | None = None) -> dict[str, Any]:
    """Start a preview of ``content`` and time ``edits`` summary edits and one rename.

    ``pick`` chooses the condition (an index into the sorted condition files; default the
    middle one). Every file is restored afterwards.
    """
    files = _condition_files(content)
    path = files[len(files) // 2 if pick is None else pick]
    slug = path.stem
    page = f"conditions/{slug}/"
    original = path.read_text(encoding="utf-8")
    serve = Serve(content, work, cache)
    out: dict[str, Any] = {"conditions": len(files), "slug": slug, "target_s": TARGET_S}
    try:
        out["first_build_s"] = serve.wait_for(page, lambda html: "</html>" in html,
                                              start_timeout)
        time.sleep(1.0)
        times: list[float] = []
        text = original
        for i in range(edits):
            marker = f"Preview check {i + 1} {os.getpid()} reads well"
            text = add_sentence(text, marker + ".")
            mark = serve.log_size()
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            serve.wait_for(page, lambda html, m=marker: m in html, edit_timeout)
            times.append(time.perf_counter() - start)
            serve.wait_follow_up(mark, edit_timeout)  # the next edit starts from a quiet serve
        out["edit_s"] = times
        out["median_s"] = statistics.median(times)
        out.update(_rename(serve, path, text, work / "docs", edit_timeout))
        out["log_tail"] = serve.output().splitlines()[-8:]
        out["peak_mb"] = peak_mb(serve.proc.pid)
    finally:
        path.write_text(original, encoding="utf-8")
        serve.stop()
    try:
        out["load_after"] = round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover - not on Linux
        pass
    return out


def _siblings(nav: Any, page: str) -> list[str]:
    """The other pages of the nav section that lists ``page``."""
    if isinstance(nav, dict):
        nav = list(nav.values())
    if isinstance(nav, list):
        leaves = [next(iter(x.values())) if isinstance(x, dict) else x for x in nav]
        if page in leaves:
            return [x for x in leaves if isinstance(x, str) and x != page]
        for item in nav:
            found = _siblings(item, page)
            if found:
                return found
    return []


def _rename(serve: Serve, path: Path, text: str, docs: Path, timeout: float) -> dict[str, Any]:
    """Rename the condition (a word added at the end, as when a typo is fixed: its place in
    the nav stays); time its own page, and the follow-up that brings the new name into the
    navigation of the pages around it."""
    import yaml

    match = re.search(r"^name: (.*)$", text, flags=re.MULTILINE)
    name = (match.group(1).strip().strip("\"'") if match else path.stem) + " revised"
    mark = serve.log_size()
    start = time.perf_counter()
    path.write_text(rename(text, name), encoding="utf-8")
    own = serve.wait_for(f"conditions/{path.stem}/", lambda html: name in html, timeout)
    serve.wait_follow_up(mark, timeout)
    follow = time.perf_counter() - start
    config = yaml.safe_load((docs.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    siblings = _siblings(config.get("nav") or [], f"conditions/{path.stem}.md")
    out: dict[str, Any] = {"rename_own_page_s": own, "rename_follow_up_s": follow}
    if siblings:
        other = siblings[0].removesuffix(".md") + "/"
        out["neighbour"] = other
        out["neighbour_shows_name"] = name in fetch(serve.url + other)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__)
    p.add_argument("content", type=Path)
    p.add_argument("--cache", type=Path, default=None, help="diagram cache (default: a new one)")
    p.add_argument("--edits", type=int, default=3)
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="hipback-preview-"))
    try:
        result = measure(args.content.resolve(), work, (args.cache or work / "cache").resolve(),
                         edits=args.edits)
    except PreviewError as exc:
        print(f"bench.preview: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=1))
    verdict = "PASS" if result["median_s"] <= TARGET_S else "FAIL"
    print(f"{verdict}  edit → served HTML: median {result['median_s']:.2f} s "
          f"(target ≤ {TARGET_S:g} s) at N={result['conditions']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
