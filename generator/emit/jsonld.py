"""schema.org JSON-LD for a condition page: a MedicalWebPage about a MedicalCondition.

Prose becomes plain words (:func:`generator.text.inline.prose_plain`); the whole object goes
through :func:`generator.text.escape.json_for_script`, so no value can end the ``<script>``.
"""

from __future__ import annotations

from typing import Any

from ..resolve import Resolved
from ..text.escape import json_for_script
from ..text.inline import prose_plain
from ..text.urls import source_href


def jsonld(r: Resolved, slug: str) -> str:
    """The page's structured data, safe inside ``<script type="application/ld+json">``."""
    c = r.conditions[slug]
    sources = r.sources
    reviewed_by: list[dict[str, Any]] = [{"@type": "Organization", "name": c.review.reviewed_by}]
    signed = r.checked_by(slug)  # only a sign-off that covers this page as it is now
    if signed is not None:
        reviewed_by.append({"@type": "Person", "name": signed.signed_by.name,
                            "jobTitle": signed.signed_by.role})
    doc = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": c.name,
        "url": r.condition_url(slug),
        "description": prose_plain(c.summary),
        "inLanguage": r.site.language,
        "lastReviewed": c.review.last_reviewed.isoformat(),
        "reviewedBy": reviewed_by[0] if len(reviewed_by) == 1 else reviewed_by,
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": r.site.publisher},
        "citation": [source_href(sources[i].url, r.links.public_resolver(r.site.public_url))
                     for i in c.sources],
        "about": {
            "@type": "MedicalCondition",
            "name": c.name,
            "alternateName": list(c.also_called),
            "signOrSymptom": [
                {"@type": "MedicalSignOrSymptom", "name": prose_plain(x)} for x in c.feels_like
            ],
            "associatedAnatomy": [
                {"@type": "AnatomicalStructure", "name": r.region_label(x)}
                for x in [*c.where_felt.main, *c.where_felt.sometimes]
            ],
            "typicalTest": [
                {"@type": "MedicalTest", "name": prose_plain(x)} for x in c.diagnosis
            ],
        },
    }
    return json_for_script(doc)
