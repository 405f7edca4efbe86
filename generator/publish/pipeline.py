"""The build, wired once: every command that makes output runs these stages, in this order.

    resolve → flowchart → handouts (their HTML, then WeasyPrint) → published facts → docs tree
    → write (tree and MkDocs configuration) → engine → handout files → post-steps → swap in

Each caller says what it wants with a :class:`Plan` and calls :func:`run`; none of them strings
the stages together itself, so a stage added or moved here is added or moved for all:

* ``hipback build``: every stage; handouts rendered (``--no-pdf``: the last ones made are
  kept, :mod:`.lasthandouts`); the web post-steps (:func:`.build.web_post_steps`);
* ``hipback build --offline``: the same with the site map's ``.html`` addresses, the handouts
  the web site was just built with, MkDocs, and the copy's own post-steps
  (:mod:`.offline`);
* ``hipback pdf``: resolve, flowchart and handouts only (``docs=False``);
* ``hipback generate`` and the bench: up to the written tree (``engine=None``, no handouts);
* ``hipback serve`` (:mod:`.preview`): the same stages one by one (:func:`emit_docs`,
  :func:`site_configuration`, :func:`emit_condition_pages`), because a preview keeps the
  resolved content between passes and lets its own live MkDocs build the pages.

**The late step.** A page can show what exists only after publishing: the handouts page prints
each handout's size, and a site built without new handouts (``--no-pdf``, the offline copy's
handouts taken from the web site) must link only to the handouts it holds. Those facts reach
the emitters through one value, :class:`PublishedFacts`, made by :func:`published_facts` from
the handouts stage's result and handed to the tree emitter by :func:`docs_tree`, the only place
that does. Before anything is published (``generate``, the preview) it is
:data:`BEFORE_PUBLISHING`: every handout linked, no sizes. Handout names come from the site map
(``r.links.handouts``), never from an emitter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from ..checks.quality.reading import PageReading
from ..emit.flowchart import FlowchartBuild, build_flowchart
from ..emit.nav import site_settings
from ..emit.tree import build_tree, condition_pages
from ..model.content import Content
from ..model.sitemap import UrlStyle
from ..resolve import Resolved, resolve
from ..write import TreeWriter, WriteResult, write_files
from .engines import Engines, engine_templates
from .languages import alternates, language_paths
from .lasthandouts import last_handouts
from .mkdocs import CONFIG_NAME, BuildError, site_config, write_config
from .release import staged

__all__ = ["BEFORE_PUBLISHING", "ENGINES", "Built", "HandoutSource", "Paths", "Plan",
           "PublishedFacts", "Run", "build_date", "config_of", "docs_tree", "emit_condition_pages",
           "emit_docs", "generate", "published_facts", "run", "site_configuration",
           "source_date"]

ENGINES = ("mkdocs", "zensical")
"""What can build the generated folder into HTML; the first is the default."""


@dataclass(frozen=True, kw_only=True)
class Paths:
    """Where things go; all relative to the project folder unless given absolute."""

    content: Path
    docs: Path
    site: Path
    cache: Path
    config: Path  # the project's mkdocs.yml (the generated one goes beside ``docs``)

    @property
    def generated_config(self) -> Path:
        return self.docs.parent / CONFIG_NAME


class HandoutSource(Enum):
    """Where a run's handouts come from."""

    RENDER = "render"  # laid out and rendered now (cached by content hash)
    KEEP = "keep"  # the last ones made: the site being replaced, else the cache (--no-pdf)
    TAKE = "take"  # the PDFs in a folder, as they are, and each language's in
    # ``<folder's parent>/<language>/handouts`` (the offline copy: the web site's)
    NONE = "none"  # none: nothing is published (generate, the bench's stages)


@dataclass(frozen=True, kw_only=True)
class Built:
    """The engine's output in the staging folder, handed to a plan's post-steps."""

    folder: Path
    r: Resolved
    paths: Paths
    theme_dirs: tuple[Path, ...]  # templates whose inline scripts the CSP allows
    languages: tuple[str, ...] = ()  # the translated languages' trees (``<language>/``)


