"""The quality rules about sections, reviews, sources and images (see :mod:`.` for the list)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ...diagnostics import quoted
from ...load.yamlio import Loc
from ...model import Condition
from ...model.content import Content, Page
from ...text.memo import Same, remembered
from .base import Collector, quote
from .reading import condition_lists
from .texts import reader_texts

# --- placeholders

_PLACEHOLDER_PATTERNS = (
    re.compile(r"…|\.\.\."),
    re.compile(r"\b(todo|tbd|tba|fixme|xxx+|lorem ipsum|placeholder)\b", re.IGNORECASE),
    re.compile(r"^(write|explain|describe)\b.*\b(here|sentence|phrase|this condition)\b",
               re.IGNORECASE),
    re.compile(r"^write an? (sign|reason)\b", re.IGNORECASE),
)
"""Text the scaffold (``hipback new condition``) leaves behind, or an editor's to-do marker."""

_PLACEHOLDER_NAME = re.compile(
    r"^\W*(tbd|tba|todo|to do|fixme|x+|n/?a|none|nobody|unknown|someone|reviewer|name|"
    r"your name|\?+|-+)\W*$",
    re.IGNORECASE,
)
"""A ``reviewed_by`` value that names nobody."""


@remembered
def is_placeholder(text: str) -> bool:
    """True for scaffold sentences, "TODO"-style markers and "…" left in text."""
    text = " ".join(text.split())
    return not text or any(p.search(text) for p in _PLACEHOLDER_PATTERNS)


def check_sections(report: Collector, slug: str, cond: Condition) -> None:
    key = f"conditions/{slug}.yml"
    for loc, message in _placeholders(Same(cond)):
        report.add("error", "required-sections", report.at(key, loc), message)


@remembered
def _placeholders(condition: Same[Condition]) -> tuple[tuple[Loc, str], ...]:
    """Where a condition still holds placeholder text, and what to say about it."""
    cond = condition.obj
    out: list[tuple[Loc, str]] = []
    for field in ("summary", "how_it_causes_pain"):
        value = getattr(cond, field)
        if is_placeholder(value):
            out.append(((field,), (f"{field} still holds placeholder text ({quote(value)}); "
                        "write it out in plain words.")))
    for loc, item in condition_lists(cond):
        if is_placeholder(item):
            at = max(i for i, p in enumerate(loc) if isinstance(p, int))
            name = ".".join(str(p) for p in loc[:at])
            out.append((loc, (f"{name} item {int(loc[at]) + 1} still holds placeholder text "
                        f"({quote(item)}); replace it or remove the item.")))
    for fid, value in sorted(cond.compare.items()):
        for attr in ("text", "note"):
            text = getattr(value, attr, None)
            if isinstance(text, str) and is_placeholder(text):
                out.append((("compare", fid, attr), (f"compare.{fid} still holds placeholder "
                            f"text ({quote(text)}); write a short phrase.")))
    return tuple(out)


# --- reviews


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def check_review(report: Collector, slug: str, cond: Condition, today: dt.date) -> None:
    key = f"conditions/{slug}.yml"
    review = cond.review
    warn_days = report.content.site.review_policy.warn_days
    due = review.next_review
    days = (due - today).days
    if days < 0:
        report.add("error", "review-overdue", report.at(key, ("review", "next_review")),
                   f"the review was due on {due.isoformat()} ({_days(-days)} ago); review the "
                   "page, then update last_reviewed and next_review.")
    elif days <= warn_days:
        when = "today" if days == 0 else f"in {_days(days)}"
        report.add("warning", "review-due-soon", report.at(key, ("review", "next_review")),
                   f"the next review is due on {due.isoformat()}, {when}; plan the review.")
    if review.last_reviewed > today:
        report.add("error", "review-in-future", report.at(key, ("review", "last_reviewed")),
                   f"last_reviewed is {review.last_reviewed.isoformat()}, which is after today "
                   f"({today.isoformat()}); write the day the page was really reviewed.")
    if _PLACEHOLDER_NAME.match(review.reviewed_by) or is_placeholder(review.reviewed_by):
        report.add("error", "reviewer-missing", report.at(key, ("review", "reviewed_by")),
                   f"reviewed_by is {quote(review.reviewed_by)}; name the real person or team who "
                   f'reviewed this page (for example "{report.content.site.publisher}").')


def is_placeholder_name(name: str) -> bool:
    """A name that names nobody ("TBD", "reviewer", "xxx")."""
    return bool(_PLACEHOLDER_NAME.match(name)) or is_placeholder(name)


# --- sources


