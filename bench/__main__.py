"""``python -m bench`` (``make bench``): time and size every build stage at N=100 and N=1000.

Prints a table and the target verdicts, and writes everything to ``bench-results/bench.json``.
See the README's "Performance" section for what is measured and how.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .core import BenchError, Options
from .run import run, sizes_arg


def build_parser() -> argparse.ArgumentParser:
    d = Options()
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the Hip or Back? build on synthetic content (each stage in a "
        "fresh process; median wall time, peak memory) against a plain MkDocs+Material build.",
    )
    p.add_argument("--sizes", type=sizes_arg, default=d.sizes,
                   help="condition counts, comma-separated (default: 100,1000)")
    p.add_argument("--runs", type=int, default=d.runs,
                   help=f"runs of each stage at sizes up to --large (default {d.runs})")
    p.add_argument("--large", type=int, default=d.large,
                   help=f"sizes above this use --large-runs (default {d.large})")
    p.add_argument("--large-runs", type=int, default=d.large_runs,
                   help=f"runs of each stage at larger sizes (default {d.large_runs})")
    p.add_argument("--handout-sample", type=int, default=d.handout_sample,
                   help="condition handouts in the 1-vs-2-worker sample "
                   f"(default {d.handout_sample})")
    p.add_argument("--handout-runs", type=int, default=d.handout_runs,
                   help=f"runs of the handout sample (default {d.handout_runs})")
    p.add_argument("--full-handouts-max", type=int, default=d.full_handouts_max,
                   help="render every handout at sizes up to this; larger sizes are "
                   f"extrapolated from the sample (default {d.full_handouts_max})")
    p.add_argument("--booklet-max", type=int, default=d.booklet_max,
                   help="render the booklet at sizes up to this; larger ones are estimated by "
                   f"page count (default {d.booklet_max}; 1000 measures the ~2000-page booklet)")
    p.add_argument("--flowchart-timeout", type=float, default=d.flowchart_timeout,
                   help="stop a cold diagram render after this many seconds and use a stand-in "
                   f"(default {d.flowchart_timeout:.0f})")
    p.add_argument("--general-timeout", type=float, default=d.general_timeout,
                   help="stop the overview/booklet render at sizes above --full-handouts-max "
                   f"after this many seconds (default {d.general_timeout:.0f})")
    p.add_argument("--no-handouts", dest="handouts", action="store_false",
                   help="skip the PDF handouts (the slowest part)")
    p.add_argument("--no-handout-set", dest="handout_set", action="store_false",
                   help="skip the whole handout set at every size: each condition, the overview "
                   "and every booklet volume, cold and again unchanged, with every worker's peak "
                   "memory (bench/handouts_scale.py, also `make bench-handouts`)")
    p.add_argument("--no-engines", dest="engines", action="store_false",
                   help="skip building the same folder with MkDocs and Zensical, clean and "
                   "cached (bench/engines.py)")
    p.add_argument("--no-preview", dest="preview", action="store_false",
                   help="skip the hipback serve latency (starts a preview at every size)")
    p.add_argument("--quick", action="store_true",
                   help="a fast smoke run: N=30 and 300, one run each, small handout sample")
    p.add_argument("--work", type=Path, default=None,
                   help="work folder (default: a new temporary folder, removed at the end)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    p.add_argument("--out", type=Path, default=d.out, help=f"JSON results (default {d.out})")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    opts = Options(
        sizes=args.sizes, runs=args.runs, large=args.large, large_runs=args.large_runs,
        handout_sample=args.handout_sample, handout_runs=args.handout_runs,
        full_handouts_max=args.full_handouts_max, booklet_max=args.booklet_max,
        flowchart_timeout=args.flowchart_timeout, general_timeout=args.general_timeout,
        work=args.work, keep=args.keep,
        out=args.out, quick=args.quick, handouts=args.handouts, engines=args.engines,
        preview=args.preview,
    )
    if args.quick:
        opts.sizes, opts.runs, opts.large_runs = [30, 300], 1, 1
        opts.handout_sample, opts.handout_runs = 6, 1
        opts.full_handouts_max = opts.booklet_max = 30
        opts.flowchart_timeout = min(opts.flowchart_timeout, 60.0)
    start = time.perf_counter()
    if not args.quiet:
        def progress(msg: str) -> None:
            print(f"[bench {time.perf_counter() - start:6.0f} s] {msg}", file=sys.stderr,
                  flush=True)
        opts.progress = progress
    try:
        result = run(opts)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    from .table import format_table

    print(format_table(result))
    if args.handouts and args.handout_set:
        from . import handouts_scale

        settings = handouts_scale.Settings(
            sizes=opts.sizes, full_max=max(opts.sizes),
            work=opts.work / "handout-set" if opts.work else None,
            out=opts.out.with_name("handouts.json"), flowchart_timeout=opts.flowchart_timeout)
        sets = handouts_scale.measure(settings, progress=opts.progress)
        print()
        print(handouts_scale.format_table(sets))
        print(f"\n(handout set results in {settings.out})")
    print(f"\n(results in {opts.out}; whole benchmark took "
          f"{time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
