"""What every flowchart emitter reads: the chart, its graph, the tiers and the sign lists.

A question may be written by an editor (``question:``, ``help:``) or generated from a sign list
(``asks_about:``): then its words are the list's ``question`` and its help is the list's signs, so
a warning sign is never typed twice. An outcome's label, colour and action come from its tier.
:class:`Chart` answers both in one place, so the diagram, the text version, the guide's JSON and
the printed overview cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...model import Flowchart
from ...model.graph import Graph
from ...model.sitemap import FLOWCHART, Place, condition_page
from ...resolve import CareTier, Resolved, SignList
from ...text.inline import LinkResolver

PAGE = FLOWCHART
"""The page the flowchart is built into (its links and the JSON's are relative to it)."""


@dataclass(frozen=True, kw_only=True)
class Chart:
    """A checked flowchart with everything its emitters need (see the module docstring).

    ``condition_url`` gives a condition page's href and ``link`` resolves links in prose, both
    for the place the output lands (the /flowchart/ page's Markdown unless told otherwise);
    ``data_condition_url`` and ``data_link`` the same for the guide's JSON, which the page's
    script reads (links resolved against the page's address, not by the engine).
    """

    fc: Flowchart
    graph: Graph
    tiers: Mapping[str, CareTier]
    sign_lists: Mapping[str, SignList]
    condition_names: Mapping[str, str]
    condition_url: Callable[[str], str]
    data_condition_url: Callable[[str], str]
    strings: Mapping[str, Any]
    link: LinkResolver | None
    data_link: LinkResolver | None

    @classmethod
    def of(
        cls,
        r: Resolved,
        *,
        condition_url: Callable[[str], str] | None = None,
        link: LinkResolver | None = None,
    ) -> Chart:
        """The chart for the /flowchart/ page; ``condition_url`` and ``link`` for another place
        (a handout: full public addresses), used for the JSON too."""

        def on_page(place: Place) -> Callable[[str], str]:
            return lambda slug: r.links.href(PAGE, condition_page(slug), place=place)

        return cls(
            fc=r.content.flowchart,
            graph=r.graph,
            tiers=r.tiers,
            sign_lists={x.id: x for x in r.sign_lists},
            condition_names={slug: c.name for slug, c in sorted(r.conditions.items())},
            condition_url=condition_url or on_page(Place.BODY),
            data_condition_url=condition_url or on_page(Place.PAGE),
            strings=r.strings,
            link=link if link is not None else r.links.resolver(PAGE, Place.BODY),
            data_link=link if link is not None else r.links.resolver(PAGE, Place.PAGE),
        )

    def sign_list(self, qid: str) -> SignList | None:
        """The sign list a question asks about, if it is generated from one."""
        about = self.graph.questions[qid].asks_about
        return self.sign_lists[about] if about else None

    def question(self, qid: str) -> str:
        """The question's words (plain text)."""
        sl = self.sign_list(qid)
        return sl.question if sl else str(self.graph.questions[qid].question)

    def help(self, qid: str) -> str | None:
        """The editor's help text (prose), or ``None`` (a sign-list question shows its signs)."""
        return self.graph.questions[qid].help

    def signs(self, qid: str) -> tuple[str, ...]:
        """The signs a sign-list question asks about (prose), or ``()``."""
        sl = self.sign_list(qid)
        return sl.signs if sl else ()

    def tier(self, oid: str) -> CareTier:
        return self.tiers[self.graph.outcomes[oid].tier]

    def name(self, slug: str) -> str:
        return self.condition_names.get(slug, slug)


def question_text(r: Resolved, qid: str) -> str:
    """A question's words, for emitters that hold a :class:`Resolved` rather than a Chart."""
    q = r.graph.questions[qid]
    return r.sign_list(q.asks_about).question if q.asks_about else str(q.question)
