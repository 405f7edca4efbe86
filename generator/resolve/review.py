"""Review facts in words for readers: dates as people write them, and the sign-off line.

Dates are written in the language of the page (Babel's long date: "20 November 2026",
"20 Tachwedd 2026", "20 نوفمبر 2026"). English without a country is British English: the site is
written for readers of the NHS, and its dates have always read "20 November 2026".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from ..model.signoff import SignOff
from ..model.translation_signoff import Translation


@cache
def _locale(lang: str) -> Locale:
    """Babel's locale for a site language (``en`` is ``en_GB``, see the module docstring; an
    unknown language is written as English). Remembered: a site has a handful of languages,
    and a page writes several dates (10,000 at 1,000 conditions), each parsing it again."""
    code = lang.replace("-", "_")
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en_GB")
    return Locale.parse("en_GB") if str(locale) == "en" else locale


@cache
def format_date(value: dt.date, lang: str = "en") -> str:
    """A date as readers of ``lang`` write it: "20 November 2026" (no leading zero, no
    weekday). Remembered: the same few review dates are written on every page."""
    return str(babel_date(value, "long", locale=_locale(lang)))


def format_number(value: float, lang: str = "en", *, decimals: int = 0) -> str:
    """A number as readers of ``lang`` write it (the decimal sign of the language; no
    grouping, so English sizes read as they always have)."""
    return str(format_decimal(value, "0." + "0" * decimals if decimals else "0",
                              locale=_locale(lang)))


def checked_line(signoff: SignOff | None, strings: Mapping[str, Any],
                 lang: str = "en") -> tuple[str, bool]:
    """The sign-off line of a page, as plain text, and whether a clinician checked it:
    "Checked by …, … (…) on …" only from signoff.yml, else "Not yet reviewed by a clinician."."""
    words = strings["condition"]
    if signoff is None:
        return str(words["no_clinical_reviewer"]), False
    who = signoff.signed_by
    return str(words["clinical_reviewer"]).format(
        name=who.name, role=who.role, registration=who.registration,
        date=format_date(signoff.date, lang)), True


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
        date=format_date(signed.date, translation.language)), True
