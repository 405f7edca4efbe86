"""``signoff.yml``: a clinician's sign-off, bound to the safety content it covers.

A name typed into a condition file says nothing about what the clinician saw: the next edit keeps
the name and changes the advice. So the sign-off records a *fingerprint* (SHA-256 of a canonical
JSON form) of every safety part of the content as it was when the clinician signed it — the
flowchart, each sign list, the care tiers, the scenarios, each condition's get-help lines and
the phone numbers. A part whose fingerprint still matches is what the clinician checked; any
other part is not, whatever the files say. Beside it, ``signoff-snapshot.json`` keeps the signed
parts themselves, so a review can show exactly what changed (a fingerprint can only say *that*
something did).

Each part is the pydantic ``model_dump`` of the content objects, not a hand-picked list of
fields, so a field added to a model later (an answer's promise, a question's scope) is covered
the day it exists. Values left at their defaults are left out of the dump: content that does not
use a new field keeps its fingerprint when the engine gains one.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from .fields import Plain, Strict

SIGNOFF_FILE = "signoff.yml"
SNAPSHOT_FILE = "signoff-snapshot.json"
SNAPSHOT_FORMAT = 1
"""Version of the snapshot's layout; a different one is treated as no snapshot."""

PART_PATTERN = r"^[a-z0-9-]+(/[a-z0-9_-]+)*$"
FINGERPRINT_PATTERN = r"^[0-9a-f]{64}$"

PartName = Annotated[str, StringConstraints(pattern=PART_PATTERN, max_length=200)]
Fingerprint = Annotated[str, StringConstraints(pattern=FINGERPRINT_PATTERN)]


class Clinician(Strict):
    name: Plain = Field(description="The clinician's real name. Never invent one.")
    role: Plain = Field(description="For example Consultant physiotherapist.")
    professional_register: Plain = Field(
        description="The register they are on, for example HCPC, GMC or NMC."
    )
    registration_number: Plain = Field(description="Their number on that register.")

    @property
    def registration(self) -> str:
        """Register and number as pages show them: "HCPC PH123456"."""
        return f"{self.professional_register} {self.registration_number}"


class SignOff(Strict):
    """Written by ``hipback review --approve``; edit it by hand only to remove it."""

    signed_by: Clinician = Field(description="Who checked the safety content.")
    date: dt.date = Field(description="The day they signed it, YYYY-MM-DD.")
    fingerprints: Annotated[dict[PartName, Fingerprint], Field(min_length=1)] = Field(
        description="Safety part → SHA-256 of the part as signed (written by hipback review "
        "--approve; never type these)."
    )


TEXT_KEY_PATTERN = r"^[a-z0-9][a-z0-9_./-]*#[^\s#]+$"
"""A translated text's key as the PO files name it: ``red-flags.yml#emergency-signs/heading``."""

TEXT_FINGERPRINT_PATTERN = r"^[a-f0-9]{64}$"
"""The same form as :data:`FINGERPRINT_PATTERN`, spelled apart so a wrong one is told which
command writes it."""

TextKey = Annotated[str, StringConstraints(pattern=TEXT_KEY_PATTERN, max_length=300)]
TextFingerprint = Annotated[str, StringConstraints(pattern=TEXT_FINGERPRINT_PATTERN)]


class Translator(Strict):
    """Who checked a translation: a qualified translator, by name and professional membership
    (a reader of the page can look the number up with that body)."""

    name: Plain = Field(description="The translator's real name. Never invent one.")
    qualification: Plain = Field(
        description="Their qualification, for example Chartered Linguist (MCIL CL) or "
        "Qualified Member of ITI (MITI).")
    professional_body: Plain = Field(
        description="The professional body they belong to, for example CIOL or ITI.")
    membership_number: Plain = Field(description="Their membership number with that body.")

    @property
    def membership(self) -> str:
        """Body and number as pages show them: "ITI 12345"."""
        return f"{self.professional_body} {self.membership_number}"


class TranslatorSignOff(Strict):
    """``translations/<language>/signoff.yml``, written by ``hipback translations approve``;
    edit it by hand only to remove it."""

    checked_by: Translator = Field(description="Who checked the translation.")
    date: dt.date = Field(description="The day they signed it, YYYY-MM-DD.")
    fingerprints: Annotated[dict[TextKey, TextFingerprint], Field(min_length=1)] = Field(
        description="Text (file#key, as the PO file names it) → SHA-256 of its source text "
        "and its translation as checked (written by hipback translations approve; never type "
        "these).")


def parse_snapshot(text: str | None) -> dict[str, Any] | None:
    """The parts of a snapshot file, or ``None`` when there is none it can use."""
    if text is None:
        return None
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than any snapshot
        return None
    if not isinstance(doc, dict) or doc.get("format") != SNAPSHOT_FORMAT:
        return None
    parts = doc.get("parts")
    return parts if isinstance(parts, dict) else None
