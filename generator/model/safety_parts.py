"""The safety parts of the content, their fingerprints, and how they compare with the sign-off.

See :mod:`.signoff` for why. The parts are computed here, at the model stage, so the checks
(``hipback check --publish``), the pages ("Checked by …") and ``hipback review`` all judge the
same fingerprints.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..load.yamlio import Loc
from .content import Content
from .signoff import SNAPSHOT_FORMAT, SignOff


@dataclass(frozen=True, kw_only=True)
class Part:
    """One safety part: its name, where it lives and its data."""

    name: str  # "red-flags/emergency-signs"
    key: str  # the content file: "red-flags.yml"
    loc: Loc  # where the part starts in that file
    label: str  # for readers of a message: 'the sign list "emergency-signs"'
    data: Any  # plain JSON data


def _dump(obj: Any) -> Any:
    return obj.model_dump(mode="json", exclude_defaults=True)


def canonical(data: Any) -> str:
    """One text for equal data, whatever the order of keys: the fingerprint's input."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(data: Any) -> str:
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


def safety_parts(content: Content) -> dict[str, Part]:
    """Every safety part of the content, by name, in a stable order."""
    site = content.site
    parts = [
        Part(name="site", key="site.yml", loc=(), label="the phone numbers and scope",
             data={"emergency_number": site.emergency_number,
                   "urgent_number": site.urgent_number, "scope": site.scope}),
        Part(name="care-tiers", key="care-tiers.yml", loc=(), label="the care tiers",
             data=_dump(content.tiers)),
        Part(name="red-flags", key="red-flags.yml", loc=(), label="the order of the sign lists",
             data={**_dump(content.red_flags),
                   "lists": [x.id for x in content.red_flags.lists]}),
    ]
    parts += [
        Part(name=f"red-flags/{x.id}", key="red-flags.yml", loc=("lists", i),
             label=f'the sign list "{x.id}"', data=_dump(x))
        for i, x in enumerate(content.red_flags.lists)
    ]
    parts += [
        Part(name="flowchart", key="flowchart.yml", loc=(), label="the flowchart",
             data=_dump(content.flowchart)),
        Part(name="scenarios", key="scenarios.yml", loc=(),
             label="the safety rules and reader stories", data=_dump(content.scenarios)),
    ]
    parts += [
        Part(name=f"conditions/{slug}/get_help", key=f"conditions/{slug}.yml",
             loc=("get_help",), label=f'the get-help lines of "{slug}"',
             data={t: list(lines) for t, lines in cond.get_help.items()})
        for slug, cond in sorted(content.conditions.items())
    ]
    return {p.name: p for p in parts}


def snapshot_text(parts: Mapping[str, Part]) -> str:
    """``signoff-snapshot.json``: the signed parts, sorted and indented so a diff reads well."""
    doc = {"format": SNAPSHOT_FORMAT, "parts": {p.name: p.data for p in parts.values()}}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True, kw_only=True)
class Status:
    """The sign-off compared with the content as it is now."""

    signoff: SignOff | None
    parts: Mapping[str, Part]
    current: Mapping[str, str]  # part name → its fingerprint now
    snapshot: Mapping[str, Any]  # part name → the data signed (only parts that match)

    @property
    def changed(self) -> tuple[str, ...]:
        """Parts that are new or differ from what was signed, in part order."""
        signed = self.signoff.fingerprints if self.signoff else {}
        return tuple(n for n, fp in self.current.items() if signed.get(n) != fp)

    @property
    def removed(self) -> tuple[str, ...]:
        """Parts that were signed and are gone."""
        signed = self.signoff.fingerprints if self.signoff else {}
        return tuple(sorted(n for n in signed if n not in self.current))

    @property
    def all_current(self) -> bool:
        """True when a clinician signed exactly this content."""
        return self.signoff is not None and not self.changed and not self.removed

    def checked(self, names: tuple[str, ...] | list[str]) -> SignOff | None:
        """The sign-off if every one of ``names`` is as the clinician signed it."""
        if self.signoff is None:
            return None
        signed = self.signoff.fingerprints
        ok = all(n in self.current and signed.get(n) == self.current[n] for n in names)
        return self.signoff if ok else None

    def signed_data(self, name: str) -> Any:
        """What the clinician signed of part ``name`` (``None``: unknown or never signed)."""
        return self.snapshot.get(name)


def signoff_status(content: Content) -> Status:
    """Compare the sign-off (if any) with the content. A snapshot part is trusted only when its
    own fingerprint is the one signed: a hand-edited snapshot cannot show false old words."""
    parts = safety_parts(content)
    signed = content.signoff.fingerprints if content.signoff else {}
    raw = content.snapshot or {}
    snapshot = {n: d for n, d in raw.items() if n in signed and fingerprint(d) == signed[n]}
    return Status(signoff=content.signoff, parts=parts,
                  current={n: fingerprint(p.data) for n, p in parts.items()}, snapshot=snapshot)


def condition_parts(content: Content, slug: str) -> list[str]:
    """The safety parts a condition page and handout show: its get-help lines, the sign lists
    shown on every page, the care tiers and the phone numbers."""
    lists = [f"red-flags/{x.id}" for x in content.red_flags.lists if x.on_every_page]
    return ["site", "care-tiers", *lists, f"conditions/{slug}/get_help"]