@dataclass(frozen=True, kw_only=True)
class Plan:
    """What one run does; the defaults are ``hipback build``'s web site, without post-steps."""

    handouts: HandoutSource = HandoutSource.RENDER
    handouts_from: Path | None = None  # the folder of PDFs for ``HandoutSource.TAKE``
    only: str | None = None  # render just this handout (``hipback pdf --only``)
    executor: Executor | None = None  # where WeasyPrint runs (default: a local pool)
    progress: bool = False  # a progress bar on stderr while rendering
    docs: bool = True  # emit and write the docs tree (False: the handouts only)
    engine: str | None = ENGINES[0]  # what builds the HTML (None: stop after writing)
    style: UrlStyle = UrlStyle.DIRECTORY  # the site map's URL style
    post_steps: Callable[[Built], None] | None = None  # on the engine's output, before swap-in
    languages: Mapping[str, Content] = field(default_factory=dict)
    """Each translated language's checked content, built into ``<site>/<language>/``."""


@dataclass(frozen=True)
class PublishedFacts:
    """What exists only once the handouts are published, as the pages that mention them need
    it: the handouts the site holds (``None``: every one) and each one's size in bytes."""

    linked: frozenset[str] | None = None
    sizes: Mapping[str, int] = field(default_factory=dict)


BEFORE_PUBLISHING = PublishedFacts()
"""Nothing published yet: every handout is linked, none has a size."""

NO_HANDOUTS = PublishedFacts(linked=frozenset())
"""A tree that holds no handout (a translated language's, built without rendering): none is
linked."""


def language_facts(pdfs: Mapping[str, Path]) -> PublishedFacts:
    """A translated language's tree links the handouts rendered in its language, and only those
    (the hazard log is the source language's only: :mod:`.handoutsets`)."""
    if not pdfs:
        return NO_HANDOUTS
    return PublishedFacts(linked=frozenset(pdfs),
                          sizes={name: p.stat().st_size for name, p in pdfs.items()})


@dataclass(frozen=True, kw_only=True)
class Run:
    """What :func:`run` made."""

    r: Resolved
    handouts: Mapping[str, Path]  # name → finished PDF (in the cache or an earlier site)
    written: WriteResult | None = None  # the docs tree, when written
    site: Path | None = None  # the swapped-in site, when an engine ran


def source_date(content: Content) -> int:
    """A build date that comes from the content (latest review), never from the clock."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    latest = max(
        (c.review.last_reviewed for c in content.conditions.values()), default=dt.date(2000, 1, 1)
    )
    return int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp())


@contextlib.contextmanager
def build_date(content: Content) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` (MkDocs reads it for dates) for the build, then restore it."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date(content))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


# -------------------------------------------------------------------------- the whole run


def run(content: Content, paths: Paths, plan: Plan, *,
        readings: tuple[PageReading, ...] | None = None) -> Run:
    """Run the stages ``plan`` asks for on checked ``content`` (see the module docstring).
    ``readings``: the checks' page readings, so resolve does not measure the pages again."""
    require_engine(plan.engine)  # before any work: say so at once when it is missing
    r = resolve(content, readings=readings, style=plan.style,
                body_from_source=plan.engine == "zensical")
    with build_date(content):
        fc = build_flowchart(r, cache_dir=paths.cache)
        pdfs, lang_pdfs = _handouts(r, fc, paths, plan, _languages(plan, paths))
        if not plan.docs:
            return Run(r=r, handouts=pdfs)
        written = generate(r, paths, flowchart=fc, facts=published_facts(pdfs, plan),
                           alternates=_alternates(r, plan, r.site.language))
        if plan.engine is None:
            return Run(r=r, handouts=pdfs, written=written)
        site = _engine_and_post_steps(r, paths, plan, pdfs, lang_pdfs)
        return Run(r=r, handouts=pdfs, written=written, site=site)


_Parts = tuple[Resolved, FlowchartBuild]
"""A translated language's resolved content and flowchart."""


def _languages(plan: Plan, paths: Paths) -> dict[str, Callable[[], _Parts]]:
    """What makes each translated language's resolved content and flowchart for the handouts,
    when they are rendered: a language's handouts are rendered in the same pass as the
    source's, each language's made when its turn comes and let go of after it (see
    :mod:`.handoutsets`). Its tree makes it again (:func:`_language_site`)."""
    if not plan.docs or plan.engine is None or plan.handouts is not HandoutSource.RENDER:
        return {}
    return {lang: partial(_language, lang, plan, paths) for lang in sorted(plan.languages)}


