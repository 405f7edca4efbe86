"""A translator's sign-off against a language's texts as they are now, and what a language's
pages show in the source language.

Like the clinical sign-off (:mod:`.signoff`), a name in a file says nothing about what the
translator saw: the next edit keeps the name and changes the words. So
``translations/<language>/signoff.yml`` records, for every text the translator checked, a
fingerprint of the *pair* — the source text and its translation as they were. Editing either
one voids the sign-off for that text: a changed English red flag (the translation is then
stale and not shown anyway) and a changed Welsh one alike.

A language's safety texts (:attr:`~.translatable.Unit.safety`) are *checked* when every one of
them has a current translation whose pair matches the sign-off. ``check --publish`` refuses a
language whose safety texts are not all checked; its pages and handouts name the translator
only while the sign-off covers every translated text of the language as it is now (a text
translated or edited since is not checked, whatever the file says), and otherwise say "not yet
checked by a qualified translator".
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from .signoff import TranslatorSignOff
from .translatable import Unit

__all__ = ["Translation", "TranslationCheck", "text_fingerprint", "text_key",
           "translation_check", "untranslated_texts"]


def text_fingerprint(source: str, translation: str) -> str:
    """SHA-256 of a source text and its translation together (a JSON pair, so no choice of
    separator can make two different pairs read alike)."""
    pair = json.dumps([source, translation], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(pair.encode("utf-8")).hexdigest()


def text_key(unit: Unit) -> str:
    """How a sign-off (and a PO file's ``msgctxt``) names a text: ``red-flags.yml#<key>``."""
    return sys.intern(f"{unit.file}#{unit.key}")  # one string a text, however many languages


@dataclass(frozen=True, kw_only=True)
class TranslationCheck:
    """A language's sign-off (if any) compared with its texts as they are now."""

    signoff: TranslatorSignOff | None
    current: Mapping[str, str]
    """Text key → :func:`text_fingerprint` now, for every translation that follows its source."""
    safety: tuple[str, ...]
    """The keys of every safety text of the source, in source order."""

    def _signed(self, key: str) -> bool:
        signed = self.signoff.fingerprints if self.signoff else {}
        return key in self.current and signed.get(key) == self.current[key]

    @property
    def unchecked_safety(self) -> tuple[str, ...]:
        """Safety texts no translator has checked as they are now (missing and stale ones
        included: nobody checked a translation that is not there)."""
        return tuple(k for k in self.safety if not self._signed(k))

    @property
    def unchecked(self) -> tuple[str, ...]:
        """Translations, safety or not, new or changed since the sign-off."""
        return tuple(k for k in self.current if not self._signed(k))

    @property
    def covers_safety(self) -> bool:
        """A sign-off covers every safety text as it is now: the language may be published."""
        return self.signoff is not None and not self.unchecked_safety

    @property
    def checked_by(self) -> TranslatorSignOff | None:
        """The sign-off when it covers every safety text and every translation as it is now
        (what the pages may say: "checked by …"), else ``None``."""
        return self.signoff if self.covers_safety and not self.unchecked else None


def translation_check(units: Mapping[str, Mapping[str, Unit]],
                      texts: Mapping[str, Mapping[str, str]],
                      signoff: TranslatorSignOff | None) -> TranslationCheck:
    """Compare ``signoff`` with the current translations ``texts`` (source file → key →
    translated text, as :func:`.localise.current_texts` gives them)."""
    current = {text_key(unit): text_fingerprint(unit.text, texts[file][key])
               for file, file_units in units.items() for key, unit in file_units.items()
               if key in texts.get(file, {})}
    safety = tuple(text_key(u) for f in units.values() for u in f.values() if u.safety)
    return TranslationCheck(signoff=signoff, current=current, safety=safety)


def untranslated_texts(units: Mapping[str, Mapping[str, Unit]],
                       texts: Mapping[str, Mapping[str, str]]) -> frozenset[str]:
    """The source texts a language shows in the source language (no current translation), as
    the models hold them (stripped): the pages mark each as not yet translated. A page knows a
    text by its words only, so words that are also a translation in use (a name a translation
    keeps, "Sciatica") are left unmarked rather than marked where they are translated."""
    shown = {text.strip() for file_texts in texts.values() for text in file_texts.values()}
    return frozenset(unit.text.strip() for file, file_units in units.items()
                     for key, unit in file_units.items()
                     if key not in texts.get(file, {}) and unit.text.strip() not in shown)


@dataclass(frozen=True, kw_only=True)
class Translation:
    """What a translated language's content knows about its own translation."""

    language: str
    source_language: str
    untranslated: frozenset[str]
    """Texts shown in the source language (see :func:`untranslated_texts`)."""
    check: TranslationCheck
