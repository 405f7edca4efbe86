"""Issue 24: one handout may not lay out for ever. A handout far longer than the content limits
allow is stopped after its time limit, in the worker, with a message naming the handout."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

import pytest
from hb_testlib import FIXTURE

import generator.publish.handouts as pdfpub
from generator.emit.flowchart import FlowchartBuild
from generator.emit.pdf.html import HandoutError, build_html
from generator.model.content import load_content
from generator.publish import pdfwork
from generator.resolve import resolve


def test_the_limit_stops_work_in_progress() -> None:
    start = time.perf_counter()
    with pytest.raises(HandoutError, match=r"took longer than 0\.2 s to lay out"), \
            pdfwork.time_limit(0.2):
        while time.perf_counter() - start < 10:
            pass
    assert time.perf_counter() - start < 2


def test_the_timer_is_gone_afterwards() -> None:
    with pdfwork.time_limit(0.2):
        pass
    time.sleep(0.4)  # an alarm left behind would raise here


def test_no_limit_when_none() -> None:
    with pdfwork.time_limit(None):
        time.sleep(0.05)


def _padded_html() -> str:
    """The sciatica handout with hundreds of extra paragraphs (far beyond the content limits,
    which validation would refuse): its layout takes many seconds."""
    content, report = load_content(FIXTURE)
    assert content is not None, [d.format() for d in report.errors]
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'
    chart = FlowchartBuild(svg=svg, json="{}", markdown="", raw_svg=svg)
    html = build_html(resolve(content, readings=()), chart, only="sciatica")["sciatica"]
    filler = "<p>" + "Pain can get worse when you sit for a long time. " * 40 + "</p>"
    return html.replace("</body>", filler * 400 + "</body>", 1)


def test_a_handout_that_lays_out_too_long_is_stopped_in_its_worker() -> None:
    """A real WeasyPrint layout in a real worker process (as the local pool runs it), with the
    limit lowered to 1 s; the message comes back through the pool and the worker survives."""
    html = _padded_html()
    paper = "A4"
    job = pdfwork.RenderJob(name="sciatica", html=html, paper=paper,
                            fingerprint=pdfwork.environment_fingerprint(paper), time_limit=1.0)
    start = time.perf_counter()
    with ProcessPoolExecutor(1, mp_context=pdfpub.worker_context()) as pool:
        with pytest.raises(HandoutError, match=r"took longer than 1 s to lay out"):
            pool.submit(pdfwork.render_job, job).result()
        assert time.perf_counter() - start < 30
        assert pool.submit(sum, [1, 2]).result() == 3  # the same worker takes the next job
