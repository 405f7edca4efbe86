"""How much text a condition page and its handout may hold, checked before anything is laid out.

Each field already has its own limit (:mod:`generator.model.fields`), but a condition whose every
list is full was 405 KB of text, and its handout was still being laid out after 15 minutes:
WeasyPrint's time grows faster than the text. These totals keep the longest condition handout
near four printed pages, which lays out in a few seconds. Measured in CPU time (the machine is
shared, so wall time varies), laid out, laid out compactly and written: a condition at the limits
in three shapes (96 short bullets; 19 long ones; two 1,500-character paragraphs and 12 long
bullets), with the sign lists at theirs, is 6–7 pages, 3–4 compact, 3.2–4.2 s; the bundled
sciatica handout (3 pages, 2 compact) 1.7 s; 135 KB of text took 178 s and 36 pages. The bundled
conditions have at most 3,834 characters and 39 items.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Report
from ..model.condition import Cited, Condition
from ..model.content import Content

MAX_CONDITION_CHARS = 8000
"""Most characters of text one condition shows on its page and handout (about 4 printed pages)."""
MAX_CONDITION_ITEMS = 100
"""Most list items (bullets, treatments, get-help reasons) one condition may have in all."""
MAX_EVERY_PAGE_SIGNS_CHARS = 4000
"""Most characters in the sign lists shown on every condition page and handout (headings,
intros and signs; the bundled ones have 2,219)."""

SIGNS = "red-flags.yml"


def _strings(value: object) -> Iterator[str]:
    """The text in a section (a treatment's source ids are not counted: they are short)."""
    if isinstance(value, Cited):
        yield value.text
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


SECTIONS = ("name", "also_called", "summary", "how_it_causes_pain", "nerves", "feels_like",
            "worse_with", "better_with", "diagnosis", "self_care", "avoid", "treatment",
            "get_help")
"""The parts of a condition printed on its handout."""


def _sections(cond: Condition) -> dict[str, tuple[int, int]]:
    """Section → (characters of text, list items)."""
    out: dict[str, tuple[int, int]] = {}
    for name in SECTIONS:
        value = getattr(cond, name)
        chars = sum(len(s) for s in _strings(value))
        if name == "get_help":
            items = sum(len(v) for v in value.values())
        else:
            items = len(value) if isinstance(value, list) else 0
        out[name] = (chars, items)
    return out


_TOTALS = (
    (0, MAX_CONDITION_CHARS,
     ("this condition has {total:,} characters of text; the limit is {limit:,} (about 4 printed "
      'pages), so its page and handout stay readable. "{big}" is the longest part ({most:,} '
      "characters): shorten it or the others.")),
    (1, MAX_CONDITION_ITEMS,
     ("this condition has {total} list items in all; the limit is {limit}, so its page and "
      'handout stay readable. "{big}" has the most ({most}): keep the ones that matter most.')),
)
"""(which count of :func:`_sections`, its limit, the message): a condition over a limit is
reported at its biggest section by that count, the one shortening helps most."""


def check_limits(content: Content, report: Report) -> None:
    """Each condition's text and items in all, and the sign lists printed on every handout."""
    for slug, cond in sorted(content.conditions.items()):
        sections = _sections(cond)
        for which, limit, message in _TOTALS:
            total = sum(counts[which] for counts in sections.values())
            if total <= limit:
                continue
            big = max(sections, key=lambda name: sections[name][which])
            path, line, col = content.where(f"conditions/{slug}.yml", (big,))
            report.add(path, line, col, message.format(total=total, limit=limit, big=big,
                                                       most=sections[big][which]))
    if content.has(SIGNS):
        _every_page_signs(content, report)


def _every_page_signs(content: Content, report: Report) -> None:
    shown = [(i, x) for i, x in enumerate(content.red_flags.lists) if x.on_every_page]
    sizes = {i: len(x.heading) + len(x.intro) + sum(len(s.text) for s in x.signs)
             for i, x in shown}
    total = sum(sizes.values())
    if total > MAX_EVERY_PAGE_SIGNS_CHARS:
        big = max(sizes, key=sizes.__getitem__)
        path, line, col = content.where(SIGNS, ("lists", big))
        report.add(path, line, col, f"the sign lists shown on every condition page and handout "
                   f"have {total:,} characters in all; the limit is "
                   f"{MAX_EVERY_PAGE_SIGNS_CHARS:,}, so a handout still fits the rest. This "
                   f'list ("{content.red_flags.lists[big].id}") is the longest '
                   f"({sizes[big]:,}): shorten it, or set on_every_page: false on a list that "
                   "only the flowchart needs.")
