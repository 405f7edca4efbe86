"""Which handouts one render makes, in every language: their names, booklets, HTML and jobs.

A build with translated languages renders the source language's handouts and each language's
in one pass over one worker pool (:func:`.handouts.render_handouts`): a language's jobs are
named ``<language>/<handout>`` (``cy/sciatica``), so names never collide in the pool or the
cache, where a language's PDFs live in their own folder (``<cache>/handouts/cy/``). Each
language lays out its handouts from its own resolved content (its words, its address on the
QR codes, its writing direction and fonts). The hazard log, for clinical safety officers, is
made in the source language only.

**One language at a time.** Every handout in three languages at 1,000 conditions is about 3,000
documents. :func:`plan_sets` gives what lays out each set, called one after the other, and a translation's content
is resolved only when its turn comes (its :data:`LanguageSource` may be a function that makes
it): the render asks for the next set once every job of the ones before has been handed to the
workers (whose queue keeps them busy meanwhile), and a set's HTML and content are let go of with
its last job. Laying out every set first held every language's HTML for the whole pass: at
N=1,000 in three languages the build's peak went from 437 to 404 MB, and with 20 languages it
would have held twenty sets' instead of one or two.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from ..emit.flowchart import FlowchartBuild
from ..emit.pdf.booklet import Volume, booklet_volumes
from ..emit.pdf.html import MAX_CONDITION_PAGES, HandoutError, build_html, compact_html, tight_html
from ..model.sitemap import HAZARD_LOG, OVERVIEW
from ..resolve import Resolved
from .pdfjoin import join_fingerprint
from .pdfwork import RenderJob, cache_key

__all__ = ["HandoutSet", "LaidOut", "LanguageSource", "Planned", "SetPlan", "cache_paths",
           "jobs", "lay_out", "plan_sets"]

SOURCE_ONLY = frozenset({HAZARD_LOG})
"""Handouts made in the source language only."""


@dataclass(frozen=True, kw_only=True)
class HandoutSet:
    """One language's handouts: the source's (``prefix`` ``""``) or a translation's
    (``prefix`` ``"<language>/"``)."""

    prefix: str
    r: Resolved
    flowchart: FlowchartBuild

    @property
    def names(self) -> tuple[str, ...]:
        """The handouts this language makes (the site map's, less :data:`SOURCE_ONLY` for a
        translation)."""
        names = self.r.links.handouts
        return names if not self.prefix else tuple(n for n in names if n not in SOURCE_ONLY)


LanguageSource = tuple[Resolved, FlowchartBuild] | Callable[[], tuple[Resolved, FlowchartBuild]]
"""A translated language's resolved content and flowchart, or what makes them when needed."""


@dataclass
class LaidOut:
    """Everything one set asks for, by qualified name (``cy/sciatica``)."""

    wanted: list[str]
    volumes: dict[str, Volume]
    htmls: dict[str, bytes]  # each handout's HTML, packed (:func:`pack`)
    handouts: HandoutSet  # the set it is of

    def html(self, name: str) -> str:
        return unpack(self.htmls[name])


