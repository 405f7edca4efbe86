"""``hipback review``: show a clinician what changed since the last sign-off, and record theirs.

Without ``--approve`` it only reads: the report goes to the terminal, or to ``--out FILE`` as
HTML (``.html``) or Markdown (``.md``). With ``--approve`` it writes ``signoff.yml`` (who, when,
the fingerprint of every safety part) and ``signoff-snapshot.json`` (the parts as signed) into the
content folder. It never signs content that does not validate, and never invents a person: the
name, role, register and number are all required.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from ..checks import check_folder
from ..emit.review import review_html, review_markdown, review_sections, review_text
from ..model.content import Content
from ..model.safety_parts import Status, signoff_status, snapshot_text
from ..model.signoff import SIGNOFF_FILE, SNAPSHOT_FILE, Clinician
from ..write import atomic_write
from .common import signer

_WHO = (("name", "--name"), ("role", "--role"), ("professional_register", "--register"),
        ("registration_number", "--number"))

_HEADER = """\
# yaml-language-server: $schema=../schemas/signoff.schema.json
# The clinical sign-off, written by `hipback review --approve`. The fingerprints bind it to the
# safety content exactly as the clinician saw it: any later change to a part shows as "Not yet
# reviewed by a clinician" on the pages that show it, and `hipback check --publish` fails until
# a clinician reviews and signs again. Do not edit the fingerprints by hand.
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "review", help="show a clinician what changed since the last sign-off; --approve signs",
        description="Report every change to the safety content (flowchart, sign lists, care "
        "tiers, scenarios, each condition's get-help lines, phone numbers) since the last "
        "clinical sign-off, old words beside new. With --approve, record the clinician's "
        "sign-off of the content as it is now.")
    p.add_argument("--content", default="content", metavar="DIR",
                   help="content folder (default: content)")
    p.add_argument("--out", metavar="FILE",
                   help="write the report to FILE: .html for a page, .md for Markdown")
    p.add_argument("--approve", action="store_true",
                   help="sign off the safety content as it is now (needs the four who-options)")
    p.add_argument("--name", help="the clinician's real name")
    p.add_argument("--role", help="their role, for example Consultant physiotherapist")
    p.add_argument("--register", help="their professional register, for example HCPC")
    p.add_argument("--number", help="their registration number on that register")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day they signed (default: today)")
    p.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    today = dt.date.today()
    checked = check_folder(Path(args.content), str(args.content), today=today)
    if not checked.ok or checked.content is None:
        for d in checked.report.sorted():
            print(d.format(), file=sys.stderr)
        print(f"{len(checked.report.errors)} error(s), {len(checked.report.warnings)} "
              "warning(s)", file=sys.stderr)
        print("review stopped: fix the errors first; a clinician signs only content that "
              "validates.", file=sys.stderr)
        return 1
    content = checked.content
    status = signoff_status(content)
    if args.approve:
        return _approve(args, content, status, today)
    return _report(args, content, status)


def _report(args: argparse.Namespace, content: Content, status: Status) -> int:
    if args.out is None:
        sys.stdout.write(review_text(content, status))
        return 0
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        text = review_html(content, status)
    elif suffix in (".md", ".markdown"):
        text = review_markdown(content, status)
    else:
        print(f'error: --out "{args.out}" must end in .html or .md.', file=sys.stderr)
        return 2
    out.write_text(text, encoding="utf-8")
    n = len(review_sections(content, status))
    print(f"wrote the review of {n} changed part(s) to {out}")
    return 0


def _approve(args: argparse.Namespace, content: Content, status: Status, today: dt.date
             ) -> int:
    who = signer(args, _WHO, Clinician, missing=(
        "--approve needs {flags}: the real clinician who reviewed the changes signs by name, "
        "role, register and number (never invent one)."))
    if who is None:
        return 2
    try:
        day = dt.date.fromisoformat(args.date.strip()) if args.date else today
    except ValueError:
        print(f'error: --date "{args.date}" is not a date; write it as YYYY-MM-DD.',
              file=sys.stderr)
        return 2
    if day > today:
        print(f"error: --date {day.isoformat()} is after today; write the day the clinician "
              "signed.", file=sys.stderr)
        return 2
    write_signoff(Path(args.content), status, who, day)
    print(f"signed off {len(status.current)} safety part(s) for {who.name} on "
          f"{day.isoformat()}: wrote {content.display(SIGNOFF_FILE)} and "
          f"{content.display(SNAPSHOT_FILE)}")
    return 0


def write_signoff(root: Path, status: Status, who: Clinician, day: dt.date) -> None:
    """Sign every safety part as it is now: the snapshot first, then the sign-off that trusts
    it (a snapshot without its sign-off is never read)."""
    doc = {"signed_by": who.model_dump(), "date": day, "fingerprints": dict(status.current)}
    text = _HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    _write(root / SNAPSHOT_FILE, snapshot_text(status.parts))
    _write(root / SIGNOFF_FILE, text)


def _write(path: Path, text: str) -> None:
    """Replace ``path`` whole or not at all (a half-written sign-off must never be read)."""
    atomic_write(path, text.encode("utf-8"))
