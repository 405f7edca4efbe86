"""The flowchart diagram renders fast, stops when told, and refuses charts too large to draw.

The speed-up (generator/emit/flowchart/mermaid_speedup.js) replaces slow parts of mermaidx's fake
DOM with versions that compute the same results: the SVG must be byte-identical to an unpatched
render. A render runs in a child process, so a time limit and Ctrl-C stop it at once.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hb_testlib import ROOT

from generator.emit.flowchart import svg as svgmod

SMALL = textwrap.dedent("""\
    flowchart TD
    Q1("Any warning signs?")
    O1["Emergency<br/>Get help now"]
    O2["Routine<br/>Book an appointment"]
    Q1 -->|"Yes"| O1
    Q1 -->|"No"| O2
    """)


STYLED = SMALL + textwrap.dedent("""\
    Q2("Does it hurt<br/>in the groin?")
    O2 --> Q2
    Q2 -->|"Yes, on walking"| O3["Soon<br/>See a doctor this week"]
    classDef fcQuestion fill:#f4f7fb,stroke:#1d4f73,stroke-width:2px,color:#111111
    classDef fcRed fill:#fdecea,stroke:#b3261e,stroke-width:3px,color:#111111
    class Q1,Q2 fcQuestion
    class O1 fcRed
    style O3 font-size:20px,font-weight:bold
    """)
"""Classes and a per-node style change the fonts labels are measured in: the remembered
stylesheet values (part 3 of the speed-up) must follow every attribute and tree change."""


def _big(n: int) -> str:
    lines = ["flowchart TD"]
    for i in range(n):
        lines.append(f'Q{i}("Question number {i} about the pain?")')
        lines.append(f'O{i}["Outcome {i}<br/>Book a routine appointment"]')
        lines.append(f'Q{i} -->|"Yes"| O{i}')
        if i + 1 < n:
            lines.append(f'Q{i} -->|"No"| Q{i + 1}')
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("source", [SMALL, STYLED], ids=["small", "styled"])
def test_speedup_gives_the_same_bytes(source: str) -> None:
    """Unpatched in a fresh process vs patched (render_bounded): the same SVG."""
    config = svgmod.mermaid_config("Atkinson Hyperlegible Next, Arial, sans-serif")
    code = (
        "import json, sys, mermaidx\n"
        "src, cfg = json.load(sys.stdin)\n"
        "sys.stdout.write(mermaidx.render(src, config=cfg).svg())\n"
    )
    import json

    plain = subprocess.run([sys.executable, "-c", code], input=json.dumps([source, config]),
                           capture_output=True, text=True, check=True, timeout=300).stdout
    fast = svgmod.render_bounded(source, config)
    assert fast == plain
    assert "<text" in fast and "foreignObject" not in fast


CSS_PROBE = r"""
(function () {
  __resetDocument();
  const doc = globalThis.__document;
  const NS = "http://www.w3.org/2000/svg";
  const svg = doc.createElementNS(NS, "svg"); svg.setAttribute("id", "my-svg");
  doc.body.appendChild(svg);
  const style = doc.createElementNS(NS, "style");
  style.textContent = "#my-svg .big text{font-size:30px} #my-svg .small{font-size:10px} #my-svg g > text.x{font-weight:bold}";
  svg.appendChild(style);
  const g = doc.createElementNS(NS, "g"); svg.appendChild(g);
  const t = doc.createElementNS(NS, "text"); g.appendChild(t);
  const out = [];
  const probe = () => out.push([__resolveCssProp(t, "font-size"), __resolveCssProp(t, "font-weight")]);
  probe();
  g.setAttribute("class", "big"); probe();
  t.classList.add("small"); probe();
  t.removeAttribute("class"); probe();
  t.setAttribute("class", "x"); probe();
  svg.appendChild(t); probe();          // no longer a child of g
  g.appendChild(t); g.removeAttribute("class"); probe();
  style.textContent = "#my-svg text{font-size:12px}"; probe();
  return JSON.stringify(out);
})()
"""


def _css_values(speedup: bool) -> Any:
    """What the fake DOM's stylesheet lookup answers while classes, parents and the stylesheet
    change under it: plain, or with the speed-up's remembered values."""
    import json

    import mermaidx
    import quickjs

    ctx = quickjs.Context()
    ctx.eval((Path(mermaidx.__file__).parent / "assets" / "dom_shim.js").read_text("utf-8"))
    if speedup:
        ctx.eval(svgmod.SPEEDUP.read_text("utf-8"))
    return json.loads(ctx.eval(CSS_PROBE))


def test_remembered_css_values_follow_every_change() -> None:
    plain = _css_values(speedup=False)
    assert plain == _css_values(speedup=True)
    assert len({tuple(v) for v in plain}) >= 5  # the probe does change what applies


def test_a_time_limit_stops_the_render() -> None:
    config = svgmod.mermaid_config("Arial")
    start = time.monotonic()
    with pytest.raises(svgmod.FlowchartRenderError, match="took longer than 0 seconds"):
        svgmod.render_bounded(_big(30), config, timeout=0.2)
    # stopped, not left to finish (a drawing of this size takes minutes); how fast is for bench
    assert time.monotonic() - start < 30


def test_ctrl_c_stops_a_render(tmp_path: Path) -> None:
    script = tmp_path / "render.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from generator.emit.flowchart import svg\n"
        f"src = {_big(40)!r}\n"
        "print('started', flush=True)\n"
        "try:\n"
        "    svg.render_bounded(src, svg.mermaid_config('Arial'))\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(130)\n"
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    start = time.monotonic()
    try:
        code = proc.wait(timeout=20)  # the render alone would take minutes
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 130
    # typically well under 2 s on a quiet machine; the bound only proves it did not run on
    assert time.monotonic() - start < 20


def test_charts_too_large_to_draw_fail_validation(tmp_path: Path) -> None:
    import yaml
    from hb_testlib import copy_content, run_cli

    root = copy_content(tmp_path)
    fc = root / "flowchart.yml"
    data = yaml.safe_load(fc.read_text())
    end = data["outcomes"][-1]["id"]
    # 60 more questions in a chain the start never reaches: still too many boxes to draw
    data["questions"] += [
        {"id": f"extra-{i}", "question": f"Extra question {i}?",
         "answers": [{"label": "Yes", "next": f"extra-{i + 1}" if i < 59 else end},
                     {"label": "No", "next": end}]}
        for i in range(60)]
    fc.write_text(yaml.safe_dump(data, sort_keys=False))
    code, _out, err = run_cli(["validate", "--content", str(root)])
    assert code == 1
    assert any("the diagram can draw at most 60 boxes and 120 arrows" in line
               for line in err.splitlines()), err