def pack(html: str) -> bytes:
    """A handout's HTML as this process holds it until its job is handed out: every handout in
    three languages at N=1,000 is about 3,000 documents, and Python keeps a Welsh or Arabic
    one at two bytes a character; compressed (quickly), a third of that or less."""
    return zlib.compress(html.encode("utf-8"), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


def _qualified(volume: Volume, prefix: str) -> Volume:
    return replace(volume, name=prefix + volume.name,
                   parts=tuple(replace(p, name=prefix + p.name) for p in volume.parts))


def lay_out(hs: HandoutSet, only: str | None) -> LaidOut:
    """The handouts of ``hs`` asked for (all, or ``only``), their booklets and the HTML of all
    they need."""
    names = list(hs.names)
    if only is not None and only not in names:
        raise HandoutError(f'there is no handout "{only}"; choose one of {", ".join(names)}.')
    wanted = [only] if only is not None else names
    volumes = {v.name: v for v in booklet_volumes(hs.r, hs.flowchart) if v.name in wanted}
    parts = {p.name for v in volumes.values() for p in v.parts}
    laid = [n for n in names if (n in wanted and n not in volumes) or n in parts]
    q = hs.prefix
    return LaidOut(wanted=[q + n for n in wanted],
                   volumes={q + n: _qualified(v, q) for n, v in volumes.items()},
                   htmls={q + n: pack(html)
                          for n, html in build_html(hs.r, hs.flowchart, names=laid).items()},
                   handouts=hs)


def cache_paths(folder: Path, laid: LaidOut, fingerprint: str) -> dict[str, Path]:
    """Qualified name → cached PDF path (a booklet's key hashes its parts' keys: a part changes
    it); a translation's PDFs in their own folder, made here."""
    keys = {name: cache_key(laid.html(name), fingerprint) for name in laid.htmls}
    for name, volume in laid.volumes.items():
        keys[name] = _booklet_key(volume, keys, join_fingerprint(fingerprint))
    if laid.handouts.prefix:
        (folder / laid.handouts.prefix).mkdir(parents=True, exist_ok=True)
    return {name: folder / f"{name}-{key[:20]}.pdf" for name, key in keys.items()}


def _booklet_key(volume: Volume, part_keys: Mapping[str, str], fingerprint: str) -> str:
    parts = "".join(f"\0{p.name}={part_keys[p.name]}" for p in volume.parts)
    return cache_key(volume.front + parts, fingerprint)


def is_condition(laid: LaidOut, name: str) -> bool:
    """Whether the qualified ``name`` is a condition's handout (which has a page limit)."""
    hs = laid.handouts
    return name.startswith(hs.prefix) and name.removeprefix(hs.prefix) in hs.r.content.conditions


@dataclass(frozen=True)
class Planned:
    """A render to hand out, made into its :class:`RenderJob` only then (:meth:`make`): a
    condition's compact and tight layouts are two more copies of its HTML, which for every
    handout in three languages at N=1,000 held about a gigabyte in this process before the
    first job had even started."""

    name: str
    packed: bytes  # its HTML (:func:`pack`)
    paper: str
    fingerprint: str
    handouts: HandoutSet | None = None  # a condition's set: it has a page limit

    def make(self) -> RenderJob:
        html = unpack(self.packed)
        if self.handouts is None:
            return RenderJob(name=self.name, html=html, paper=self.paper,
                             fingerprint=self.fingerprint)
        hs = self.handouts
        compact = compact_html(hs.r, hs.flowchart, self.name.removeprefix(hs.prefix))
        return RenderJob(name=self.name, html=html, paper=self.paper,
                         fingerprint=self.fingerprint, max_pages=MAX_CONDITION_PAGES,
                         compact=compact, tight=tight_html(compact))


def jobs(laid: LaidOut, needed: set[str], paths: Mapping[str, Path], *, paper: str,
         fingerprint: str) -> list[Planned]:
    """A render for each ``needed`` handout not in the cache (a condition's with its page limit
    and its compact and tight layouts, made when it is handed out): the overview first (the
    longest), then the conditions in the booklet's order, so a volume can be joined while the
    others are still being laid out."""
    hs = laid.handouts
    return [Planned(name=name, packed=laid.htmls[name], paper=paper, fingerprint=fingerprint,
                    handouts=hs if is_condition(laid, name) else None)
            for name in (hs.prefix + n for n in [OVERVIEW, *hs.r.order, HAZARD_LOG])
            if name in laid.htmls and name in needed and not paths[name].is_file()]


@dataclass(frozen=True)
class SetPlan:
    """One set's share of a render (:func:`plan_sets`)."""

    prefix: str
    wanted: list[str]  # the handouts asked for, by qualified name
    paths: dict[str, Path]  # qualified name → its PDF in the cache
    todo: list[Planned]  # the renders it needs (not in the cache)
    joins: list[Volume]  # its booklet volumes to join
    conditions: frozenset[str]  # its condition handouts (which have a page limit)


def plan_sets(r: Resolved, flowchart: FlowchartBuild, languages: Mapping[str, LanguageSource],
              *, only: str | None, folder: Path, paper: str,
              fingerprint: str) -> list[Callable[[], SetPlan]]:
    """What plans each set, in turn (see the module docstring): the source language's (only
    ``only``, when given: then no translation's), then each translation's, by language, its
    content made when its plan is."""
    source = HandoutSet(prefix="", r=r, flowchart=flowchart)
    plans: list[Callable[[], SetPlan]] = [partial(_plan, source, only, folder, paper,
                                                  fingerprint)]
    if only is None:
        plans += [partial(_plan_language, lang, languages[lang], folder, paper, fingerprint)
                  for lang in sorted(languages)]
    return plans


def _plan_language(lang: str, source: LanguageSource, folder: Path, paper: str,
                   fingerprint: str) -> SetPlan:
    """A translation's plan: its content is then held by the plan's jobs alone."""
    lr, lfc = source() if callable(source) else source
    return _plan(HandoutSet(prefix=f"{lang}/", r=lr, flowchart=lfc), None, folder, paper,
                 fingerprint)


def _plan(hs: HandoutSet, only: str | None, folder: Path, paper: str,
          fingerprint: str) -> SetPlan:
    laid = lay_out(hs, only)
    paths = cache_paths(folder, laid, fingerprint)
    joins = [v for name, v in laid.volumes.items() if not paths[name].is_file()]
    # the handouts asked for, and the parts of a booklet that must be joined again
    needed = ({n for n in laid.wanted if n not in laid.volumes}
              | {p.name for v in joins for p in v.parts})
    return SetPlan(prefix=hs.prefix, wanted=laid.wanted, paths=paths,
                   todo=jobs(laid, needed, paths, paper=paper, fingerprint=fingerprint),
                   joins=joins,
                   conditions=frozenset(n for n in laid.htmls if is_condition(laid, n)))
