"""Has a qualified translator checked each language? (``translations/<language>/signoff.yml``)

Always (``validate``, ``build``): each sign-off file must validate (unknown keys, a missing
field, a malformed fingerprint are errors at ``path:line:col``) and name a real person — a
placeholder name would be printed on every page of the language.

With ``hipback check`` (warnings) and ``check --publish`` (errors), like the clinical sign-off
(``checks/quality/signoff.py``):

* a language nobody has signed is named once, at the sign-off file it lacks;
* each safety text translated or edited since the sign-off is named at its translation entry
  (a stale or missing safety text has its own message from ``checks/translations.py``);
* the other texts translated or edited since are listed in one warning: the pages stop naming
  the translator until they are checked too (``model/translation_signoff.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from ..diagnostics import Report
from ..load.folder import display_path
from ..load.translations import SIGNOFF, TRANSLATIONS, TranslationFolder
from ..model.localise import current_texts
from ..model.signoff import TranslatorSignOff
from ..model.translatable import Unit, translation_file
from ..model.translate import translate
from ..model.translation_signoff import TranslationCheck, translation_check
from .quality.rules import is_placeholder_name
from .translations import SHOWN_KEYS

__all__ = ["check_translators"]

RULE = "translation-unchecked"


def _approve(lang: str) -> str:
    return f"hipback translations approve --lang {lang}"


def _signoffs(folder: TranslationFolder, report: Report,
              display: str) -> dict[str, TranslatorSignOff]:
    """Every language's sign-off that validates; what is wrong with the others goes into
    ``report``."""
    out: dict[str, TranslatorSignOff] = {}
    for lang, loaded in sorted(folder.signoffs.items()):
        shown = display_path(display, f"{TRANSLATIONS}/{lang}/{SIGNOFF}")
        try:
            signoff = TranslatorSignOff.model_validate(loaded.data)
        except ValidationError as exc:
            report.extend(translate(exc, TranslatorSignOff, loaded, shown))
            continue
        if is_placeholder_name(signoff.checked_by.name):
            line, col = loaded.pos(("checked_by", "name"))
            report.add(shown, line, col, f'checked_by.name is "{signoff.checked_by.name}"; only '
                       "a real, qualified translator signs a translation off, by name. Remove "
                       "this file until one has.")
            continue
        out[lang] = signoff
    return out


def _report(lang: str, check: TranslationCheck, units: Mapping[str, Mapping[str, Unit]],
            folder: TranslationFolder, report: Report, display: str, *, publish: bool) -> None:
    severity = "error" if publish else "warning"
    base = f"{TRANSLATIONS}/{lang}"
    if check.signoff is None:
        report.add(display_path(display, f"{base}/{SIGNOFF}"), 1, 1,
                   f"no qualified translator has checked the {lang} translation (there is no "
                   f"{base}/{SIGNOFF}), so its pages and handouts say it is not yet checked; a "
                   f"language is published only once a qualified translator has checked its "
                   f"{len(check.safety)} safety texts ({_approve(lang)}).",
                   severity=severity, rule=RULE)
        return
    who, day = check.signoff.checked_by.name, check.signoff.date.isoformat()
    by_key = {f"{u.file}#{u.key}": u for f in units.values() for u in f.values()}
    unchecked = [by_key[k] for k in check.unchecked if k in by_key]
    for unit in (u for u in unchecked if u.safety):
        name = translation_file(unit.file)
        loaded = folder.files.get(lang, {}).get(name)
        line, col = loaded.pos((unit.key, "text")) if loaded is not None else (1, 1)
        was = ("changed" if f"{unit.file}#{unit.key}" in check.signoff.fingerprints
               else "was translated")
        report.add(display_path(display, f"{base}/{name}"), line, col,
                   f'the safety text "{unit.key}" of {unit.file} {was} since {who} checked '
                   f"the {lang} translation on {day}; a qualified translator must check it "
                   f"({_approve(lang)}).", severity=severity, rule=RULE)
    rest = [u for u in unchecked if not u.safety]
    if rest:
        names = ", ".join(f'"{u.file}#{u.key}"' for u in rest[:SHOWN_KEYS])
        more = f" and {len(rest) - SHOWN_KEYS} more" if len(rest) > SHOWN_KEYS else ""
        report.add(display_path(display, f"{base}/{SIGNOFF}"), 1, 1,
                   f"{len(rest)} {lang} text(s) were translated or changed since {who} checked "
                   f"the translation on {day}: {names}{more}. Its pages say it is not yet "
                   f"checked until a qualified translator has ({_approve(lang)}).",
                   severity="warning", rule=RULE)


def check_translators(units: Mapping[str, Mapping[str, Unit]], folder: TranslationFolder,
                      report: Report, *, display: str,
                      sign_off: bool | None = None) -> dict[str, TranslationCheck]:
    """Each language's sign-off against its texts as they are now. ``sign_off``: ``None``
    checks only the files themselves (``validate``, ``build``); ``False`` reports what no
    translator has checked as warnings (``check``), ``True`` as errors (``check --publish``)."""
    signoffs = _signoffs(folder, report, display)
    checks: dict[str, TranslationCheck] = {}
    for lang, files in sorted(folder.files.items()):
        checks[lang] = translation_check(units, current_texts(units, files), signoffs.get(lang))
        if sign_off is not None:
            _report(lang, checks[lang], units, folder, report, display, publish=sign_off)
    return checks
