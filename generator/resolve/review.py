"""Review status of a condition, in words for readers (the small line under each page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..model import Condition
from ..model.signoff import SignOff


def format_date(value: dt.date) -> str:
    """A date as readers write it: "20 November 2026" (no leading zero, no weekday)."""
    return f"{value.day} {value:%B %Y}"


def review_status(
    cond: Condition, *, today: dt.date, warn_days: int, strings: Mapping[str, Any]
) -> tuple[str, str]:
    """``("current" | "due-soon" | "overdue", a short sentence for readers)``.

    Overdue means the next review date is before ``today``; due soon means it is at most
    ``warn_days`` days away (today included). ``strings`` is the whole strings mapping.
    """
    s = strings["quality"]
    due = cond.review.next_review
    date = format_date(due)
    if due < today:
        return "overdue", str(s["review_overdue"]).format(date=date)
    if (due - today).days <= warn_days:
        return "due-soon", str(s["review_due_soon"]).format(date=date)
    return "current", str(s["review_current"]).format(date=date)


def checked_line(signoff: SignOff | None, strings: Mapping[str, Any]) -> tuple[str, bool]:
    """The sign-off line of a page, as plain text, and whether a clinician checked it:
    "Checked by …, … (…) on …" only from signoff.yml, else "Not yet reviewed by a clinician."."""
    s = strings["condition"]
    if signoff is None:
        return str(s["no_clinical_reviewer"]), False
    who = signoff.signed_by
    return str(s["clinical_reviewer"]).format(
        name=who.name, role=who.role, registration=who.registration,
        date=format_date(signoff.date)), True
