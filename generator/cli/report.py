"""``hipback check``: the quality report as an aligned table or a versioned JSON document."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

from ..checks import check_folder
from ..checks.quality.base import fmt_number
from ..checks.quality.reading import PageReading
from ..diagnostics import Diagnostic

JSON_VERSION = 1

# ---------------------------------------------------------------- output


def _summary(findings: Sequence[Diagnostic]) -> dict[str, int]:
    errors = sum(1 for f in findings if f.severity == "error")
    return {"errors": errors, "warnings": len(findings) - errors}


def format_table(findings: Sequence[Diagnostic], *, note: str = "") -> str:
    """An aligned table (severity, rule, where, message), one block per file, then ``note``
    and the summary line ``N error(s), M warning(s)``."""
    lines: list[str] = []
    if findings:
        header = ("SEVERITY", "RULE", "WHERE", "MESSAGE")
        rows = [(f.severity, f.rule, f"{f.path}:{f.line}:{f.col}", f.message) for f in findings]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]

        def fmt(row: tuple[str, str, str, str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + (
                "  " + row[3]
            )

        lines.append(fmt(header))
        for n, (finding, row) in enumerate(zip(findings, rows, strict=True)):
            if n and finding.path != findings[n - 1].path:
                lines.append("")
            lines.append(fmt(row))
    else:
        lines.append("No quality problems found.")
    if note:
        lines.append(note)
    s = _summary(findings)
    lines.append(f"{s['errors']} error(s), {s['warnings']} warning(s)")
    return "\n".join(lines) + "\n"


def _reading_line(readings: Sequence[PageReading], limit: float) -> str:
    grades = [r.reading_grade for r in readings if r.words]
    if not grades:
        return ""
    hardest = max((r for r in readings if r.words), key=lambda r: (r.reading_grade, r.page))
    return (
        f"reading grade: median {statistics.median(grades):.1f}, highest "
        f"{hardest.reading_grade:.1f} ({hardest.page}); limit {fmt_number(limit)}"
    )


def format_json(findings: Sequence[Diagnostic], readings: Sequence[PageReading],
                today: dt.date, *, reading_grade_max: float | None = None) -> str:
    """The documented, versioned JSON document (sorted, deterministic)."""
    doc = {
        "version": JSON_VERSION,
        "today": today.isoformat(),
        "findings": [f.as_json() for f in findings],
        "pages": [
            {"page": r.page, "reading_grade": r.reading_grade, "words": r.words,
             "sentences": r.sentences}
            for r in sorted(readings, key=lambda r: r.page)
        ],
        "summary": {**_summary(findings), "reading_grade_max": reading_grade_max},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _parse_today(today: str | dt.date | None) -> dt.date:
    if today is None:
        return dt.date.today()
    if isinstance(today, dt.date):
        return today
    return dt.date.fromisoformat(today.strip())


def run_check(content_dir: Path, *, fmt: str = "text", today: str | dt.date | None = None,
              publish: bool = False) -> int:
    """``hipback check``: print the quality report; exit 1 on errors (content or quality), else 0.

    Content that does not validate is reported like ``hipback validate`` does (on stderr, and
    as a JSON document on stdout with ``--format json``) and gives exit code 1.
    """
    try:
        day = _parse_today(today)
    except ValueError:
        print(f'error: --today "{today}" is not a date; write it as YYYY-MM-DD, for example '
              "2027-01-31.", file=sys.stderr)
        return 2
    if fmt not in ("text", "json"):
        print(f'error: unknown format "{fmt}"; use text or json.', file=sys.stderr)
        return 2

    checked = check_folder(content_dir, str(content_dir), today=day, sign_off=publish)
    findings = [
        d if d.rule else Diagnostic(severity=d.severity, rule="validate", path=d.path,
                                    line=d.line, col=d.col, message=d.message)
        for d in checked.report.sorted()
    ]
    readings = list(checked.readings)
    if checked.content is None:  # the content did not validate: no reading levels to show
        for d in checked.report.sorted():
            print(d.format(), file=sys.stderr)
        print(f"{len(checked.report.errors)} error(s), {len(checked.report.warnings)} "
              "warning(s)", file=sys.stderr)
        if fmt == "json":
            sys.stdout.write(format_json(findings, [], day))
        return 1
    limit = checked.content.site.quality.reading_grade_max
    if fmt == "json":
        sys.stdout.write(format_json(findings, readings, day, reading_grade_max=limit))
    else:
        sys.stdout.write(format_table(findings, note=_reading_line(readings, limit)))
    return 1 if any(f.severity == "error" for f in findings) else 0