def _language(lang: str, plan: Plan, paths: Paths) -> _Parts:
    """One translated language's resolved content and flowchart."""
    lr = resolve(plan.languages[lang], style=plan.style,
                 body_from_source=plan.engine == "zensical")
    return lr, build_flowchart(lr, cache_dir=paths.cache)


def require_engine(engine: str | None) -> None:
    """Refuse an unknown engine, and Zensical when it is not installed."""
    if engine is None:
        return
    if engine not in ENGINES:
        raise BuildError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "zensical":
        from .zensical import require_zensical

        require_zensical()


def _handouts(r: Resolved, fc: FlowchartBuild, paths: Paths, plan: Plan,
              langs: Mapping[str, Callable[[], _Parts]],
              ) -> tuple[Mapping[str, Path], Mapping[str, Mapping[str, Path]]]:
    """The handouts stage: name → PDF, from where ``plan`` says, and each translated
    language's (rendered in the same pass; a language gets none from anywhere else)."""
    if plan.handouts is HandoutSource.RENDER:
        from .handouts import render_handouts  # WeasyPrint's side only when it is needed

        made = render_handouts(r, fc, cache_dir=paths.cache, only=plan.only,
                               progress=plan.progress, executor=plan.executor,
                               languages=langs)
        return made, made.languages
    if plan.handouts is HandoutSource.KEEP:
        return last_handouts(r.links.handouts, cache=paths.cache, site=paths.site), {}
    if plan.handouts is HandoutSource.TAKE:  # each language's from its own tree beside it
        folder = plan.handouts_from
        if folder is None:
            return {}, {}
        return _pdfs_in(folder), {lang: _pdfs_in(folder.parent / lang / folder.name)
                                  for lang in sorted(plan.languages)}
    return {}, {}


def _pdfs_in(folder: Path) -> dict[str, Path]:
    """The PDFs in ``folder`` by name (none when there is no such folder)."""
    return {p.stem: p for p in sorted(folder.glob("*.pdf"))}


def published_facts(pdfs: Mapping[str, Path], plan: Plan) -> PublishedFacts:
    """The late step's value: what the handouts stage published. Rendered handouts are all
    of them (every one linked); kept or taken ones are linked only when there."""
    if plan.handouts is HandoutSource.NONE:
        return BEFORE_PUBLISHING
    linked = None if plan.handouts is HandoutSource.RENDER else frozenset(pdfs)
    return PublishedFacts(linked=linked,
                          sizes={name: p.stat().st_size for name, p in pdfs.items()})


def _engine_and_post_steps(r: Resolved, paths: Paths, plan: Plan, pdfs: Mapping[str, Path],
                           lang_pdfs: Mapping[str, Mapping[str, Path]]) -> Path:
    """Engine, handout files and post-steps in a staging folder beside ``paths.site``, swapped
    in only when all succeeded (:mod:`.release`). Each language's tree is written in turn, its
    resolved content made for it and let go of before the next is made, so the build holds
    one language's at a time; each tree's engine run starts as soon as its Markdown is
    written and runs beside the next language's (:mod:`.engines`)."""
    assert plan.engine is not None
    with staged(paths.site) as stage:
        tmp = stage.folder
        with Engines(plan.engine) as engines:
            targets = _handout_targets(r, pdfs)
            engines.start(paths.generated_config, tmp, after=lambda: _copy_handouts(targets, tmp))
            for lang in sorted(plan.languages):
                _language_site(lang, lang_pdfs.get(lang, {}), paths, plan, tmp, engines,
                               source=r.site.language, public_url=r.site.public_url)
        if plan.post_steps is not None:
            plan.post_steps(Built(folder=tmp, r=r, paths=paths,
                                  theme_dirs=tuple(engine_templates(plan.engine)),
                                  languages=tuple(sorted(plan.languages))))
        return stage.publish()


def _handout_targets(r: Resolved, pdfs: Mapping[str, Path]) -> list[tuple[Path, str]]:
    """Each handout's PDF and where its tree's site map puts it."""
    return [(pdf, r.links.handout(name)) for name, pdf in sorted(pdfs.items())]


