"""What a handout worker does: plain data in, PDF bytes out, on any machine.

A job holds everything it needs as strings (the finished HTML) and no path of the machine that
made it: the worker finds the templates' fonts in its own installed package (the HTML names them
relative to the base URL), and returns the PDF as bytes, which the caller writes into its own
cache. So the same function runs in a local process pool or on a Dask cluster without a shared
file system. (The booklet's joins are in ``pdfjoin``.)

The job carries the caller's environment fingerprint (WeasyPrint version, fonts, paper, …): a
worker whose own fingerprint differs refuses the job instead of producing other bytes under the
same cache key.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import logging
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..emit.pdf.fonts import FACES, FONT_DIR, TEMPLATES
from ..emit.pdf.html import HandoutError
from . import pdftags, pdfunicode
from .pdfresult import Done, done

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (``pdfinfo`` says ``Tagged: yes``); adds no dates or random ids of its own."""

RENDER_TIME_LIMIT = 120.0
"""Seconds one handout may take to lay out and write before it is stopped with a message. The
content limits (CONTENT-FORMAT.md, "Limits") keep the longest condition handout to about 4 s of
CPU time (laid out, laid out compactly, written); the overview takes about 3 s. 120 s leaves room
for a slow or busy machine (9 jobs sharing 2 cores made the same handout 2.5 times slower in
wall time). Without a limit, text beyond those limits was still being laid out after 15
minutes."""

RENDER_VERSION = "5"
"""Bump when the WeasyPrint call changes in a way the HTML does not show (invalidates the cache)."""


def _version(package: str) -> str:
    # from the package metadata: importing WeasyPrint in the parent would change ElementTree's
    # global namespace prefixes for the rest of the build (see handouts._run)
    return importlib.metadata.version(package)


@cache
def environment_fingerprint(paper_size: str) -> str:
    """Everything besides the HTML that can change a PDF's bytes, as one hex digest."""
    h = hashlib.sha256()
    h.update(f"weasyprint={_version('weasyprint')}\0variant={PDF_VARIANT}\0".encode())
    h.update(f"render={RENDER_VERSION}\0paper={paper_size}\0".encode())
    h.update(f"fonttools={_version('fonttools')}\0".encode())  # reads the glyphs' texts
    # the tagging and text repairs run inside WeasyPrint: a change to them changes the PDF
    for repair in (pdftags.__file__, pdfunicode.__file__):
        h.update(hashlib.sha256(Path(str(repair)).read_bytes()).digest())
    for face in FACES:
        path = FONT_DIR / face.file
        data = path.read_bytes() if path.is_file() else b""
        h.update(face.file.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def cache_key(html: str, fingerprint: str) -> str:
    """The cache key of one handout: its HTML (CSS inlined) plus the environment fingerprint."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + html.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RenderJob:
    """One handout laid out by WeasyPrint."""

    name: str
    html: str
    paper: str
    fingerprint: str
    max_pages: int | None = None  # lay out ``compact`` when the first layout is longer
    compact: str | None = None  # the same handout in its compact style (emit.pdf.html)
    tight: str | None = None  # one step tighter still, when the compact one is too long
    time_limit: float | None = RENDER_TIME_LIMIT  # seconds; None: no limit


def _same_environment(expected: str, mine: str) -> None:
    if expected != mine:
        raise HandoutError(
            "this worker's WeasyPrint, fonts or hipback differ from those of the "
            "machine that sent the job (its PDFs would not match the cache); install the same "
            "versions on every worker."
        )


def _quiet_weasyprint() -> None:
    # Mermaid SVGs make WeasyPrint warn about many harmless, ignored stroke properties.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def warm_up() -> None:
    """Load WeasyPrint in a fresh local worker before its first job: a worker that replaces
    another (:mod:`.workerpool`) does this while the other one finishes its last job."""
    import weasyprint  # noqa: F401

    _quiet_weasyprint()


def _layout(html: str) -> Any:
    from weasyprint import HTML

    _quiet_weasyprint()
    pdftags.install()  # word breaks are recorded while lines are laid out
    pdfunicode.install()  # each Arabic glyph's own text in the fonts' ToUnicode maps
    # the fonts are named relative to this: found in this worker's own package
    return HTML(string=html, base_url=TEMPLATES.as_uri() + "/").render()


def _write(document: Any) -> bytes:
    out = io.BytesIO()
    pdftags.start_document()
    document.write_pdf(out, pdf_variant=PDF_VARIANT, finisher=pdftags.finish)
    return out.getvalue()


class _TooSlow(BaseException):
    """Raised by the timer inside WeasyPrint (a BaseException: no ``except Exception`` there
    may swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Stop the work inside after ``seconds`` with a :class:`HandoutError`.

    A timer signal interrupts the layout where it is, so the worker process is free for the
    next job. Signals reach only a process's main thread, which is where a local pool's
    workers run jobs; a Dask worker runs them in threads, where the cluster's own timeouts
    apply instead.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or not usable:
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TooSlow:
        raise HandoutError(
            f"it took longer than {seconds:g} s to lay out (the limit for one handout), so it "
            "was stopped. Its text is far longer than a handout can hold: shorten it (see the "
            "limits in CONTENT-FORMAT.md)."
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def render_job(job: RenderJob) -> Done:
    """Worker: one handout's HTML → PDF bytes, within ``job.time_limit`` seconds.

    A handout with a page limit that comes out too long is laid out once more with its compact
    style (tighter spacing, type a point smaller), and if that is still too long, with its
    tight one (half a point smaller again).
    """
    _same_environment(job.fingerprint, environment_fingerprint(job.paper))
    start = time.perf_counter()
    with time_limit(job.time_limit):
        document = _layout(job.html)
        compact = False
        pages = len(document.pages)
        for fallback in (job.compact, job.tight):
            if not job.max_pages or fallback is None or pages <= job.max_pages:
                break
            document = _layout(fallback)
            pages = len(document.pages)
            compact = True
        pdf = _write(document)
    return done(job.name, pdf, pages, start, compact=compact)
