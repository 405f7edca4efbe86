"""Care tiers and sign lists: defined once, named everywhere, and never contradicted.

Every sign list, flowchart outcome and condition get-help list names a tier from
``care-tiers.yml``. Wording must agree with the tier it sits under: an item listed under a less
urgent tier may not use a phrase that means a more urgent one (the content defines those phrases
as each tier's ``words``), so "see a doctor today" cannot hide under "routine".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..diagnostics import Report, quoted, suggest
from ..load.yamlio import Loc
from ..model.content import Content
from ..text.memo import remembered
from ..text.placeholders import NUMBER, NUMBERS
from .refs import unique_ids

TIERS = "care-tiers.yml"
SIGNS = "red-flags.yml"
_OLD_NAMES = {"urgent": "it meant help today"}
"""Urgency words of the previous format that are not tier ids, and what they meant."""


def check_tiers(content: Content, report: Report) -> None:
    """Tier and sign-list ids, references, placeholders and tier wording."""
    if content.has(TIERS):
        tier_ids = [t.id for t in content.tiers.tiers]
        unique_ids(report, content, TIERS, "tiers", tier_ids, "tier")
        for i, tier in enumerate(content.tiers.tiers):
            _placeholders(content, report, TIERS, ("tiers", i, "action"), tier.action)
    if content.has(SIGNS):
        lists = content.red_flags.lists
        unique_ids(report, content, SIGNS, "lists", [x.id for x in lists], "sign list")
        seen: dict[str, Loc] = {}
        for i, sign_list in enumerate(lists):
            tier_ref(content, report, SIGNS, ("lists", i, "tier"), sign_list.tier)
            _placeholders(content, report, SIGNS, ("lists", i, "intro"), sign_list.intro)
            for j, sign in enumerate(sign_list.signs):
                loc: Loc = ("lists", i, "signs", j, "id")
                if sign.id in seen:
                    _add(content, report, SIGNS, loc, f'the sign id "{sign.id}" is used twice '
                         f"(first on line {content.where(SIGNS, seen[sign.id])[1]}); give each "
                         "sign its own id.")
                seen.setdefault(sign.id, loc)
        _first_tier_on_every_page(content, report)
    order = tier_order_problem(content)
    if order is not None:
        _add(content, report, TIERS, ("tiers",), order)
    for slug, cond in sorted(content.conditions.items()):
        key = f"conditions/{slug}.yml"
        for tier_id in cond.get_help:
            tier_ref(content, report, key, ("get_help", tier_id), tier_id)
    if order is None:  # the words of "more urgent" tiers are only known once the order is
        _check_words(content, report)


def _first_tier_on_every_page(content: Content, report: Report) -> None:
    """The most urgent tier's signs are on every condition page and handout: the disclaimer
    and the pages send readers to that box, so content cannot turn it off everywhere. (An
    error, not a silent override: the file stays the truth about what pages show.)"""
    if not content.has(TIERS) or not content.tiers.tiers:
        return
    first = content.tiers.tiers[0].id
    lists = [(i, x) for i, x in enumerate(content.red_flags.lists) if x.tier == first]
    if not lists or any(x.on_every_page for _, x in lists):
        return
    i, sign_list = lists[0]
    _add(content, report, SIGNS, ("lists", i, "on_every_page"), f'no sign list of the most '
         f'urgent tier ("{first}") is shown on every page, so condition pages and handouts '
         f'would have no "{sign_list.heading}" box, while the disclaimer sends readers to it. '
         "Remove on_every_page: false here.")


def tier_order_problem(content: Content) -> str | None:
    """Why the order in care-tiers.yml looks wrong, or ``None``.

    The tiers are listed most urgent first. When red-flags.yml (whose first list is the most
    urgent) and the flowchart's first question (which must ask about the most urgent signs)
    agree on a tier that care-tiers.yml does not list first, the mistake is most likely the
    order of the tiers (reversed, say): it is reported there, once, instead of at the flowchart
    and at every rule that compares tiers.
    """
    if not (content.has(TIERS) and content.has(SIGNS) and content.has("flowchart.yml")):
        return None
    tiers, lists = content.tiers.tiers, content.red_flags.lists
    start = next((q for q in content.flowchart.questions if q.id == content.flowchart.start),
                 None)
    asked = next((x for x in lists if start is not None and x.id == start.asks_about), None)
    if not tiers or asked is None or asked.tier == tiers[0].id:
        return None
    if lists[0].tier != asked.tier or asked.tier not in tier_rank(content):
        return None
    first, meant = tiers[0].id, asked.tier
    return (f'the tiers are listed most urgent first, so "{first}" is the most urgent here, '
            f'but red-flags.yml (its first list, "{lists[0].id}") and the flowchart\'s first '
            f'question treat "{meant}" as the most urgent. Put the tiers in order of urgency, '
            f'most urgent first (is the order reversed?); if "{first}" really is the most '
            "urgent, give it the first sign list and the first question. The checks that "
            "compare tiers run once the order agrees.")


def _add(content: Content, report: Report, key: str, loc: Loc, message: str,
         severity: str = "error") -> None:
    path, line, col = content.where(key, loc)
    report.add(path, line, col, message, severity)


def tier_rank(content: Content) -> dict[str, int]:
    """Tier id → urgency (0 is the most urgent). An id used twice keeps its first place (the
    second is reported as a duplicate), so one mistake does not turn into wording errors."""
    rank: dict[str, int] = {}
    for i, tier in enumerate(content.tiers.tiers):
        rank.setdefault(tier.id, i)
    return rank


def tier_hint(tier_id: str, known: Iterable[str]) -> str:
    """After 'unknown care tier "x"': a "Did you mean", what an old word meant, or the tiers."""
    ids = list(dict.fromkeys(known))
    listed = quoted(ids)
    return suggest(tier_id, ids) or (
        f' "{tier_id}" is a name from the previous format ({_OLD_NAMES[tier_id]}); use one '
        f"of the tiers: {listed}." if tier_id in _OLD_NAMES else f" The tiers are {listed}."
    )


def tier_ref(content: Content, report: Report, key: str, loc: Loc, tier_id: str) -> None:
    """Report ``tier_id`` at ``loc`` unless care-tiers.yml has it (quiet when that file failed:
    its own errors are enough)."""
    if not content.has(TIERS):
        return
    known = [t.id for t in content.tiers.tiers]
    if tier_id not in known:
        _add(content, report, key, loc, f'unknown care tier "{tier_id}"; it is not in '
             f"care-tiers.yml.{tier_hint(tier_id, known)}")


def _placeholders(content: Content, report: Report, key: str, loc: Loc, text: str) -> None:
    for name in NUMBER.findall(text):
        if name not in NUMBERS:
            _add(content, report, key, loc, f'unknown placeholder "{{{name}}}"; you can use '
                 f"{', '.join('{' + p + '}' for p in NUMBERS)} (filled in from site.yml).")


# ------------------------------------------------------------------ wording that fits the tier


def _texts(content: Content) -> Iterator[tuple[str, Loc, str, str]]:
    """(file key, location, text, tier id) of every text that sits under a tier."""
    if content.has(SIGNS):
        for i, sign_list in enumerate(content.red_flags.lists):
            base: Loc = ("lists", i)
            yield SIGNS, (*base, "heading"), sign_list.heading, sign_list.tier
            yield SIGNS, (*base, "intro"), sign_list.intro, sign_list.tier
            for j, sign in enumerate(sign_list.signs):
                yield SIGNS, (*base, "signs", j, "text"), sign.text, sign_list.tier
    if content.has("flowchart.yml"):
        for i, outcome in enumerate(content.flowchart.outcomes):
            yield "flowchart.yml", ("outcomes", i, "title"), outcome.title, outcome.tier
            yield "flowchart.yml", ("outcomes", i, "text"), outcome.text, outcome.tier
    if content.has(TIERS):
        for i, tier in enumerate(content.tiers.tiers):
            for field in ("title", "action"):
                yield TIERS, ("tiers", i, field), getattr(tier, field), tier.id
    for slug, cond in sorted(content.conditions.items()):
        for tier_id, items in cond.get_help.items():
            for j, item in enumerate(items):
                yield f"conditions/{slug}.yml", ("get_help", tier_id, j), item, tier_id


def _phrase(word: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in word.split()]
    return re.compile(r"(?<![\w&])" + r"\s+".join(words) + r"(?![\w&])", re.IGNORECASE)


def _check_words(content: Content, report: Report) -> None:
    if not content.has(TIERS):
        return
    tiers = content.tiers.tiers
    rank = tier_rank(content)
    patterns = tuple((t.id, tuple((w, _phrase(w)) for w in t.words)) for t in tiers)
    for key, loc, text, tier_id in _texts(content):
        mine = rank.get(tier_id)
        if mine is None:
            continue
        for hit in _more_urgent(text, patterns[:mine]):
            word, other = hit
            _add(content, report, key, loc, f'says "{word}", which means the tier "{other}" '
                 f'(care-tiers.yml), but it is listed under the less urgent tier "{tier_id}". '
                 "Move it to the right tier, or reword it.")


@remembered
def _more_urgent(text: str, patterns: tuple[tuple[str, tuple[tuple[str, re.Pattern[str]], ...]],
                                            ...]) -> tuple[tuple[str, str], ...]:
    """(words as written, tier id) for each more urgent tier whose words ``text`` uses."""
    out = []
    for tier_id, words in patterns:
        for _word, pattern in words:
            found = pattern.search(text)
            if found:
                out.append((found.group(0), tier_id))
                break
    return tuple(out)
