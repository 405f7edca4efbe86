"""``/api/conditions.json``: the condition data for other tools, versioned (see README)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ..model import Condition
from ..model.condition import Cited
from ..resolve import Resolved
from ..text.inline import prose_plain
from ..text.jsontext import indented_json
from ..text.urls import source_href

API_VERSION = 2
"""Version 2 (content format v2): ``how_it_causes_pain`` (was ``how_it_causes_hip_pain``),
``where_felt.sides``, ``avoid``, treatment items as ``{"text", "sources"}``, ``get_help`` keyed by
care tier id (the top-level ``tiers`` list gives their order, most urgent first),
``review.clinical_reviewer`` (from signoff.yml: ``{name, role, registration, date}``, only when
the sign-off covers what the page shows as it is now, else ``null``)."""


def _checked_by(r: Resolved, slug: str) -> dict[str, str] | None:
    signed = r.checked_by(slug)
    if signed is None:
        return None
    who = signed.signed_by
    return {"name": who.name, "role": who.role, "registration": who.registration,
            "date": signed.date.isoformat()}


def api_export(r: Resolved, *, handouts: Collection[str] | None = None) -> str:
    """``/api/conditions.json``: the condition data as plain words (prose without its Markdown),
    versioned (see :data:`API_VERSION`). ``handout_url`` is ``null`` for a condition whose
    handout the site does not hold (``handouts``: those it holds; ``None``: all)."""
    content = r.content
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
        "tiers": [{"id": t.id, "label": t.label, "title": t.title, "colour": t.colour}
                  for t in r.tiers.values()],
        "conditions": [_condition(r, slug, c, handouts) for slug, c in r.columns()],
    }
    return indented_json(doc) + "\n"


def _condition(r: Resolved, slug: str, c: Condition,
               handouts: Collection[str] | None) -> dict[str, Any]:
    """One condition's record."""
    site = r.content.site
    return {
        "slug": slug,
        "name": c.name,
        "also_called": list(c.also_called),
        "group": c.group,
        "url": r.condition_url(slug),
        "handout_url": (r.links.public(site.public_url, r.links.handout(slug))
                        if handouts is None or slug in handouts else None),
        "summary": prose_plain(c.summary),
        "how_it_causes_pain": prose_plain(c.how_it_causes_pain),
        "nerves": list(c.nerves),
        "where_felt": {
            "main": [{"id": x, "label": r.region_label(x)} for x in c.where_felt.main],
            "sometimes": [{"id": x, "label": r.region_label(x)} for x in c.where_felt.sometimes],
            "sides": c.where_felt.sides,
        },
        **{field: [prose_plain(x) for x in getattr(c, field)] for field in PLAIN_LISTS},
        "treatment": [
            {"text": prose_plain(x.text), "sources": list(x.sources)}
            if isinstance(x, Cited) else {"text": prose_plain(x), "sources": []}
            for x in c.treatment
        ],
        "get_help": {t.id: [prose_plain(x) for x in items] for t, items in r.get_help(slug)},
        "compare": _compare(r, slug),
        "related": list(c.related),
        "sources": _sources(r, c.sources),
        "review": {
            "reviewed_by": c.review.reviewed_by,
            "last_reviewed": c.review.last_reviewed.isoformat(),
            "next_review": c.review.next_review.isoformat(),
            "clinical_reviewer": _checked_by(r, slug),
        },
    }


PLAIN_LISTS = ("feels_like", "worse_with", "better_with", "diagnosis", "self_care", "avoid")


def _compare(r: Resolved, slug: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for feature in r.content.features.features:
        cell = r.cell(slug, feature.id)
        out[feature.id] = {"value": cell.value, "text": cell.text,
                           **({"note": cell.note} if cell.note else {})}
    return out


def _sources(r: Resolved, ids: Iterable[str]) -> list[dict[str, Any]]:
    """The sources as full addresses: the export is read away from the site."""
    public = r.links.public_resolver(r.content.site.public_url)
    return [{"id": i, "title": r.sources[i].title, "publisher": r.sources[i].publisher,
             "url": source_href(r.sources[i].url, public),
             "accessed": r.sources[i].accessed.isoformat()} for i in ids]


