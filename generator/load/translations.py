"""Reading a content folder's translations: ``translations/<language>/`` mirrors its YAML files.

``translations/cy/red-flags.yml`` translates ``red-flags.yml``; ``translations/cy/conditions/
sciatica.yml`` translates ``conditions/sciatica.yml``. Each holds ``key: {source, text}`` lines:
the key names a text of the source file (``model/translatable.py`` says which keys exist), ``text``
is its translation and ``source`` the fingerprint of the source text it translates (so a change
of the source shows as a stale translation). This module only reads the files, with the same
rules as the rest of the folder (regular files inside the folder, size limits, positions of
every key); ``checks/translations.py`` judges them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Report
from .folder import display_path, files_below
from .leftovers import is_leftover
from .textfile import MAX_FILE_BYTES
from .yamlio import Loaded, load_yaml

__all__ = ["LANGUAGE_RE", "MAX_LANGUAGES", "SIGNOFF", "TRANSLATIONS", "TranslationFolder",
           "read_translations"]

TRANSLATIONS = "translations"
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
"""A language tag as HTML's ``lang`` takes it (BCP 47: ``cy``, ``ar``, ``pt-BR``, ``sr-Latn``)."""
MAX_LANGUAGES = 20
SIGNOFF = "signoff.yml"
"""``translations/<language>/signoff.yml``: who checked the language's translation
(``model/translation_signoff.py``), not a translation of a content file (the content's own
``signoff.yml``, the clinical sign-off, has no text to translate)."""


@dataclass(frozen=True)
class TranslationFolder:
    """The translation files that could be read: language → source file key → parsed file."""

    files: Mapping[str, Mapping[str, Loaded]] = field(default_factory=dict)
    signoffs: Mapping[str, Loaded] = field(default_factory=dict)
    """Language → its translator's sign-off (:data:`SIGNOFF`), for the languages that have one."""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.files))


def _inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _language(root: Path, folder: Path, display_root: str,
              report: Report) -> dict[str, Loaded]:
    """The files of one language folder, by the key of the source file each translates."""
    files: dict[str, Loaded] = {}
    for path, rel, shown in files_below(
            root, folder,
            lambda rel: display_path(display_root, f"{TRANSLATIONS}/{folder.name}/{rel}"),
            report, suffix=".yml",
            refusal="a translation folder holds .yml files that mirror the content's (for "
                    "example red-flags.yml, conditions/sciatica.yml); move or remove this file."):
        if not path.is_file():
            report.add(shown, 1, 1, "only regular files are read; replace this with a file.")
            continue
        loaded, errors = load_yaml(path, shown, max_chars=MAX_FILE_BYTES)
        report.extend(errors)
        if loaded is None:
            continue
        if loaded.data is None:
            loaded = Loaded(data={}, positions=loaded.positions)
        if not isinstance(loaded.data, dict):
            line, col = loaded.pos(())
            report.add(shown, line, col, "a translation file holds key: lines at the top level "
                       "(key: {source: …, text: …}).")
            continue
        files[rel] = loaded
    return files


def read_translations(root: Path, display_root: str, report: Report) -> TranslationFolder:
    """Every translation under ``root/translations`` (none: an empty folder of translations);
    what cannot be read goes into ``report``."""
    base = root / TRANSLATIONS
    if not base.is_dir():
        return TranslationFolder()
    found: dict[str, dict[str, Loaded]] = {}
    signoffs: dict[str, Loaded] = {}
    for folder in sorted(base.iterdir()):
        shown = display_path(display_root, f"{TRANSLATIONS}/{folder.name}")
        if is_leftover(folder.name):
            continue
        if not folder.is_dir() or not _inside(root, folder):
            report.add(shown, 1, 1, f"{TRANSLATIONS}/ holds one folder per language (for example "
                       f"{TRANSLATIONS}/cy/); move or remove this.")
            continue
        if not LANGUAGE_RE.match(folder.name):
            report.add(shown, 1, 1, f'"{folder.name}" is not a language tag; name the folder '
                       "with the language's code, as HTML's lang attribute takes it (for example "
                       "cy, ar, pt-BR).")
            continue
        if len(found) == MAX_LANGUAGES:
            report.add(shown, 1, 1, f"at most {MAX_LANGUAGES} languages are built; remove one "
                       "language folder.")
            break
        files = _language(root, folder, display_root, report)
        if SIGNOFF in files:
            signoffs[folder.name] = files.pop(SIGNOFF)
        found[folder.name] = files
    return TranslationFolder(files=found, signoffs=signoffs)
