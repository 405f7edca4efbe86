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

NUMBERS = (
    ("runs", "runs of each stage at sizes up to --large (default {})"),
    ("large", "sizes above this use --large-runs (default {})"),
    ("large_runs", "runs of each stage at larger sizes (default {})"),
    ("handout_sample", "condition handouts in the 1-vs-2-worker sample (default {})"),
    ("handout_runs", "runs of the handout sample (default {})"),
    ("full_handouts_max", ("render every handout at sizes up to this; larger sizes are "
                           "extrapolated from the sample (default {})")),
    ("booklet_max", ("render the booklet at sizes up to this; larger ones are estimated by "
                     "page count (default {}; 1000 measures the ~2000-page booklet)")),
    ("flowchart_timeout", ("stop a cold diagram render after this many seconds and use a "
                           "stand-in (default {})")),
    ("general_timeout", ("stop the overview/booklet render at sizes above --full-handouts-max "
                         "after this many seconds (default {})")),
)
"""The numeric options, each named after its :class:`Options` field (``--large-runs`` sets
``large_runs``), whose default and type it takes, so the two cannot drift apart."""

SKIPS = (
    ("handouts", "skip the PDF handouts (the slowest part)"),
    ("handout_set", ("skip the whole handout set at every size: each condition, the overview "
                     "and every booklet volume, cold and again unchanged, with every worker's "
                     "peak memory (bench/handouts_scale.py, also `make bench-handouts`)")),
    ("engines", ("skip building the same folder with MkDocs and Zensical, clean and cached "
                 "(bench/engines.py)")),
    ("preview", "skip the hipback serve latency (starts a preview at every size)"),
    ("languages", ("skip the site in three languages against one at the largest size "
                   "(bench/languages.py, also `python -m bench.languages`)")),
)
"""The parts a run may leave out: ``--no-<part>`` clears ``<part>`` (on by default)."""


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def build_parser() -> argparse.ArgumentParser:
    defaults = Options()
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the Hip or Back? build on synthetic content (each stage in a "
        "fresh process; median wall time, peak memory) against a plain MkDocs+Material build.",
    )
    parser.add_argument("--sizes", type=sizes_arg, default=defaults.sizes,
                        help="condition counts, comma-separated (default: 100,1000)")
    for name, words in NUMBERS:
        default = getattr(defaults, name)
        shown = f"{default:.0f}" if isinstance(default, float) else str(default)
        parser.add_argument(_flag(name), type=type(default), default=default,
                            help=words.format(shown))
    for name, words in SKIPS:
        parser.add_argument(_flag("no_" + name), dest=name, action="store_false", help=words)
    parser.add_argument("--quick", action="store_true",
                        help="a fast smoke run: N=30 and 300, one run each, small handout sample")
    parser.add_argument("--work", type=Path, default=None,
                        help="work folder (default: a new temporary folder, removed at the end)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--out", type=Path, default=defaults.out,
                        help=f"JSON results (default {defaults.out})")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    opts = Options(
        sizes=args.sizes, work=args.work, keep=args.keep, out=args.out, quick=args.quick,
        handouts=args.handouts, engines=args.engines, preview=args.preview,
        **{name: getattr(args, name) for name, _words in NUMBERS},
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
    if args.languages:
        from . import languages

        langs = languages.measure(
            languages.Settings(sizes=[max(opts.sizes)], work=opts.work / "languages"
                               if opts.work else None, out=opts.out.with_name("languages.json")),
            progress=opts.progress)
        print()
        print(languages.format_table(langs))
    print(f"\n(results in {opts.out}; whole benchmark took "
          f"{time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
