"""Cross-file rules: every reference resolves, ids are unique, dates make sense.

Each file is already valid on its own (see :mod:`generator.model.content`); here we check how the
files fit together, and report every problem at the key that causes it. One function a rule:
:func:`check_refs` runs the rules about the whole content, then :data:`CONDITION_RULES` on each
condition file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..diagnostics import Report, one_of, quoted, suggest
from ..load.artwork import region_ids
from ..load.yamlio import Loc
from ..model import Condition
from ..model.content import Content


def unique_ids(report: Report, content: Content, key: str, list_key: str, ids: Sequence[str],
               what: str) -> set[str]:
    """Report every id of ``ids`` (the ``id`` of each entry of ``list_key`` in ``key``) that an
    earlier entry already has, at the second one; return the ids."""
    seen: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in seen:
            path, line, col = content.where(key, (list_key, i, "id"))
            _, first, _ = content.where(key, (list_key, seen[item_id], "id"))
            report.add(
                path,
                line,
                col,
                f'the {what} id "{item_id}" is used twice (first on line {first}); '
                "every id must be unique.",
            )
        else:
            seen[item_id] = i
    return set(seen)


def _ref(
    report: Report,
    content: Content,
    key: str,
    loc: Loc,
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


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 30.4375


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


@dataclass(frozen=True)
class Known:
    """The ids the vocabulary files define (each reported once if used twice), that conditions
    and lists refer to."""

    groups: set[str]
    regions: set[str]
    scale: set[str]
    features: set[str]
    sources: set[str]


def check_refs(content: Content, report: Report) -> None:
    """Every reference between files resolves, ids are unique, dates make sense.

    Rules that need a top-level file which failed validation are skipped (its own errors are
    already reported); everything else is still checked.
    """
    if content.has("site.yml"):
        _check_language(report, content)
    known = _known_ids(report, content)
    _check_glossary_forms(report, content)
    _check_feature_defaults(report, content, known)
    _check_names_differ(report, content)
    for slug, condition in sorted(content.conditions.items()):
        for rule in CONDITION_RULES:
            rule(report, content, slug, condition, known)
    _check_list_sources(report, content, known)
    if content.has("regions.yml"):
        _check_bodymap(report, content, known.regions)


def _known_ids(report: Report, content: Content) -> Known:
    """The ids of every vocabulary file, each one used twice reported."""
    def ids(key: str, items: Sequence[_HasId], list_key: str, what: str) -> set[str]:
        return unique_ids(report, content, key, list_key, [x.id for x in items], what)

    features = content.features
    known = Known(
        groups=ids("site.yml", content.site.groups, "groups", "group"),
        regions=ids("regions.yml", content.regions.regions, "regions", "region"),
        scale=ids("features.yml", features.scale, "scale", "scale value"),
        features=ids("features.yml", features.features, "features", "feature"),
        sources=ids("sources.yml", content.sources.sources, "sources", "source"),
    )
    ids("glossary.yml", content.glossary.terms, "terms", "glossary term")
    return known


def _check_feature_defaults(report: Report, content: Content, known: Known) -> None:
    """A feature's default is a scale value, and only scale features have one."""
    for i, feature in enumerate(content.features.features):
        if feature.default is None:
            continue
        if feature.kind != "scale":
            path, line, col = content.where("features.yml", ("features", i, "default"))
            report.add(
                path, line, col, f'a default only makes sense for kind "scale"; this '
                f'feature is kind "{feature.kind}". Remove the default.'
            )
        else:
            _ref(report, content, "features.yml", ("features", i, "default"),
                 feature.default, known.scale, "scale value", "features.yml (the scale)")


def _check_names_differ(report: Report, content: Content) -> None:
    """Two conditions with one name could not be told apart; the later file is reported."""
    named: dict[str, str] = {}
    for slug, condition in sorted(content.conditions.items()):
        same = named.setdefault(" ".join(condition.name.casefold().split()), slug)
        if same != slug:
            path, line, col = content.where(f"conditions/{slug}.yml", ("name",))
            report.add(path, line, col, f'the name "{condition.name}" is already the name of '
                       f"conditions/{same}.yml; readers could not tell the two pages apart in "
                       "menus, tables and maps. Give each condition its own name.")


def _check_group(report: Report, content: Content, slug: str, condition: Condition,
                 known: Known) -> None:
    _ref(report, content, f"conditions/{slug}.yml", ("group",), condition.group, known.groups,
         "group", "site.yml (groups)")


def _check_where_felt(report: Report, content: Content, slug: str, condition: Condition,
                      known: Known) -> None:
    """Regions exist, and each is listed once: under main or sometimes, not both or twice."""
    key = f"conditions/{slug}.yml"
    felt = condition.where_felt
    for part in ("main", "sometimes"):
        for i, region in enumerate(getattr(felt, part)):
            _ref(report, content, key, ("where_felt", part, i), region, known.regions, "region",
                 "regions.yml")
    for region in sorted(set(felt.main) & set(felt.sometimes)):
        i = felt.sometimes.index(region)
        path, line, col = content.where(key, ("where_felt", "sometimes", i))
        report.add(path, line, col, f'the region "{region}" is listed under both main and '
                   "sometimes; keep it in one of them.")
    for part in ("main", "sometimes"):
        items = getattr(felt, part)
        for i, region in enumerate(items):
            if region in items[:i]:
                path, line, col = content.where(key, ("where_felt", part, i))
                report.add(path, line, col, f'the region "{region}" is listed twice; '
                           "remove one.")


