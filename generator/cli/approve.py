"""``hipback translations approve --lang cy``: record a qualified translator's sign-off.

It writes ``translations/<language>/signoff.yml``: who checked the translation (name,
qualification, professional body and membership number, all required: the command never
invents anyone), the day, and the fingerprint of every translated text of the language as it is
now — the source text and its translation together (``model/translation_signoff.py``), so an
edit of either voids the sign-off for that text. Like ``hipback review --approve``, it signs
only content that validates, and texts that are missing or stale are not signed (there is no
current translation to check); it says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from ..checks import Checked
from ..load.translations import SIGNOFF, TRANSLATIONS
from ..model.localise import current_texts
from ..model.signoff import Translator
from ..model.translatable import content_units
from ..model.translation_signoff import TranslationCheck, translation_check
from ..write import atomic_write
from .common import print_report, signer

__all__ = ["approve_translation"]

WHO = (("name", "--name"), ("qualification", "--qualification"),
       ("professional_body", "--body"), ("membership_number", "--number"))

HEADER = """\
# yaml-language-server: $schema=../../../schemas/translator-signoff.schema.json
# The translator's sign-off, written by `hipback translations approve`. Each fingerprint binds
# it to one text exactly as the translator checked it, the source text and its translation
# together: a later change to either shows as "not yet checked by a qualified translator" on the
# pages, and `hipback check --publish` fails for a changed safety text until a qualified
# translator checks it and signs again. Do not edit the fingerprints by hand.
"""


def _day(text: str | None, today: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text.strip()) if text else today
    except ValueError:
        print(f'error: --date "{text}" is not a date; write it as YYYY-MM-DD.', file=sys.stderr)
        return None
    if day > today:
        print(f"error: --date {day.isoformat()} is after today; write the day the translator "
              "signed.", file=sys.stderr)
        return None
    return day


def _check(checked: Checked, lang: str) -> TranslationCheck | None:
    """The language's texts as they are now, or ``None`` after saying why it cannot be signed."""
    assert checked.content is not None
    files = checked.translations.files.get(lang)
    if files is None:
        print(f"error: there is no {TRANSLATIONS}/{lang}/ in {checked.content.display_root}; "
              "translate the content first (hipback translations export / import).",
              file=sys.stderr)
        return None
    units = content_units(checked.content)
    check = translation_check(units, current_texts(units, files), None)
    if not check.current:
        print(f"error: the {lang} translation has no current text to sign.", file=sys.stderr)
        return None
    return check


def approve_translation(args: argparse.Namespace, checked: Checked, today: dt.date) -> int:
    """Sign every current translation of ``args.lang`` for the translator the options name."""
    if not checked.ok or checked.content is None:
        print_report(checked.report)
        print("approve stopped: fix the errors first; a translator signs only content that "
              "validates.", file=sys.stderr)
        return 1
    who = signer(args, WHO, Translator, missing=(
        "approve needs {flags}: the real, qualified translator who checked the translation "
        "signs by name, qualification, professional body and membership number (never invent "
        "one)."))
    day = _day(args.date, today) if who is not None else None
    if who is None or day is None:
        return 2
    check = _check(checked, args.lang)
    if check is None:
        return 1
    doc = {"checked_by": who.model_dump(), "date": day, "fingerprints": dict(check.current)}
    path = Path(args.content) / TRANSLATIONS / args.lang / SIGNOFF
    text = HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    atomic_write(path, text.encode("utf-8"))
    print(f"signed {len(check.current)} {args.lang} text(s) for {who.name} on "
          f"{day.isoformat()}: wrote {path}")
    left = [k for k in check.safety if k not in check.current]
    if left:
        print(f"{len(left)} safety text(s) have no current {args.lang} translation, so nobody "
              f"checked them (first: {left[0]}); the language cannot be published until they "
              "are translated and checked.", file=sys.stderr)
    return 0
