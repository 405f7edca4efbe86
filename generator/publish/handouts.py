"""Render handout HTML to PDF with WeasyPrint: cached by content hash, in parallel processes.

Why it is built this way:

* The HTML is made in the parent process (:mod:`generator.emit.pdf`, milliseconds) and only the
  WeasyPrint step (about 0.35 s a page pair) goes to worker processes, so workers need nothing
  but a string.
* The cache key is the SHA-256 of the finished HTML (the CSS is inlined, so it is part of it), the
  font files, the WeasyPrint version, the PDF variant and the paper size: an unchanged handout is
  never rendered twice, and anything that can change the bytes changes the key.
* Output is byte-identical for the same content: the PDF dates come from the review dates in the
  content (never the clock), and the PDF/UA-1 variant adds no random ids (PDF/X-4 and later would).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import re
import sys
import time
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..emit.flowchart import FlowchartBuild
from ..emit.pdf.html import (
    FONT_DIR,
    FONT_FACES,
    MAX_CONDITION_PAGES,
    TEMPLATES,
    HandoutError,
    build_html,
)
from ..resolve import Resolved

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (``pdfinfo`` says ``Tagged: yes``); adds no dates or random ids of its own."""

RENDER_VERSION = "2"
"""Bump when the WeasyPrint call changes in a way the HTML does not show (invalidates the cache)."""

_CACHE_NAME = re.compile(r"^(?P<name>.+)-(?P<key>[0-9a-f]{20})\.pdf$")

_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# Cache


def _weasyprint_version() -> str:
    # from the package metadata: importing WeasyPrint here would change ElementTree's global
    # namespace prefixes for the rest of the build (see _run)
    return importlib.metadata.version("weasyprint")


