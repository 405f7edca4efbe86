"""Review facts in words for readers: dates as people write them, and the sign-off line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..model.signoff import SignOff
from ..model.translation_signoff import Translation


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


def translator_line(translation: Translation | None,
                    strings: Mapping[str, Any]) -> tuple[str, bool] | None:
    """The line every page and handout of a translated language shows, as plain text, and
    whether a qualified translator checked the language as it is now: "… checked by …" only
    from its signoff.yml while that covers every translated text, else "not yet checked by a
    qualified translator". ``None`` for the source language."""
    if translation is None:
        return None
    words = strings["translation"]
    signed = translation.check.checked_by
    if signed is None:
        return str(words["not_checked"]), False
    who = signed.checked_by
    return str(words["checked"]).format(
        name=who.name, qualification=who.qualification, membership=who.membership,
        date=format_date(signed.date)), True