def _copy_handouts(targets: Sequence[tuple[Path, str]], folder: Path) -> None:
    """The handouts into a built tree (:func:`_handout_targets`)."""
    for pdf, where in targets:
        target = folder / where
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, target)


def _alternates(r: Resolved, plan: Plan, here: str) -> list[dict[str, str]]:
    """The language switcher of the source language's tree (none for a site in one
    language)."""
    return (alternates(r.site.language, sorted(plan.languages), here, r.site.public_url)
            if plan.languages else [])


def _language_site(lang: str, pdfs: Mapping[str, Path], paths: Paths, plan: Plan,
                   folder: Path, engines: Engines, *, source: str, public_url: str) -> None:
    """One translated language's tree: written, then built by the same engine into
    ``folder/<lang>`` (started on ``engines``), with its handouts (linked as the source's tree
    links its own: :func:`language_facts`). Its resolved content and flowchart are made here
    and let go of on return: its engine run needs only the files."""
    r, fc = _language(lang, plan, paths)
    own = replace(paths, docs=language_paths(paths.docs, lang))
    generate(r, own, flowchart=fc, facts=language_facts(pdfs),
             alternates=alternates(source, sorted(plan.languages), lang, public_url))
    tree, targets = folder / lang, _handout_targets(r, pdfs)
    # built under a hidden name: MkDocs empties its output folder first, hidden entries apart,
    # and the source's tree (the folder itself) may still be starting; moved into place once
    # built, which is after the source's (runs are waited for in the order they started)
    building = folder / f".{lang}"

    def after() -> None:
        building.rename(tree)
        _copy_handouts(targets, tree)
        # the host answers every missing address with the site's one 404 page
        (tree / "404.html").unlink(missing_ok=True)

    engines.start(own.generated_config, building, after=after)


# -------------------------------------------------------------------------- stage by stage


def docs_tree(r: Resolved, fc: FlowchartBuild,
              facts: PublishedFacts = BEFORE_PUBLISHING) -> dict[str, bytes]:
    """The docs tree in memory, with the published facts: the one place they reach emit."""
    return build_tree(r, fc, handout_sizes=facts.sizes, handouts=facts.linked)


def emit_docs(r: Resolved, paths: Paths, *, flowchart: FlowchartBuild | None = None,
              facts: PublishedFacts = BEFORE_PUBLISHING) -> WriteResult:
    """Emit the docs tree and write it into ``paths.docs`` (only changed files)."""
    fc = flowchart or build_flowchart(r, cache_dir=paths.cache)
    writer = TreeWriter(paths.docs)  # each page written as it is made, not the tree held
    build_tree(r, fc, handout_sizes=facts.sizes, handouts=facts.linked, sink=writer.add)
    return writer.finish()


def emit_condition_pages(r: Resolved, paths: Paths, slugs: Iterable[str]) -> list[str]:
    """Write just these conditions' pages, as the whole tree has them; return what was
    written (the preview shows an edited page before regenerating the rest)."""
    return write_files(paths.docs, condition_pages(r, slugs)).written


def site_configuration(r: Resolved, paths: Paths,
                       alternates: Sequence[Mapping[str, str]] = ()) -> dict[str, Any]:
    """The MkDocs configuration for ``r`` built from ``paths.docs``; ``alternates``: the
    language switcher (:mod:`.languages`)."""
    return site_config(paths.config, site_settings(r), docs=paths.docs,
                       offline=r.links.style is UrlStyle.FILES, alternates=alternates)


def generate(r: Resolved, paths: Paths, *, flowchart: FlowchartBuild | None = None,
             facts: PublishedFacts = BEFORE_PUBLISHING,
             alternates: Sequence[Mapping[str, str]] = ()) -> WriteResult:
    """The docs tree written (:func:`emit_docs`), with the MkDocs configuration beside it."""
    result = emit_docs(r, paths, flowchart=flowchart, facts=facts)
    write_config(site_configuration(r, paths, alternates), paths.generated_config)
    return result


def config_of(paths: Paths) -> dict[str, Any]:
    """The generated MkDocs configuration as written by :func:`generate`."""
    data = yaml.safe_load(paths.generated_config.read_text(encoding="utf-8"))
    return dict(data) if isinstance(data, dict) else {}
