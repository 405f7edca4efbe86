"""Is the safety content what a clinician signed? (``hipback check``; errors with ``--publish``)

Every safety part whose fingerprint differs from the one in ``signoff.yml`` is named, at the
first item that changed when the snapshot of the signed words shows it (else at the part), so an
editor knows which words a clinician has not seen. ``validate`` and ``build`` leave this out:
pages say "Not yet reviewed by a clinician" by themselves wherever the sign-off does not cover
what they show, so unsigned content still builds for a preview.
"""

from __future__ import annotations

from ...model.safety_diff import diff
from ...model.safety_parts import Status, signoff_status
from ...model.signoff import SIGNOFF_FILE, SNAPSHOT_FILE
from .base import Collector, quote
from .rules import is_placeholder_name

_ASK = "run hipback review and have a clinician sign it"


def check_signoff(report: Collector, *, publish: bool) -> None:
    """One finding per changed, new or removed part; one when nobody has signed at all."""
    severity = "error" if publish else "warning"
    status = signoff_status(report.content)
    if status.signoff is None:
        report.add(severity, "clinical-review-missing",
                   (report.content.display(SIGNOFF_FILE), 1, 1),
                   "no clinician has signed off the safety content (there is no signoff.yml), so "
                   'every page says "Not yet reviewed by a clinician"; ' + _ASK
                   + " (hipback review --approve).")
        return
    date = status.signoff.date.isoformat()
    name = status.signoff.signed_by.name
    if is_placeholder_name(name):
        report.add("error", "reviewer-missing", report.at(SIGNOFF_FILE, ("signed_by", "name")),
                   f"signed_by.name is {quote(name)}; only a real clinician signs off, by name. "
                   "Remove signoff.yml until one has.")
    for part_name in status.changed:
        part = status.parts[part_name]
        if part_name not in status.signoff.fingerprints:
            report.add(severity, "clinical-review-changed", report.at(part.key, part.loc),
                       f"{part.label} is new since the clinical sign-off on {date}; {_ASK}.")
            continue
        report.add(severity, "clinical-review-changed",
                   report.at(part.key, _changed_loc(status, part_name)),
                   f"{part.label} changed since the clinical sign-off on {date}; {_ASK}.")
    for part_name in status.removed:
        report.add(severity, "clinical-review-changed",
                   report.at(SIGNOFF_FILE, ("fingerprints", part_name)),
                   f'the part "{part_name}" was signed on {date} but is no longer in the content; '
                   f"{_ASK}.")
    _check_snapshot(report, status)


def _changed_loc(status: Status, name: str) -> tuple[str | int, ...]:
    """Where the first change in a part is, from the signed snapshot (else the part itself)."""
    part = status.parts[name]
    old = status.signed_data(name)
    if old is None:
        return part.loc
    changes = diff(old, part.data)
    return (*part.loc, *changes[0].loc) if changes else part.loc


def _check_snapshot(report: Collector, status: Status) -> None:
    """A changed part whose signed words are missing can only be shown whole in the review."""
    assert status.signoff is not None
    lost = [n for n in status.changed
            if n in status.signoff.fingerprints and status.signed_data(n) is None]
    if lost:
        report.add("warning", "clinical-review-changed",
                   (report.content.display(SNAPSHOT_FILE), 1, 1),
                   f"the signed words of {len(lost)} changed part(s) ({', '.join(lost)}) are "
                   "missing from this file or do not match signoff.yml, so hipback review shows "
                   "those parts whole instead of what changed.")
