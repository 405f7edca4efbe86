"""The stages that draw, run by ``bench.worker`` in a fresh process: the flowchart diagram
(Mermaid, through its render cache) and the handouts (the whole handout job, and WeasyPrint's
own cost alone). Each returns its timed part and its facts, as the worker's other stages do."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .stagekit import load_checked, timed

ERROR_PICTURE = "Maximum text size in diagram exceeded"
"""What mermaid draws instead of a diagram whose source is longer than its ``maxTextSize``."""


def stage_flowchart(spec: dict[str, Any]) -> dict[str, Any]:
    """The flowchart page with the SVG cache as it is (cold the first time for a size).

    Before mermaidx runs, the cache path it is about to fill is written to ``spec["info"]``, so
    the parent knows which entry a killed (timed-out) render would have made.
    """
    import generator.emit.flowchart.svg as fsvg
    from generator.emit.flowchart import build_flowchart
    from generator.resolve import resolve

    content = load_checked(spec)
    if spec.get("reduce_to") is not None:
        content = _reduced(content, int(spec["reduce_to"]))
    real_key = fsvg.cache_key
    info = Path(spec["info"]) if spec.get("info") else None
    keys: list[str] = []

    def key_of(source: str, config: dict[str, Any]) -> str:
        key: str = real_key(source, config)
        keys.append(key)
        if info is not None:
            info.write_text(json.dumps({"key": key, "source_chars": len(source)}))
        return key

    fsvg.cache_key = key_of
    resolved = resolve(content)
    renders = fsvg.RENDER_COUNT
    try:
        with timed() as clock:
            page = build_flowchart(resolved, cache_dir=Path(spec["cache"])).markdown
    finally:
        fsvg.cache_key = real_key
    raw_path = Path(spec["cache"]) / f"flowchart-{keys[-1]}.svg"
    raw = raw_path.read_text(encoding="utf-8")
    return {"wall": clock.wall, "cpu": clock.cpu, "renders": fsvg.RENDER_COUNT - renders,
            "page_bytes": len(page.encode()), "svg_bytes": len(raw.encode()),
            "error_picture": ERROR_PICTURE in _svg_words(raw), "raw": str(raw_path)}


def _svg_words(svg: str) -> str:
    return " ".join(" ".join(re.findall(r"<tspan[^>]*>([^<]*)", svg)).split())


def _reduced(content: Any, keep: int) -> Any:
    """The same content with each outcome naming at most ``keep`` conditions (a stand-in)."""
    import dataclasses

    flowchart = content.flowchart
    outcomes = [o.model_copy(update={"conditions": list(o.conditions[:keep])})
                for o in flowchart.outcomes]
    return dataclasses.replace(content,
                               flowchart=flowchart.model_copy(update={"outcomes": outcomes}))


def stage_handouts(spec: dict[str, Any]) -> dict[str, Any]:
    """``render_handouts`` with the cache as it is, on ``workers`` processes."""
    import generator.emit.flowchart.svg as fsvg
    from generator.emit.flowchart import build_flowchart
    from generator.publish.handouts import render_handouts
    from generator.resolve import resolve

    content = load_checked(spec)
    with timed() as clock:
        resolved = resolve(content)
        chart = build_flowchart(resolved, cache_dir=Path(spec["cache"]))
        result = render_handouts(resolved, chart, cache_dir=Path(spec["cache"]),
                                 only=spec.get("only"), workers=spec.get("workers"))
    return {"wall": clock.wall, "cpu": clock.cpu, "rendered": sorted(result.rendered),
            # the workers start from a forkserver, not as this process's children: each job
            # reports its worker's peak instead
            "workers_peak_mb": max(result.worker_peak_mb.values(), default=0.0),
            "flowchart_renders": fsvg.RENDER_COUNT,
            "cached": len(result.cached), "seconds": result.seconds, "pages": result.pages,
            "compact": list(result.compact),
            "paths": {k: str(v) for k, v in result.items()}}


def stage_weasyprint(spec: dict[str, Any]) -> dict[str, Any]:
    """WeasyPrint's own cost: the finished handout HTML straight to PDF, nothing else.

    The first handout warms the process up (fonts, imports) and is left out, as it is in the
    long-running worker processes of a real build.
    """
    from weasyprint import HTML

    from generator.emit.flowchart import build_flowchart
    from generator.emit.pdf.fonts import TEMPLATES
    from generator.emit.pdf.html import build_html
    from generator.resolve import resolve

    content = load_checked(spec)
    names = spec["names"]
    resolved = resolve(content)
    chart = build_flowchart(resolved, cache_dir=Path(spec["cache"]))
    htmls = {n: build_html(resolved, chart, only=n)[n] for n in names}
    base = TEMPLATES.as_uri() + "/"
    out = Path(spec["out"])
    out.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}
    pages: dict[str, int] = {}
    for i, name in enumerate(names):
        with timed() as clock:
            doc = HTML(string=htmls[name], base_url=base).render()
            doc.write_pdf(out / f"{name}.pdf", pdf_variant="pdf/ua-1")
        if i:
            times[name] = clock.wall
            pages[name] = len(doc.pages)
    return {"wall": sum(times.values()), "cpu": 0.0, "seconds": times, "pages": pages}
