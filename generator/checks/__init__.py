"""Stage 3 — checks: how the validated files fit together, the flowchart's soundness and safety,
and the quality rules. Nothing here formats output; every problem is a Diagnostic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..diagnostics import Report
from ..load.folder import Folder, load_folder
from ..load.translations import TranslationFolder, read_translations
from ..model.content import Content, build_content
from ..model.translatable import content_units
from .flowchart import check_flowchart
from .invariants import check_invariants
from .languages import check_languages
from .limits import check_limits
from .links import check_links
from .names import check_names
from .pages import check_pages
from .quality import check_quality
from .quality.reading import PageReading, page_readings
from .refs import check_refs
from .safety import check_safety
from .scenarios import check_scenarios
from .screens import check_screens
from .tiers import check_tiers, tier_order_problem
from .translations import LanguageStatus, check_translations
from .translator import check_translators


def run_checks(content: Content, report: Report) -> None:
    """Every rule that decides whether the content can be built (not the quality rules)."""
    check_names(content, report)
    check_refs(content, report)
    check_tiers(content, report)
    check_limits(content, report)
    check_links(content, report)
    check_pages(content, report)
    check_flowchart(content, report)
    check_screens(content, report)
    if tier_order_problem(content) is None:  # else every rank comparison is a follow-on error
        check_invariants(content, report)
        check_scenarios(content, report)
        check_safety(content, report)


def load_and_check(root: Path, display: str | None = None) -> tuple[Content | None, Report]:
    """Load, validate and check a content folder; the content comes back only when it has no
    errors. Every file that validated is checked, even when another file failed."""
    _folder, content, report = _load_and_check(root, display)
    return content, report


def _load_and_check(root: Path,
                    display: str | None) -> tuple[Folder | None, Content | None, Report]:
    folder, report = load_folder(root, display)
    if folder is None:
        return None, None, report
    content = build_content(folder, report)
    run_checks(content, report)
    if report.errors:
        return folder, None, report
    return folder, content, report


@dataclass(frozen=True, kw_only=True)
class Checked:
    """The outcome of checking a folder: the content (``None`` when it did not even validate),
    every diagnostic, and the reading levels measured on the way. Content with quality errors is
    returned too (a report needs it), so callers decide by ``ok``."""

    content: Content | None
    report: Report
    readings: tuple[PageReading, ...] = ()
    translations: TranslationFolder = field(default_factory=TranslationFolder)
    languages: Mapping[str, LanguageStatus] = field(default_factory=dict)
    """Each translated language's stale and missing texts (checks/translations.py)."""
    localised: Mapping[str, Content] = field(default_factory=dict)
    """Each translated language's checked content (checks/languages.py)."""

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.report.errors

    def for_build(self, *, languages: bool = True) -> Checked:
        """What a build needs of the checks, the rest let go of for the build's whole run: the
        translation files as read (only ``hipback approve`` reads them again) and, without
        ``languages``, each language's content. At 1,000 conditions in two languages the files
        held about 66 MB, the languages' content about 40 MB."""
        return replace(self, translations=TranslationFolder(),
                       localised=self.localised if languages else {})


def check_folder(root: Path, display: str | None = None, *, today: dt.date,
                 sign_off: bool | None = None, languages: bool = True) -> Checked:
    """Everything ``validate``, ``build``, ``check`` and ``serve`` run, so a build can never fail
    on something ``validate`` let through: the structural checks, then (when they pass) the
    quality rules judged against ``today``. Without ``languages`` (``hipback build
    --no-languages``, which builds the source language alone) the translations are not read or
    checked: nothing built uses them."""
    folder, content, report = _load_and_check(root, display)
    if content is None or folder is None:
        return Checked(content=None, report=report)
    translated = Checked(content=content, report=report)
    if languages:
        translations = read_translations(root, content.display_root, report)
        units = content_units(content)
        statuses = check_translations(units, translations, report,
                                      display=content.display_root, publish=bool(sign_off))
        signed = check_translators(units, translations, report, display=content.display_root,
                                   sign_off=sign_off)
        localised = check_languages(folder, content, units, translations, report, run_checks,
                                    signed)
        translated = replace(translated, translations=translations, languages=statuses,
                             localised=localised)
    readings = tuple(page_readings(content))
    report.extend(check_quality(content, today=today, readings=readings, sign_off=sign_off))
    return replace(translated, readings=readings)
