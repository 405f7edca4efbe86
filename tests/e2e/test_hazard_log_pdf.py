"""handouts/hazard-log.pdf, for real but cheap: the bundled content's hazard log laid out by
WeasyPrint on one worker (no flowchart diagram, no other handout), as the build makes it."""

from __future__ import annotations

import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from hb_testlib import BUNDLED
from pypdf import PdfReader

from generator.checks import load_and_check
from generator.emit.hazard_log import hazard_rows
from generator.emit.pdf.html import build_html
from generator.publish.pdfwork import RenderJob, environment_fingerprint, render_job
from generator.resolve import resolve


def test_hazard_log_pdf_builds() -> None:
    content, report = load_and_check(BUNDLED)
    assert content is not None, report.errors
    r = resolve(content)
    flowchart: Any = None  # the hazard log draws no flowchart
    html = build_html(r, flowchart, only="hazard-log")["hazard-log"]
    paper = content.site.paper_size
    job = RenderJob(name="hazard-log", html=html, paper=paper,
                    fingerprint=environment_fingerprint(paper))
    # WeasyPrint stays out of the test process (it changes how ElementTree writes namespaces)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = pool.submit(render_job, job).result()
    assert done.pdf.startswith(b"%PDF-") and done.pages >= 1
    pdf = PdfReader(io.BytesIO(done.pdf))
    width, height = (round(float(x)) for x in pdf.pages[0].mediabox.upper_right)
    assert width > height  # the wide table is set on landscape pages
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for row in hazard_rows(r):
        assert row.id in text
    for sl in r.sign_lists:
        assert sl.heading in text
    assert content.strings["hazard_log"]["title"] in text
