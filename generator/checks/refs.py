"""Cross-file rules: every reference resolves, ids are unique, dates make sense.

Each file is already valid on its own (see :mod:`generator.content`); here we check how the files
fit together, and report every problem at the key that causes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..diagnostics import Report, one_of, suggest
from ..load.artwork import region_ids
from ..model.content import Content


def _unique(
    report: Report, content: Content, key: str, items: Sequence[Any], list_key: str, what: str
) -> set[str]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            path, line, col = content.where(key, (list_key, i, "id"))
            _, first, _ = content.where(key, (list_key, seen[item.id], "id"))
            report.add(
                path,
                line,
                col,
                f'the {what} id "{item.id}" is used twice (first on line {first}); '
                "every id must be unique.",
            )
        else:
            seen[item.id] = i
    return set(seen)


def _ref(
    report: Report,
    content: Content,
    key: str,
    loc: tuple[str | int, ...],
    value: str,
    known: Iterable[str],
    what: str,
    where_defined: str,
) -> bool:
    """Report ``value`` unless it is one of ``known``. When the file that defines the ids failed
    validation (``where_defined`` starts with its name) nothing is reported: its own errors are
    enough, and every reference would look broken."""
    known = set(known)
    if value in known or not content.has(where_defined.split()[0]):
        return True
    path, line, col = content.where(key, loc)
    hint = suggest(value, known) or (f" Known {what} ids: {one_of(known)}." if known else "")
    report.add(path, line, col, f'unknown {what} "{value}"; it is not in {where_defined}.{hint}')
    return False


def _twice(report: Report, content: Content, key: str, list_key: str,
           items: Sequence[str]) -> None:
    """The same entry twice in one list would be shown twice; say which one to remove."""
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        norm = " ".join(item.casefold().split())
        if norm in seen:
            path, line, col = content.where(key, (list_key, i))
            _, first, _ = content.where(key, (list_key, seen[norm]))
            report.add(path, line, col, f'"{item}" is listed twice in {list_key} (first on '
                       f"line {first}); remove one.")
        else:
            seen[norm] = i


def months_between(a: dt.date, b: dt.date) -> float:
    return (b - a).days / 30.4375


def check_refs(content: Content, report: Report) -> None:
    """Every reference between files resolves, ids are unique, dates make sense.

    Rules that need a top-level file which failed validation are skipped (its own errors are
    already reported); everything else is still checked.
    """
    if content.has("site.yml"):
        _check_language(report, content)
    site = content.site
    groups = _unique(report, content, "site.yml", site.groups, "groups", "group")
    regions = _unique(report, content, "regions.yml", content.regions.regions, "regions", "region")
    scale = _unique(report, content, "features.yml", content.features.scale, "scale", "scale value")
    features = _unique(
        report, content, "features.yml", content.features.features, "features", "feature"
    )
    sources = _unique(report, content, "sources.yml", content.sources.sources, "sources", "source")
    _unique(report, content, "glossary.yml", content.glossary.terms, "terms", "glossary term")
    _check_glossary_forms(report, content)

    for i, feature in enumerate(content.features.features):
        if feature.default is not None:
            if feature.kind != "scale":
                path, line, col = content.where("features.yml", ("features", i, "default"))
                report.add(
                    path, line, col, f'a default only makes sense for kind "scale"; this '
                    f'feature is kind "{feature.kind}". Remove the default.'
                )
            else:
                _ref(report, content, "features.yml", ("features", i, "default"),
                     feature.default, scale, "scale value", "features.yml (the scale)")

    feature_by_id = {f.id: f for f in content.features.features}
    named: dict[str, str] = {}
    for slug, cond in sorted(content.conditions.items()):
        key = f"conditions/{slug}.yml"
        same = named.setdefault(" ".join(cond.name.casefold().split()), slug)
        if same != slug:
            path, line, col = content.where(key, ("name",))
            report.add(path, line, col, f'the name "{cond.name}" is already the name of '
                       f"conditions/{same}.yml; readers could not tell the two pages apart in "
                       "menus, tables and maps. Give each condition its own name.")
        _ref(report, content, key, ("group",), cond.group, groups, "group", "site.yml (groups)")
        for part in ("main", "sometimes"):
            for i, region in enumerate(getattr(cond.where_felt, part)):
                _ref(report, content, key, ("where_felt", part, i), region, regions, "region",
                     "regions.yml")
        both = set(cond.where_felt.main) & set(cond.where_felt.sometimes)
        for region in sorted(both):
            i = cond.where_felt.sometimes.index(region)
            path, line, col = content.where(key, ("where_felt", "sometimes", i))
            report.add(path, line, col, f'the region "{region}" is listed under both main and '
                       "sometimes; keep it in one of them.")
        for dup_part in ("main", "sometimes"):
            items = getattr(cond.where_felt, dup_part)
            for i, region in enumerate(items):
                if region in items[:i]:
                    path, line, col = content.where(key, ("where_felt", dup_part, i))
                    report.add(path, line, col, f'the region "{region}" is listed twice; '
                               "remove one.")
        for fid, value in cond.compare.items():
            if not _ref(report, content, key, ("compare", fid), fid, features, "feature",
                        "features.yml") or fid not in feature_by_id:
                continue
            feature = feature_by_id[fid]
            path, line, col = content.where(key, ("compare", fid))
            if feature.kind == "regions":
                report.add(path, line, col, f'"{fid}" is filled in from where_felt; remove it '
                           "from compare.")
            elif feature.kind == "text" and not hasattr(value, "text"):
                report.add(path, line, col, f'"{fid}" is a text feature; write it as '
                           f"{fid}: {{text: a short phrase}}.")
            elif feature.kind == "scale":
                if not hasattr(value, "value"):
                    report.add(path, line, col, f'"{fid}" takes a value from the scale '
                               f"({one_of(scale)}), not text.")
                else:
                    _ref(report, content, key, ("compare", fid, "value"), value.value, scale,
                         "scale value", "features.yml (the scale)")
        missing = [] if not content.has("features.yml") else [
            f.id for f in content.features.features
            if f.kind != "regions" and f.default is None and f.id not in cond.compare
        ]
        if missing:
            path, line, col = content.where(key, ("compare",))
            report.add(path, line, col, "compare has no value for "
                       + ", ".join(f'"{m}"' for m in missing)
                       + '; add one (use "not-typical" or "varies" if that is the honest answer), '
                       "or give the feature a default in features.yml.")
        for i, rel in enumerate(cond.related):
            if rel == slug:
                path, line, col = content.where(key, ("related", i))
                report.add(path, line, col, "a condition cannot be related to itself; "
                           "remove it from related.")
            else:
                _ref(report, content, key, ("related", i), rel, content.condition_slugs,
                     "condition", "conditions/")
        for i, src in enumerate(cond.sources):
            _ref(report, content, key, ("sources", i), src, sources, "source", "sources.yml")
        for i, item in enumerate(cond.treatment):
            for j, src in enumerate(getattr(item, "sources", ())):
                _ref(report, content, key, ("treatment", i, "sources", j), src, sources,
                     "source", "sources.yml")
        for list_key in ("related", "sources", "also_called", "nerves"):
            _twice(report, content, key, list_key, getattr(cond, list_key))
        review = cond.review
        if review.next_review <= review.last_reviewed:
            path, line, col = content.where(key, ("review", "next_review"))
            report.add(path, line, col, f"next_review ({review.next_review}) must come after "
                       f"last_reviewed ({review.last_reviewed}).")
        elif content.has("site.yml") and months_between(review.last_reviewed,
                                                        review.next_review) > (
            site.review_policy.interval_months + 0.5
        ):
            path, line, col = content.where(key, ("review", "next_review"))
            report.add(path, line, col, f"next_review is more than "
                       f"{site.review_policy.interval_months} months after last_reviewed; the "
                       "review policy in site.yml allows at most that. Bring it forward.")
    if content.has("red-flags.yml"):
        for i, sign_list in enumerate(content.red_flags.lists):
            for j, src in enumerate(sign_list.sources):
                _ref(report, content, "red-flags.yml", ("lists", i, "sources", j), src, sources,
                     "source", "sources.yml")
    if content.has("flowchart.yml"):
        for i, outcome in enumerate(content.flowchart.outcomes):
            for j, src in enumerate(outcome.sources):
                _ref(report, content, "flowchart.yml", ("outcomes", i, "sources", j), src,
                     sources, "source", "sources.yml")
    if content.has("regions.yml"):
        _check_bodymap(report, content, regions)


def _check_glossary_forms(report: Report, content: Content) -> None:
    seen: dict[str, str] = {}
    for i, term in enumerate(content.glossary.terms):
        for j, form in enumerate([term.term, *term.also]):
            loc: tuple[str | int, ...] = ("terms", i, "term") if j == 0 else (
                "terms", i, "also", j - 1)
            if form in seen and seen[form] != term.id:
                path, line, col = content.where("glossary.yml", loc)
                report.add(path, line, col, f'the word "{form}" is already defined by the term '
                           f'"{seen[form]}"; a word can have only one definition.')
            seen.setdefault(form, term.id)



def _check_language(report: Report, content: Content) -> None:
    """The theme must speak the site's language (else MkDocs stops with TemplateNotFound)."""
    import material

    base = content.site.language.split("-")[0].lower()
    folder = Path(material.__file__).resolve().parent / "templates" / "partials" / "languages"
    if not (folder / f"{base}.html").is_file():
        known = sorted(p.stem for p in folder.glob("*.html") if p.stem != "custom")
        path, line, col = content.where("site.yml", ("language",))
        report.add(path, line, col, f'the site theme has no translation for the language '
                   f'"{content.site.language}", so the site cannot be built in it.'
                   f"{suggest(base, known)} Languages it knows: {one_of(known, 20)}.")


def _check_bodymap(report: Report, content: Content, regions: set[str]) -> None:
    bm = content.bodymap
    if bm is None:  # missing or broken artwork: already reported by the loader
        return
    display = content.display("bodymap.svg")
    shapes = region_ids(bm)
    for i, region in enumerate(content.regions.regions):
        if region.id not in shapes:
            path, line, col = content.where("regions.yml", ("regions", i, "id"))
            report.add(path, line, col, f'bodymap.svg has no shape for the region "{region.id}"; '
                       f'add a group with id="region-{region.id}".{suggest(region.id, shapes)}')
    for extra in sorted(shapes - regions):
        report.add(display, 1, 1, f'bodymap.svg has a shape "region-{extra}" that regions.yml '
                   f"does not list; add the region or remove the shape.", severity="warning")