def _source_is_placeholder(title: str, publisher: str) -> bool:
    return is_placeholder(title) or is_placeholder(publisher) or bool(
        _PLACEHOLDER_NAME.match(title) or _PLACEHOLDER_NAME.match(publisher)
    )


def _norm_url(url: str) -> str:
    """Compare addresses without their #fragment, trailing / or letter case."""
    return url.split("#", 1)[0].rstrip("/").lower()


_URL = re.compile(r"https?://[^\s)<>\"']+")


def check_sources(report: Collector, today: dt.date) -> None:
    content = report.content
    by_id = {s.id: s for s in content.sources.sources}
    placeholder = {
        s.id for s in content.sources.sources if _source_is_placeholder(s.title, s.publisher)
    }
    cited: set[str] = set()
    for sign_list in content.red_flags.lists:
        cited.update(sign_list.sources)
    for outcome in content.flowchart.outcomes:
        cited.update(outcome.sources)
    for slug, cond in sorted(content.conditions.items()):
        key = f"conditions/{slug}.yml"
        cited.update(cond.sources)
        cited.update(s for t in cond.treatment for s in getattr(t, "sources", ()))
        real = [s for s in cond.sources if s in by_id and s not in placeholder]
        if not cond.sources:
            report.add("error", "sources-missing", report.at(key, ("sources",)),
                       "this condition cites no sources; add at least one source id from "
                       "sources.yml.")
        elif not real:
            report.add("error", "sources-missing", report.at(key, ("sources",)),
                       f"this condition cites only placeholder sources ({quoted(cond.sources)}); "
                       "cite at least one real source from sources.yml.")

    linked: set[str] = set()
    for text in _all_link_text(content):
        linked.update(_urls_in(text))
    for i, source in enumerate(content.sources.sources):
        if source.id in placeholder:
            field = "title" if (is_placeholder(source.title)
                                or _PLACEHOLDER_NAME.match(source.title)) else "publisher"
            value = getattr(source, field)
            report.add("error", "source-incomplete",
                       report.at("sources.yml", ("sources", i, field)),
                       f'the source "{source.id}" has a placeholder {field} ({quote(value)}); '
                       "write the real title and publisher of the page you read.")
        if source.accessed > today:
            report.add("error", "source-incomplete",
                       report.at("sources.yml", ("sources", i, "accessed")),
                       f'the source "{source.id}" was accessed on {source.accessed.isoformat()}, '
                       f"which is after today ({today.isoformat()}); use the date you read it.")
        if source.id not in cited and _norm_url(source.url) not in linked:
            report.add("warning", "source-unused", report.at("sources.yml", ("sources", i, "id")),
                       f'the source "{source.id}" is not cited by any condition or linked from any '
                       "page; cite it in a condition's sources or remove it.")


@remembered
def _urls_in(text: str) -> frozenset[str]:
    return frozenset(_norm_url(u) for u in _URL.findall(text))


def _all_link_text(content: Content) -> Iterator[str]:
    for page in content.pages:
        yield page.body
    for ref in reader_texts(content):
        yield ref.text

# --- images

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\s*(\(([^)]*)\)|\[[^\]]*\])")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_FILENAME = re.compile(r"^[\w.-]+\.(png|jpe?g|gif|svg|webp|avif)$|^(img|image|dsc|screenshot)"
                       r"[_ -]?\d*$", re.IGNORECASE)


_FENCE = re.compile(r"^\s*(```|~~~)")


def check_images(report: Collector) -> None:
    for page in report.content.pages:
        in_fence = False
        for n, line in enumerate(page.body.splitlines()):
            if _FENCE.match(line):
                in_fence = not in_fence
            if in_fence:
                continue
            lineno = page.body_line + n
            for found in _MD_IMAGE.finditer(line):
                target = (found.group(3) or found.group(2)).strip()
                _judge_alt(report, page, lineno, found.start() + 1, found.group(1), target)
            for found in _HTML_IMG.finditer(line):
                alt = _ALT_ATTR.search(found.group(0))
                value = None if alt is None else next(
                    g for g in alt.groups()[1:] if g is not None
                )
                _judge_alt(report, page, lineno, found.start() + 1, value, found.group(0))


def _judge_alt(report: Collector, page: Page, line: int, col: int, alt: str | None,
               target: str) -> None:
    where = (page.display, line, col)
    shown = quote(target, 40)
    if alt is None or not alt.strip():
        report.add("error", "alt-text", where,
                   f"the image {shown} has no alternative text; describe what it shows for people "
                   "who cannot see it, for example ![Where sciatica is usually felt](…).")
    elif _FILENAME.match(alt.strip()):
        report.add("error", "alt-text", where,
                   f'the image {shown} has a file name as its alternative text ("{alt.strip()}"); '
                   "describe what the image shows instead.")


