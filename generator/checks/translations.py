"""Translations against their source: what is wrong, stale, missing or left over.

For every language folder (``load/translations.py``) and every text of the source content
(``model/translatable.py``):

* errors (``validate`` fails): a file that mirrors no content file with texts, a key that names
  no text of its source file (a typo, or a text the source no longer has: an orphan), an entry
  that is not ``{source: <fingerprint>, text: <translation>}``, an empty translation;
* stale (a warning; with ``--publish`` an error for a safety text): the source text changed
  since it was translated (the recorded fingerprint is not the text's). The message quotes the
  text as it now reads and the fingerprint to record once the translation follows it;
* missing (a warning, one per file; with ``--publish`` an error naming each safety text): a text
  with no translation. A page shows the source text there until it is; a published language
  is never left with a safety text in the source language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..diagnostics import Report, suggest
from ..load.folder import display_path
from ..load.translations import TRANSLATIONS, TranslationFolder
from ..load.yamlio import Loaded
from ..model.translatable import Unit, translation_file

__all__ = ["LanguageStatus", "check_translations"]

_FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")
_ENTRY_KEYS = ("source", "text")
SHOWN_KEYS = 5
"""How many missing keys a message names before "and N more"."""


@dataclass
class LanguageStatus:
    """What one language lacks: (file, key) of stale and of missing texts."""

    stale: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "write each translation as {source: <fingerprint>, text: <the translation>}."
    unknown = [k for k in entry if k not in _ENTRY_KEYS]
    if unknown:
        return (f'unknown key "{unknown[0]}"; a translation has only source and text.'
                f"{suggest(str(unknown[0]), _ENTRY_KEYS)}")
    if not isinstance(entry.get("text"), str) or not entry["text"].strip():
        return "the translation is empty; write the text, or remove the entry until it is done."
    if not isinstance(entry.get("source"), str) or not _FINGERPRINT.match(entry["source"]):
        return ("source must be the fingerprint of the text this translates (12 characters "
                "0-9 and a-f; hipback translations export gives it).")
    return None


def _check_file(lang: str, file: str, loaded: Loaded, units: Mapping[str, Unit], shown: str,
                report: Report, status: LanguageStatus, *, publish: bool) -> set[str]:
    """One translation file; returns the keys it translates."""
    done: set[str] = set()
    for key, entry in loaded.data.items():
        line, col = loaded.pos((key,))
        unit = units.get(str(key))
        if unit is None:
            report.add(shown, line, col, f'"{key}" is not a text of {file}; the source may have '
                       f"lost it, or the key is misspelled.{suggest(str(key), units)} Remove "
                       "the entry or correct its key.")
            continue
        if isinstance(entry, dict) and not isinstance(entry.get("source"), str):
            # a fingerprint of digits only reads as a number: take it as typed
            entry = {**entry, "source": loaded.raw.get((key, "source"), entry.get("source"))}
        problem = _entry_problem(entry)
        if problem:
            report.add(shown, line, col, problem)
            continue
        done.add(unit.key)
        if entry["source"] != unit.fingerprint:
            status.stale.append((file, unit.key))
            line, col = loaded.pos((key, "source"))
            report.add(shown, line, col, f'this translates an older version of "{unit.key}"; '
                       f'the text now reads: "{_short(unit.text)}". Translate it again, then '
                       f"set source: {unit.fingerprint}.",
                       severity="error" if publish and unit.safety else "warning",
                       rule="translation-stale")
    return done


def _missing(lang: str, file: str, units: Mapping[str, Unit], done: set[str], shown: str,
             report: Report, status: LanguageStatus, *, publish: bool) -> None:
    missing = [u for key, u in units.items() if key not in done]
    status.missing += [(file, u.key) for u in missing]
    if not missing:
        return
    safety = [u for u in missing if u.safety]
    names = ", ".join(f'"{u.key}"' for u in missing[:SHOWN_KEYS])
    more = f" and {len(missing) - SHOWN_KEYS} more" if len(missing) > SHOWN_KEYS else ""
    report.add(shown, 1, 1, f"{len(missing)} text(s) of {file} are not translated into "
               f"{lang} yet ({len(safety)} of them safety texts): {names}{more}. Pages show "
               "the source text there until it is.",
               severity="warning", rule="translation-missing")
    if publish:
        for unit in safety:
            report.add(shown, 1, 1, f'the safety text "{unit.key}" of {file} has no {lang} '
                       "translation; a language cannot be published without every warning "
                       "sign, care tier, guide question and answer and every reason to get "
                       "help.", rule="translation-missing")


def check_translations(units: Mapping[str, Mapping[str, Unit]], folder: TranslationFolder,
                       report: Report, *, display: str,
                       publish: bool = False) -> dict[str, LanguageStatus]:
    """Check every language of ``folder`` against the source ``units``; return each language's
    stale and missing texts. ``display``: how the content folder is shown in messages."""
    statuses: dict[str, LanguageStatus] = {}
    for lang, files in sorted(folder.files.items()):
        status = statuses.setdefault(lang, LanguageStatus())
        sources = {translation_file(f): f for f in units}
        for name, loaded in sorted(files.items()):
            shown = display_path(display, f"{TRANSLATIONS}/{lang}/{name}")
            file = sources.get(name, name)
            if file not in units:
                report.add(shown, 1, 1, f"there is no content file {file} with texts to "
                           "translate; a translation mirrors a content file (for example "
                           f"{TRANSLATIONS}/{lang}/red-flags.yml).{suggest(file, units)}")
                continue
            done = _check_file(lang, file, loaded, units[file], shown, report, status,
                               publish=publish)
            _missing(lang, file, units[file], done, shown, report, status, publish=publish)
        _untranslated_files(lang, [f for f in sorted(units) if translation_file(f) not in files],
                            units,
                            display_path(display, f"{TRANSLATIONS}/{lang}"), report, status, publish=publish)
    return statuses


def _untranslated_files(lang: str, files: list[str], units: Mapping[str, Mapping[str, Unit]],
                        shown: str, report: Report, status: LanguageStatus, *,
                        publish: bool) -> None:
    """Files with no translation at all: one warning for the language (a language may be
    translated a page at a time), and with ``--publish`` an error for each safety text."""
    texts = [u for f in files for u in units[f].values()]
    if not texts:
        return
    status.missing += [(u.file, u.key) for u in texts]
    names = ", ".join(files[:SHOWN_KEYS])
    more = f" and {len(files) - SHOWN_KEYS} more" if len(files) > SHOWN_KEYS else ""
    report.add(shown, 1, 1, f"{len(files)} content file(s) are not translated into {lang} yet "
               f"({len(texts)} texts): {names}{more}. Pages show the source text there "
               "until it is.", severity="warning", rule="translation-missing")
    if publish:
        for unit in texts:
            if unit.safety:
                report.add(f"{shown}/{unit.file}", 1, 1, f'the safety text "{unit.key}" of '
                           f"{unit.file} has no {lang} translation; a language cannot be "
                           "published without it.", rule="translation-missing")
