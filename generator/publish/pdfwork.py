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

import hashlib
import importlib.metadata
import io
import logging
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..emit.pdf.html import FONT_DIR, FONT_FACES, TEMPLATES, HandoutError
from .pdfresult import Done, done

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (``pdfinfo`` says ``Tagged: yes``); adds no dates or random ids of its own."""

RENDER_VERSION = "3"
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
    for _weight, _style, filename in FONT_FACES:
        path = FONT_DIR / filename
        data = path.read_bytes() if path.is_file() else b""
        h.update(filename.encode() + b"\0" + hashlib.sha256(data).digest())
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
    max_pages: int | None = None  # lay out compactly when the first layout is longer


def compact_html(html: str) -> str:
    """The same handout in its compact style (see ``.compact`` in handout.css.j2)."""
    return html.replace('<body class="doc-condition">', '<body class="doc-condition compact">', 1)


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


def _layout(html: str) -> Any:
    from weasyprint import HTML

    _quiet_weasyprint()
    # the fonts are named relative to this: found in this worker's own package
    return HTML(string=html, base_url=TEMPLATES.as_uri() + "/").render()


def _write(document: Any) -> bytes:
    out = io.BytesIO()
    document.write_pdf(out, pdf_variant=PDF_VARIANT)
    return out.getvalue()


def render_job(job: RenderJob) -> Done:
    """Worker: one handout's HTML → PDF bytes.

    A handout with a page limit that comes out too long is laid out once more with its compact
    style (tighter spacing, same type size).
    """
    _same_environment(job.fingerprint, environment_fingerprint(job.paper))
    start = time.perf_counter()
    document = _layout(job.html)
    compact = False
    pages = len(document.pages)
    if job.max_pages and pages > job.max_pages:
        document = _layout(compact_html(job.html))
        pages = len(document.pages)
        compact = True
    return done(job.name, _write(document), pages, start, compact=compact)
