"""``/api/conditions.json``: the condition data for other tools, versioned (see README)."""

from __future__ import annotations

import json

from ..resolve import Resolved
from ..textrules import prose_to_text

API_VERSION = 1


def api_export(r: Resolved) -> str:
    content = r.content
    """``/api/conditions.json``: versioned, documented in docs/API.md."""
    sources = {x.id: x for x in content.sources.sources}
    conditions = []
    for slug, c in r.columns():
        conditions.append(
            {
                "slug": slug,
                "name": c.name,
                "also_called": list(c.also_called),
                "group": c.group,
                "url": r.condition_url(slug),
                "handout_url": f"{content.site.public_url}handouts/{slug}.pdf",
                "summary": prose_to_text(c.summary),
                "how_it_causes_hip_pain": prose_to_text(c.how_it_causes_hip_pain),
                "nerves": list(c.nerves),
                "where_felt": {
                    "main": [{"id": x, "label": r.region_label(x)} for x in c.where_felt.main],
                    "sometimes": [{"id": x, "label": r.region_label(x)} for x in c.where_felt.sometimes],
                },
                **{
                    field: [prose_to_text(x) for x in getattr(c, field)]
                    for field in ("feels_like", "worse_with", "better_with", "diagnosis",
                                  "self_care", "treatment")
                },
                "get_help": {
                    "urgent": [prose_to_text(x) for x in c.get_help.urgent],
                    "routine": [prose_to_text(x) for x in c.get_help.routine],
                },
                "compare": {
                    f.id: {
                        "value": cell.value,
                        "text": cell.text,
                        **({"note": cell.note} if cell.note else {}),
                    }
                    for f in content.features.features
                    for cell in [r.cell(slug, f.id)]
                },
                "related": list(c.related),
                "sources": [
                    {"id": i, "title": sources[i].title, "publisher": sources[i].publisher,
                     "url": sources[i].url, "accessed": sources[i].accessed.isoformat()}
                    for i in c.sources
                ],
                "review": {
                    "reviewed_by": c.review.reviewed_by,
                    "last_reviewed": c.review.last_reviewed.isoformat(),
                    "next_review": c.review.next_review.isoformat(),
                },
            }
        )
    doc = {
        "version": API_VERSION,
        "site": {"title": content.site.title, "url": content.site.public_url,
                 "language": content.site.language},
        "features": [
            {"id": f.id, "label": f.label, "group": f.group, "kind": f.kind}
            for f in content.features.features
        ],
        "scale": [{"id": v.id, "label": v.label, "symbol": v.symbol}
                  for v in content.features.scale],
        "regions": [{"id": x.id, "label": x.label, "view": x.view}
                    for x in content.regions.regions],
        "conditions": conditions,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


