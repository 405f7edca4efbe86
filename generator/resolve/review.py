"""Review facts in words for readers: dates as people write them, and the sign-off line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..model.signoff import SignOff


def format_date(value: dt.date) -> str:
    """A date as readers write it: "20 November 2026" (no leading zero, no weekday)."""
    return f"{value.day} {value:%B %Y}"


def checked_line(signoff: SignOff | None, strings: Mapping[str, Any]) -> tuple[str, bool]:
    """The sign-off line of a page, as plain text, and whether a clinician checked it:
    "Checked by …, … (…) on …" only from signoff.yml, else "Not yet reviewed by a clinician."."""
    words = strings["condition"]
    if signoff is None:
        return str(words["no_clinical_reviewer"]), False
    who = signoff.signed_by
    return str(words["clinical_reviewer"]).format(
        name=who.name, role=who.role, registration=who.registration,
        date=format_date(signoff.date)), True
