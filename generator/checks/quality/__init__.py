"""Content quality checks (``hipback check``): reading level, sections, reviews, sources, glossary.

Validation (:mod:`generator.model.content`, :mod:`generator.checks`) decides whether the content
*can* be built. This module judges whether it is *good enough to publish*: plain words, no
placeholder text left from the scaffold, reviews on time, every claim sourced, medical words
explained, and a flowchart that never diagnoses (that one is a validation rule: see
:mod:`generator.checks.flowchart`). The rules, their ids and their severities:

===================  ========  ==============================================================
rule                 severity  fires when
===================  ========  ==============================================================
reading-level        warning   a page's Flesch–Kincaid grade is above ``reading_grade_max``
required-sections    error     a section or list item still holds placeholder text
                               ("Write a short sentence here.", "TODO", "…")
review-overdue       error     ``next_review`` is before today
review-due-soon      warning   ``next_review`` is within ``review_policy.warn_days`` days
review-in-future     error     ``last_reviewed`` is after today (a typo would be published as
                               the page's review date, and as the sitemap's)
reviewer-missing     error     ``reviewed_by`` is a placeholder ("TBD", "todo", "xxx", …)
sources-missing      error     a condition cites no source, or only placeholder sources
source-unused        warning   a source is cited by no condition and linked from no page
source-incomplete    error     a source's title or publisher is a placeholder, or its access
                               date is after today
glossary-missing     warning   a ``watch_terms`` word is used but no glossary form covers it
glossary-unused      warning   none of a glossary entry's forms is used anywhere
alt-text             error     an image in ``pages/*.md`` has no alternative text (or a file
                               name as its text)
story-coverage       warning   an answer of the flowchart, or an outcome, that no reader story
                               in ``scenarios.yml`` walks
clinical-review-     warning   there is no ``signoff.yml``: only in ``hipback check``; an
missing                        error with ``--publish`` (build and validate leave it out: the
                               pages say they are not yet reviewed by a clinician)
clinical-review-     warning   a safety part (flowchart, a sign list, care tiers, scenarios, a
changed                        condition's get_help, phone numbers) is new or differs from what
                               the clinician signed; an error with ``--publish``
site-address         error     only with ``--publish``: ``public_url`` is a placeholder
                               (``example.*``, localhost, a private network) or not https
validate             (as is)   warnings from ``hipback validate`` are repeated here
===================  ========  ==============================================================

With ``quality.warnings_as_errors: true`` in ``site.yml`` every warning is reported as an error.

What the alt-text rule does not need to check: the body map and the flowchart diagram get their
``<title>``/``<desc>`` from the generator (site strings and the required ``label`` of every region
in ``regions.yml``), so they always have alternative text; the artwork's own ``<title>`` in
``bodymap.svg`` is dropped on purpose (see :data:`generator.load.svgmarkup.SKIPPED_ELEMENTS`). Prose fields cannot hold
images at all (:mod:`generator.text.inline`). That leaves the hand-written pages.

"today" is always passed in (``--today``, defaulting to the clock only in :func:`run_check`), so a
check is repeatable and tests can pin the date.
"""


from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from ...diagnostics import Diagnostic
from ...model.content import Content
from .address import check_address
from .base import Collector, fmt_number
from .glossary import check_glossary
from .reading import PageReading, page_readings
from .rules import check_images, check_review, check_sections, check_sources
from .signoff import check_signoff
from .stories import check_story_coverage

RULES: dict[str, str] = {
    "reading-level": "prose is harder to read than the site's reading_grade_max",
    "required-sections": "a section still holds placeholder text",
    "review-overdue": "the next review date has passed",
    "review-due-soon": "the next review is due within review_policy.warn_days",
    "review-in-future": "the last review date is after today",
    "reviewer-missing": "reviewed_by does not name a person or team",
    "sources-missing": "a condition cites no real source",
    "source-unused": "a source is cited nowhere",
    "source-incomplete": "a source lacks a real title, publisher or a sensible access date",
    "glossary-missing": "a watched medical term is used but not in the glossary",
    "glossary-unused": "a glossary entry is used nowhere",
    "alt-text": "an image has no alternative text",
    "story-coverage": "an answer or outcome of the flowchart that no reader story walks",
    "clinical-review-missing": "no clinician has signed off the safety content (hipback check; "
    "an error with --publish)",
    "clinical-review-changed": "safety content changed since the clinical sign-off (hipback "
    "check; an error with --publish)",
    "site-address": "public_url is a placeholder or not https (hipback check --publish and "
    "hipback build --publish)",
    "validate": "a warning from hipback validate",
}
"""Every rule id, with a one-line description (for ``--format json`` consumers and docs)."""

# --- reading level


def check_reading(report: Collector, readings: Sequence[PageReading]) -> None:
    limit = report.content.site.quality.reading_grade_max
    for r in readings:
        if r.reading_grade > limit:
            report.add("warning", "reading-level", (r.path, r.line, r.col),
                       f"reading grade {r.reading_grade:.1f} is above the limit of "
                       f"{fmt_number(limit)}; use shorter sentences and everyday words.")


def check_quality(
    content: Content,
    *,
    today: dt.date,
    readings: Sequence[PageReading] | None = None,
    sign_off: bool | None = None,
) -> list[Diagnostic]:
    """Run every quality rule; return the findings sorted by file, line and column.

    With ``site.quality.warnings_as_errors`` every warning comes back as an error. ``readings``
    may be passed in when the caller has already measured the pages. ``sign_off`` asks about
    clinical sign-off: ``None`` leaves it out (pages say so themselves), ``False`` warns about
    each safety part no clinician has signed as it is, ``True`` (publishing) makes that an error
    and asks for a public https ``public_url``.
    """
    report = Collector(content)
    check_reading(report, readings if readings is not None else page_readings(content))
    for slug, cond in sorted(content.conditions.items()):
        check_sections(report, slug, cond)
        check_review(report, slug, cond, today)
    if sign_off is not None:
        check_signoff(report, publish=sign_off)
    if sign_off:
        check_address(report)
    check_sources(report, today)
    check_glossary(report)
    check_images(report)
    check_story_coverage(report, content)
    return finish(content, report.items)


def finish(content: Content, items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Deduplicate and sort; with ``warnings_as_errors`` every warning becomes an error."""
    if content.site.quality.warnings_as_errors:
        items = [dataclasses.replace(f, severity="error") for f in items]
    return sorted(set(items), key=lambda f: (f.path, f.line, f.col, f.rule, f.message))
