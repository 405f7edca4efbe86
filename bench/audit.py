"""``python -m bench.audit`` (``make audit``): Lighthouse on every page type, beside stock Material.

Builds, in the same run, a stock MkDocs + Material site of four prose pages (``font: false``,
light/dark toggle, default search: the reference issue 15 measures against), serves it and the
built site with :mod:`bench.static_server` (precompressed files with ``Content-Encoding``, like
a static host) on 127.0.0.1, runs Lighthouse 12.8 (npm, pinned in package.json: the audit
refuses an installed copy of another version, or a Node older than it needs; mobile, simulated
throttling) against Debian's Chromium on each page, prints the four category scores, CLS and
the paint metrics per page with the machine's load average, and exits 1 if one of our pages
misses a target: performance >= 98, accessibility, best practices and SEO 100, CLS < 0.02. The
stock site is the yardstick only; it has no targets.

Each page is run ``--runs`` times and the median run (by performance score) is reported:
Lighthouse's simulated throttling still depends on how busy the CPU is. The JSON reports go to
``bench-results/audit/``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import ROOT
from .static_server import serve

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path("/usr/lib/chromium/chromium")
RESULTS = ROOT / "bench-results" / "audit"

OUR_PAGES = {
    "home": "/",
    "condition": "/conditions/sciatica/",
    "compare": "/compare/",
    "where-does-it-hurt": "/where-does-it-hurt/",
    "flowchart": "/flowchart/",
    "handouts": "/handouts/",
    "when-to-get-help": "/when-to-get-help/",
    # each translated language (`make site` builds them): its home and a condition page, held
    # to the same targets (Welsh: left to right, longer words; Arabic: right to left)
    "cy home": "/cy/",
    "cy condition": "/cy/conditions/sciatica/",
    "ar home": "/ar/",
    "ar condition": "/ar/conditions/sciatica/",
}
STOCK_PAGES = {
    "stock home": "/",
    "stock page 2": "/symptoms/",
    "stock page 3": "/treatment/",
    "stock page 4": "/when-to-get-help/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
CLS_MAX = 0.02

# Chromium must not reach any host but the local server (it would contact update and account
# hosts by itself otherwise); see ../shared/RECIPES.md.
CHROME_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
    '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"',
]


# ---------------------------------------------------------------------------- the stock site

STOCK_CONFIG = """\
site_name: Stock Material
site_url: http://127.0.0.1/
theme:
  name: material
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
nav:
  - index.md
  - symptoms.md
  - treatment.md
  - when-to-get-help.md
