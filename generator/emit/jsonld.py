"""schema.org JSON-LD for a condition page: a MedicalWebPage about a MedicalCondition."""

from __future__ import annotations

from ..resolve import Resolved
from ..textrules import json_for_script, prose_to_text


def jsonld(r: Resolved, slug: str) -> str:
    """The page's structured data, safe inside ``<script type="application/ld+json">``."""
    c = r.conditions[slug]
    sources = {x.id: x for x in r.content.sources.sources}
    doc = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": c.name,
        "url": r.condition_url(slug),
        "description": prose_to_text(c.summary),
        "inLanguage": r.site.language,
        "lastReviewed": c.review.last_reviewed.isoformat(),
        "reviewedBy": {"@type": "Organization", "name": c.review.reviewed_by},
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": r.site.publisher},
        "citation": [sources[i].url for i in c.sources],
        "about": {
            "@type": "MedicalCondition",
            "name": c.name,
            "alternateName": list(c.also_called),
            "signOrSymptom": [
                {"@type": "MedicalSignOrSymptom", "name": prose_to_text(x)} for x in c.feels_like
            ],
            "associatedAnatomy": [
                {"@type": "AnatomicalStructure", "name": r.region_label(x)}
                for x in [*c.where_felt.main, *c.where_felt.sometimes]
            ],
            "typicalTest": [
                {"@type": "MedicalTest", "name": prose_to_text(x)} for x in c.diagnosis
            ],
        },
    }
    return json_for_script(doc)