def _check_compare(report: Report, content: Content, slug: str, condition: Condition,
                   known: Known) -> None:
    """Each compare value names a feature and has the shape of that feature's kind."""
    key = f"conditions/{slug}.yml"
    feature_by_id = {f.id: f for f in content.features.features}
    for feature_id, value in condition.compare.items():
        if not _ref(report, content, key, ("compare", feature_id), feature_id, known.features,
                    "feature", "features.yml") or feature_id not in feature_by_id:
            continue
        kind = feature_by_id[feature_id].kind
        path, line, col = content.where(key, ("compare", feature_id))
        if kind == "regions":
            report.add(path, line, col, f'"{feature_id}" is filled in from where_felt; remove '
                       "it from compare.")
        elif kind == "text" and not hasattr(value, "text"):
            report.add(path, line, col, f'"{feature_id}" is a text feature; write it as '
                       f"{feature_id}: {{text: a short phrase}}.")
        elif kind == "scale":
            if not hasattr(value, "value"):
                report.add(path, line, col, f'"{feature_id}" takes a value from the scale '
                           f"({one_of(known.scale)}), not text.")
            else:
                _ref(report, content, key, ("compare", feature_id, "value"), value.value,
                     known.scale, "scale value", "features.yml (the scale)")


def _check_compare_complete(report: Report, content: Content, slug: str, condition: Condition,
                            known: Known) -> None:
    """Every feature without a default has a value (where_felt fills in the regions)."""
    if not content.has("features.yml"):
        return
    missing = [f.id for f in content.features.features
               if f.kind != "regions" and f.default is None and f.id not in condition.compare]
    if missing:
        path, line, col = content.where(f"conditions/{slug}.yml", ("compare",))
        report.add(path, line, col, f"compare has no value for {quoted(missing)}; add one (use "
                   '"not-typical" or "varies" if that is the honest answer), or give the '
                   "feature a default in features.yml.")


def _check_related(report: Report, content: Content, slug: str, condition: Condition,
                   known: Known) -> None:
    """Related conditions exist, and are other conditions."""
    key = f"conditions/{slug}.yml"
    for i, related in enumerate(condition.related):
        if related == slug:
            path, line, col = content.where(key, ("related", i))
            report.add(path, line, col, "a condition cannot be related to itself; "
                       "remove it from related.")
        else:
            _ref(report, content, key, ("related", i), related, content.condition_slugs,
                 "condition", "conditions/")


def _check_sources(report: Report, content: Content, slug: str, condition: Condition,
                   known: Known) -> None:
    """The condition's sources and each cited treatment's are in sources.yml."""
    key = f"conditions/{slug}.yml"
    for i, source in enumerate(condition.sources):
        _ref(report, content, key, ("sources", i), source, known.sources, "source",
             "sources.yml")
    for i, item in enumerate(condition.treatment):
        for j, source in enumerate(getattr(item, "sources", ())):
            _ref(report, content, key, ("treatment", i, "sources", j), source, known.sources,
                 "source", "sources.yml")


def _check_no_repeats(report: Report, content: Content, slug: str, condition: Condition,
                      known: Known) -> None:
    for list_key in ("related", "sources", "also_called", "nerves"):
        _twice(report, content, f"conditions/{slug}.yml", list_key, getattr(condition, list_key))


def _check_review_dates(report: Report, content: Content, slug: str, condition: Condition,
                        known: Known) -> None:
    """The next review comes after the last one, within the site's review policy."""
    review = condition.review
    if review.next_review <= review.last_reviewed:
        path, line, col = content.where(f"conditions/{slug}.yml", ("review", "next_review"))
        report.add(path, line, col, f"next_review ({review.next_review}) must come after "
                   f"last_reviewed ({review.last_reviewed}).")
        return
    if not content.has("site.yml"):
        return
    interval = content.site.review_policy.interval_months
    if months_between(review.last_reviewed, review.next_review) > interval + 0.5:
        path, line, col = content.where(f"conditions/{slug}.yml", ("review", "next_review"))
        report.add(path, line, col, f"next_review is more than {interval} months after "
                   "last_reviewed; the review policy in site.yml allows at most that. Bring it "
                   "forward.")


ConditionRule = Callable[[Report, Content, str, Condition, Known], None]

CONDITION_RULES: tuple[ConditionRule, ...] = (
    _check_group,
    _check_where_felt,
    _check_compare,
    _check_compare_complete,
    _check_related,
    _check_sources,
    _check_no_repeats,
    _check_review_dates,
)
"""The rules :func:`check_refs` runs on each condition file, in this order."""


class _Cites(Protocol):
    @property
    def sources(self) -> Sequence[str]: ...


def _check_list_sources(report: Report, content: Content, known: Known) -> None:
    """The sources of sign lists and flowchart outcomes are in sources.yml."""
    lists: tuple[tuple[str, str, Sequence[_Cites]], ...] = (
        ("red-flags.yml", "lists", content.red_flags.lists),
        ("flowchart.yml", "outcomes", content.flowchart.outcomes),
    )
    for key, list_key, entries in lists:
        if not content.has(key):
            continue
        for i, entry in enumerate(entries):
            for j, source in enumerate(entry.sources):
                _ref(report, content, key, (list_key, i, "sources", j), source, known.sources,
                     "source", "sources.yml")


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
    artwork = content.bodymap
    if artwork is None:  # missing or broken artwork: already reported by the loader
        return
    display = content.display("bodymap.svg")
    shapes = region_ids(artwork)
    for i, region in enumerate(content.regions.regions):
        if region.id not in shapes:
            path, line, col = content.where("regions.yml", ("regions", i, "id"))
            report.add(path, line, col, f'bodymap.svg has no shape for the region "{region.id}"; '
                       f'add a group with id="region-{region.id}".{suggest(region.id, shapes)}')
    for extra in sorted(shapes - regions):
        report.add(display, 1, 1, f'bodymap.svg has a shape "region-{extra}" that regions.yml '
                   f"does not list; add the region or remove the shape.", severity="warning")