"""

_PARAGRAPHS = [
    ("Pain around the hip does not always come from the hip joint. The nerves that run from "
    "the lower back to the leg pass close to the buttock and the side of the hip, so a "
    "problem in the spine can be felt lower down. Knowing where the pain is and what makes "
    "it better or worse helps you and your doctor decide what to look at first."),
    ("Most back and hip pain gets better within a few weeks. Keeping active, with short walks "
    "and gentle movement, usually helps more than resting in bed. Simple pain relief can make "
    "it easier to keep moving while your body recovers."),
    ("A physiotherapist can show you exercises that make the muscles around your back and hip "
    "stronger. Do them a little at a time, and build up slowly. Some soreness after exercise "
    "is normal and is not a sign of harm."),
    ("Write down when the pain started, where you feel it, and what you were doing. Bring the "
    "list to your appointment, with the medicines you take. It makes the visit quicker and "
    "helps you remember your questions."),
]


def _stock_page(title: str, seed: int) -> str:
    lines = [f"# {title}", ""]
    for section in range(4):
        lines += [f"## Part {section + 1}", ""]
        for k in range(3):
            lines += [_PARAGRAPHS[(seed + section + k) % len(_PARAGRAPHS)], ""]
        lines += ["- Keep moving, gently", "- Use heat or cold if it helps",
                  "- See a doctor if it does not get better", ""]
    lines += ["Read more on the [home page](index.md).", ""]
    return "\n".join(lines)


def build_stock_site(work: Path) -> Path:
    """A stock MkDocs + Material site of four prose pages; return its site folder."""
    src = work / "stock"
    docs = src / "docs"
    if src.exists():
        shutil.rmtree(src)
    docs.mkdir(parents=True)
    (src / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    pages = {"index.md": "Back and hip pain", "symptoms.md": "Symptoms",
             "treatment.md": "Treatment", "when-to-get-help.md": "When to get help"}
    for i, (name, title) in enumerate(pages.items()):
        (docs / name).write_text(_stock_page(title, i), encoding="utf-8")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = src / "site"
    cfg = load_config(config_file=str(src / "mkdocs.yml"), site_dir=str(site))
    build(cfg)
    return site


# ------------------------------------------------------------------------------- Lighthouse


@dataclass(frozen=True)
class Result:
    name: str
    url: str
    scores: dict[str, int]
    cls: float
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    si_ms: float
    transfer_kb: float
    requests: int
    benchmark_index: float
    failing: tuple[str, ...]  # ids of audits that cost points outside performance

    def misses(self) -> list[str]:
        out = [f"{cat} {self.scores[cat]} < {t}" for cat, t in TARGETS.items()
               if self.scores[cat] < t]
        if self.cls >= CLS_MAX:
            out.append(f"CLS {self.cls:.3f} >= {CLS_MAX}")
        return out


def _summarise(name: str, url: str, report: dict[str, Any]) -> Result:
    audits = report["audits"]
    cats = report["categories"]
    scores = {c: round((cats[c]["score"] or 0) * 100) for c in CATEGORIES}
    failing = []
    for c in CATEGORIES[1:]:
        for ref in cats[c]["auditRefs"]:
            a = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and a.get("score") not in (None, 1):
                failing.append(ref["id"])
    items = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return Result(
        name=name, url=url, scores=scores,
        cls=float(audits["cumulative-layout-shift"]["numericValue"]),
        fcp_ms=float(audits["first-contentful-paint"]["numericValue"]),
        lcp_ms=float(audits["largest-contentful-paint"]["numericValue"]),
        tbt_ms=float(audits["total-blocking-time"]["numericValue"]),
        si_ms=float(audits["speed-index"]["numericValue"]),
        transfer_kb=sum(i.get("transferSize", 0) for i in items) / 1000,
        requests=len(items),
        benchmark_index=float(report.get("environment", {}).get("benchmarkIndex", 0)),
        failing=tuple(failing),
    )


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


def lighthouse_problem(root: Path = ROOT, node_version: str | None = None) -> str | None:
    """Why the installed Lighthouse cannot measure here, or None.

    The installed copy must be the version package.json pins (an old ``node_modules`` measures
    with other rules: 12.2 let SVG links without ``href`` pass, 12.8 calls them "not
    crawlable"), and this machine's Node must meet its ``engines`` range (``>=X.Y``).
    """
    pinned = json.loads((root / "package.json").read_text("utf-8"))["devDependencies"][
        "lighthouse"]
    meta = root / "node_modules" / "lighthouse" / "package.json"
    if not meta.is_file():
        return f"Lighthouse {pinned} is not installed (run `npm ci`)"
    info = json.loads(meta.read_text("utf-8"))
    if info["version"] != pinned:
        return (f"node_modules has Lighthouse {info['version']}, package.json pins {pinned} "
                "(run `npm ci`)")
    if node_version is None:
        try:
            node_version = subprocess.run(["node", "--version"], capture_output=True, text=True,
                                          check=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "Node.js is not installed (Lighthouse needs it)"
    need = re.match(r"\s*>=\s*([\d.]+)\s*$", info.get("engines", {}).get("node", ">=0"))
    if need and _version(node_version) < _version(need.group(1)):
        return f"Lighthouse {pinned} needs Node {need.group(1)} or later; this is {node_version}"
    return None


def run_lighthouse(url: str, out: Path) -> dict[str, Any]:
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    cmd = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}",
           "--only-categories=" + ",".join(CATEGORIES), "--quiet",
           "--disable-full-page-screenshot", "--chrome-flags=" + " ".join(CHROME_FLAGS)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240,
                          check=False)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url} ({proc.returncode}):\n"
                           f"{proc.stderr[-1500:]}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {url}: {report['runtimeError']}")
    return report


def audit_page(name: str, url: str, runs: int, out_dir: Path) -> Result:
    results = []
    for i in range(runs):
        slug = name.replace(" ", "-").replace("/", "")
        report = run_lighthouse(url, out_dir / f"{slug}.{i + 1}.json")
        results.append(_summarise(name, url, report))
    results.sort(key=lambda r: (r.scores["performance"], -r.lcp_ms))
    return results[len(results) // 2]


# ------------------------------------------------------------------------------------ report


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def format_table(rows: list[Result]) -> str:
    head = (f"{'page':22} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} "
            f"{'FCP s':>6} {'LCP s':>6} {'TBT ms':>6} {'SI s':>5} {'KB':>6} {'req':>4}  misses")
    lines = [head, "-" * len(head)]
    for row in rows:
        scores = row.scores
        misses = "" if row.name.startswith("stock") else ("; ".join(row.misses()) or "ok")
        extra = f"  [{', '.join(row.failing)}]" if row.failing else ""
        lines.append(
            f"{row.name:22} {scores['performance']:4} {scores['accessibility']:4} "
            f"{scores['best-practices']:4} {scores['seo']:4} {row.cls:6.3f} "
            f"{row.fcp_ms / 1000:6.2f} {row.lcp_ms / 1000:6.2f} {row.tbt_ms:6.0f} "
            f"{row.si_ms / 1000:5.2f} {row.transfer_kb:6.1f} {row.requests:4}  {misses}{extra}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.audit",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site",
                        help="the built site to audit (default: site/, from `make site`)")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("AUDIT_RUNS", "3")),
                        help="Lighthouse runs per page; the median is reported (default 3, "
                        "or $AUDIT_RUNS)")
    parser.add_argument("--pages", default="",
                        help="comma-separated page names to run (default: all), e.g. "
                        "home,flowchart")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock Material site")
    return parser


def _not_ready(site: Path) -> str | None:
    """Why the audit cannot start (a tool or the built site is missing), or ``None``."""
    missing = [str(x) for x in (LIGHTHOUSE, CHROMIUM) if not x.exists()]
    if missing:
        return "missing: " + ", ".join(missing) + " (run `npm ci` and `make browser-deps`)"
    problem = lighthouse_problem()
    if problem:
        return problem
    if not (site / "index.html").is_file():
        return f"no built site in {site}: run `make site` first"
    return None


def _audit_sites(site: Path, ours: dict[str, str], stock: dict[str, str],
                 runs: int) -> list[Result]:
    """Serve our site and the stock one and audit their pages, one of each in turn so that
    both see the same machine load."""
    rows: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="hipback-audit-") as tmp:
        stock_site = build_stock_site(Path(tmp)) if stock else None
        with serve(site) as our_url:
            stock_ctx = serve(stock_site) if stock_site else None
            stock_url = stock_ctx.__enter__() if stock_ctx else ""
            try:
                queue = [(n, our_url + u) for n, u in ours.items()]
                queue += [(n, stock_url + u) for n, u in stock.items()]
                for name, url in queue:
                    rows.append(audit_page(name, url, runs, RESULTS))
                    print(f"  {name}: {rows[-1].scores} CLS {rows[-1].cls:.3f}", flush=True)
            finally:
                if stock_ctx:
                    stock_ctx.__exit__(None, None, None)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    site = args.site.resolve()
    problem = _not_ready(site)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    wanted = {x.strip() for x in args.pages.split(",") if x.strip()}
    ours = {k: v for k, v in OUR_PAGES.items() if not wanted or k in wanted}
    absent = [u for u in ours.values() if not (site / u.strip("/") / "index.html").is_file()]
    if absent:
        print(f"{site} has no {', '.join(absent)}: run `make site` (it builds every language; "
              "a site built with --no-languages has only the source language)", file=sys.stderr)
        return 2
    stock = {} if args.no_stock else {k: v for k, v in STOCK_PAGES.items()
                                      if not wanted or k in wanted or "stock" in wanted}
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    load_before = _loadavg()
    rows = _audit_sites(site, ours, stock, args.runs)
    elapsed = time.monotonic() - started
    print()
    version = json.loads((LIGHTHOUSE.parents[1] / "package.json").read_text("utf-8"))["version"]
    print(f"Lighthouse {version} mobile (simulated throttling), median of {args.runs} run(s) "
          "per page; "
          f"load average before {load_before}, after {_loadavg()} "
          f"({os.cpu_count()} CPUs); {elapsed:.0f} s")
    if rows:
        print(f"Lighthouse benchmarkIndex (CPU speed): "
              f"{statistics.median(row.benchmark_index for row in rows):.0f}")
    print(format_table(rows))
    summary = [row.__dict__ for row in rows]
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    bad = [row for row in rows if not row.name.startswith("stock") and row.misses()]
    if bad:
        print(f"\n{len(bad)} page(s) below the targets (performance >= {TARGETS['performance']},"
              f" accessibility/best practices/SEO 100, CLS < {CLS_MAX}).")
        return 1
    print("\nall pages meet the targets.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