def environment_fingerprint(paper_size: str) -> str:
    """Everything besides the HTML that can change a PDF's bytes, as one hex digest."""
    h = hashlib.sha256()
    h.update(f"weasyprint={_weasyprint_version()}\0variant={PDF_VARIANT}\0".encode())
    h.update(f"render={RENDER_VERSION}\0paper={paper_size}\0".encode())
    for _weight, _style, filename in FONT_FACES:
        path = FONT_DIR / filename
        data = path.read_bytes() if path.is_file() else b""
        h.update(filename.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def cache_key(html: str, fingerprint: str) -> str:
    """The cache key of one handout: its HTML (CSS inlined) plus the environment fingerprint."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + html.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Rendering


class Handouts(dict[str, Path]):
    """Handout name → finished PDF in the cache, plus what happened (for tests and summaries).

    ``rendered`` lists the handouts WeasyPrint made in this call, ``cached`` those reused from
    the cache, ``seconds`` and ``pages`` the render time and page count of each rendered one,
    and ``compact`` the condition handouts that needed the compact layout to fit.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rendered: list[str] = []
        self.cached: list[str] = []
        self.seconds: dict[str, float] = {}
        self.pages: dict[str, int] = {}
        self.compact: list[str] = []


@dataclass(frozen=True)
class _Job:
    name: str
    html: str
    base_url: str
    out: str
    max_pages: int | None = None  # try ``compact`` when the first layout is longer than this
    compact: str | None = None


@dataclass(frozen=True)
class _Done:
    name: str
    seconds: float
    pages: int
    compact: bool


def _compact(html: str) -> str:
    """The same handout in its compact style (see ``.compact`` in handout.css.j2)."""
    return html.replace('<body class="doc-condition">', '<body class="doc-condition compact">', 1)


def _quiet_weasyprint() -> None:
    # Mermaid SVGs make WeasyPrint warn about many harmless, ignored stroke properties.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def _render_job(job: _Job) -> _Done:
    """Worker: turn one HTML string into a PDF file (written atomically).

    A handout with a page limit that comes out too long is laid out once more with its compact
    style (tighter spacing, same type size) before it is written.
    """
    from weasyprint import HTML

    _quiet_weasyprint()
    start = time.perf_counter()
    document = HTML(string=job.html, base_url=job.base_url).render()
    compact = False
    if job.max_pages and job.compact and len(document.pages) > job.max_pages:
        document = HTML(string=job.compact, base_url=job.base_url).render()
        compact = True
    out = Path(job.out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return _Done(name=job.name, seconds=time.perf_counter() - start,
                 pages=len(document.pages), compact=compact)


class _Progress:
    """A one-line progress bar on stderr (``\\r`` updates), shown only when asked for."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled and total > 0
        self.width = 24
        if self.enabled:
            self._draw("")

    def _draw(self, name: str) -> None:
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"\rhandouts [{bar}] {self.done}/{self.total} {name}"
        sys.stderr.write(line[:79].ljust(79))
        sys.stderr.flush()

    def step(self, name: str) -> None:
        self.done += 1
        if self.enabled:
            self._draw(name)

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _run(jobs: list[_Job], workers: int, progress: _Progress, result: Handouts) -> None:
    """Render ``jobs`` in worker processes, never in this one.

    WeasyPrint registers XML namespace prefixes globally when it is imported (among them ""),
    which changes how other modules serialise ElementTree output in the same process (the
    flowchart SVG came out as ``<ns0:svg>``). Keeping WeasyPrint out of the parent keeps the
    rest of the build unaffected, even for a single handout.
    """
    if not jobs:
        return
    # Longest first (the booklet), so the pool is not left waiting for it at the end.
    jobs = sorted(jobs, key=lambda j: (-len(j.html), j.name))
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        pending: dict[Future[_Done], _Job] = {
            pool.submit(_render_job, job): job for job in jobs
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: pending[f].name):
                job = pending.pop(fut)
                try:
                    done_job = fut.result()
                except Exception as exc:
                    for other in pending:
                        other.cancel()
                    raise HandoutError(
                        f"could not render the handout {job.name}: {exc}"
                    ) from exc
                result.rendered.append(done_job.name)
                result.seconds[done_job.name] = done_job.seconds
                result.pages[done_job.name] = done_job.pages
                if done_job.compact:
                    result.compact.append(done_job.name)
                progress.step(done_job.name)


def _prune(folder: Path, keep: Mapping[str, Path]) -> None:
    """Remove older cached versions of the handouts just produced (other names are left alone)."""
    kept = {p.name for p in keep.values()}
    for path in folder.iterdir():
        m = _CACHE_NAME.match(path.name)
        if m and m.group("name") in keep and path.name not in kept:
            path.unlink(missing_ok=True)


def render_handouts(
    r: Resolved,
    flowchart: FlowchartBuild,
    *,
    cache_dir: Path,
    only: str | None = None,
    progress: bool = False,
    workers: int | None = None,
) -> Handouts:
    """Render every handout (or only ``only``); return name → finished PDF inside the cache.

    A handout whose cache key is already in ``cache_dir/handouts`` is not rendered again. The
    rest are rendered in parallel on ``workers`` processes (default: one per CPU), with a
    progress bar on stderr when ``progress`` is true.
    """
    content = r.content
    htmls = build_html(r, flowchart, only=only)
    folder = cache_dir / "handouts"
    folder.mkdir(parents=True, exist_ok=True)
    fingerprint = environment_fingerprint(content.site.paper_size)
    base_url = TEMPLATES.as_uri() + "/"
    result = Handouts()
    jobs: list[_Job] = []
    for name, html in htmls.items():
        path = folder / f"{name}-{cache_key(html, fingerprint)[:20]}.pdf"
        result[name] = path
        if path.is_file():
            result.cached.append(name)
        elif name in content.conditions:
            jobs.append(_Job(name=name, html=html, base_url=base_url, out=str(path),
                             max_pages=MAX_CONDITION_PAGES, compact=_compact(html)))
        else:
            jobs.append(_Job(name=name, html=html, base_url=base_url, out=str(path)))
    bar = _Progress(len(jobs), progress)
    try:
        _run(jobs, workers or os.cpu_count() or 1, bar, result)
    finally:
        bar.close()
    _prune(folder, result)
    result.rendered.sort()
    result.cached.sort()
    result.compact.sort()
    for name in result.rendered:
        if name in content.conditions and result.pages[name] > MAX_CONDITION_PAGES:
            sys.stderr.write(
                f"warning: the {name} handout has {result.pages[name]} pages (at most "
                f"{MAX_CONDITION_PAGES} fit on one sheet); shorten the lists in "
                f"conditions/{name}.yml.\n"
            )
    return result

