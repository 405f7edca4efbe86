"""The booklet's own pages: a cover and the contents of each volume, and the list of its parts.

The booklet is the finished handouts joined behind a small front part (``publish/pdfjoin.py``),
so nothing is laid out twice and memory does not grow with a huge document. Only the front is
laid out here. Its contents give each part's first page in the booklet, which depends on the
page counts of the finished handouts: the HTML holds a numbered slot per entry
(``data-page="@3"``) and :func:`fill_pages` puts the numbers in once they are known. The front
is numbered i, ii, … and the parts 1, 2, … (page labels), so the length of the contents never
changes a number in it.

Each contents entry links to its part's web address; the join turns those links into jumps to
the part's first page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...model.sitemap import BOOKLET, OVERVIEW, handout_file, volume_names
from ...resolve import Resolved
from ..flowchart import FlowchartBuild
from .html import document, review_range
from .views import Ctx
from .volumes import split

_SLOT = re.compile(r'data-page="@(\d+)"')


@dataclass(frozen=True)
class PartRef:
    """One handout in a volume, as the join needs it."""

    name: str  # the handout (its cached PDF)
    title: str  # its bookmark and the title of its structure element
    group: str | None  # consecutive parts of one group share a bookmark and an element
    url: str  # where the contents entry links (becomes a jump to the part)


@dataclass(frozen=True)
class Volume:
    name: str  # ``booklet`` or ``booklet-2`` …
    front: str  # cover + contents, page numbers still slots (see fill_pages)
    parts: tuple[PartRef, ...]


def fill_pages(front: str, firsts: Sequence[int]) -> str:
    """The front with slot ``i`` replaced by ``firsts[i]`` (each part's first page number)."""
    found = [int(m.group(1)) for m in _SLOT.finditer(front)]
    if sorted(found) != list(range(len(firsts))):
        raise ValueError(f"the contents have slots {found}, but {len(firsts)} parts")
    return _SLOT.sub(lambda m: f'data-page="{firsts[int(m.group(1))]}"', front)


def _volume(ctx: Ctx, name: str, slugs: list[str], number: int, count: int) -> Volume:
    r = ctx.r
    s = ctx.s
    sb = s["pdf"]["booklet"]
    first, last, due = review_range(r.content)
    reviewed = (
        sb["reviewed_on"].format(date=r.date(first))
        if first == last
        else sb["reviewed_range"].format(first=r.date(first), last=r.date(last))
    )
    overview_title = s["pdf"]["overview"]["title"]
    parts = [PartRef(name=OVERVIEW, title=overview_title, group=None,
                     url=ctx.url(handout_file(OVERVIEW)))]
    groups: list[dict[str, Any]] = []
    for slug in slugs:
        cond = r.conditions[slug]
        group = r.group_title(cond.group)
        parts.append(PartRef(name=slug, title=cond.name, group=group, url=ctx.page_url(slug)))
        if not groups or groups[-1]["title"] != group:
            groups.append({"title": group, "entries": []})
        groups[-1]["entries"].append({"title": cond.name, "url": ctx.page_url(slug),
                                      "slot": f"@{len(parts) - 1}"})
    volume = ""
    title = sb["doc_title"].format(site=ctx.site.title)
    if count > 1:
        names = (r.conditions[slugs[0]].name, r.conditions[slugs[-1]].name)
        volume = sb["volume"].format(number=number, count=count, first=names[0], last=names[1])
        title = sb["volume_doc_title"].format(site=ctx.site.title, number=number, count=count)
    front = document(
        ctx,
        kind=BOOKLET,
        template="booklet.html.j2",
        title=title,
        subject=sb["subject"],
        keywords=[ctx.site.title, sb["label"], *(g["title"] for g in groups)],
        created=first,
        modified=last,
        volume=volume,
        overview={"title": overview_title, "url": parts[0].url, "slot": "@0"},
        groups=groups,
        reviewed=reviewed,
        next_due=sb["next_due"].format(date=r.date(due)),
    )
    return Volume(name=name, front=front, parts=tuple(parts))


def booklet_volumes(r: Resolved, flowchart: FlowchartBuild) -> list[Volume]:
    """Every volume of the booklet: conditions in table order (by group, then name), cut into
    volumes of at most :data:`volumes.MAX_PER_VOLUME`; each volume starts with the overview."""
    ctx = Ctx(r=r, flowchart=flowchart)
    runs = split(r.order)
    names = volume_names(len(r.order))
    return [_volume(ctx, name, slugs, i, len(runs))
            for i, (name, slugs) in enumerate(zip(names, runs, strict=True), 1)]
