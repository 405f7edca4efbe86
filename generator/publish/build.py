"""The whole build, stage after stage: resolve → emit → write → engine → handouts → swap in.

Content arrives checked (:func:`generator.checks.check_folder`). The site is built into a
temporary folder beside the target and swapped in only when every stage succeeded, so a failed or
interrupted build leaves the last good site exactly as it was (:mod:`.release`: a build that
died is cleaned up after by the next one; a symlinked site folder stays a symlink). The engine that turns the build
folder into HTML is MkDocs, or Zensical when asked (``ENGINES``); every step after it (handouts,
theme markup fixes, merged stylesheet, CSP, sitemap dates, link check, compressed copies, host
configuration) runs on either engine's output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..checks.quality.reading import PageReading
from ..emit.flowchart import FlowchartBuild, build_flowchart
from ..emit.nav import site_settings
from ..emit.pdf.html import handout_names
from ..emit.tree import build_tree
from ..model.content import Content
from ..model.sitemap import UrlStyle
from ..resolve import Resolved, resolve
from ..write import WriteResult, write_tree
from .assets import optimise_site
from .compress import precompress
from .csp import apply_csp
from .hosting import write_host_files
from .lasthandouts import last_handouts
from .linkcheck import check_built_site
from .markup import fix_theme_markup
from .mkdocs import CONFIG_NAME, BuildError, mkdocs_build_apart, site_config, write_config
from .release import staged
from .sitemap import set_lastmod

__all__ = ["ENGINES", "BuildError", "Paths", "build_site", "generate", "source_date"]

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


def generate(
    r: Resolved,
    paths: Paths,
    *,
    flowchart: FlowchartBuild | None = None,
    handout_sizes: Mapping[str, int] | None = None,
    handouts: Collection[str] | None = None,
) -> WriteResult:
    """Emit the docs tree and write it (only changed files), with the MkDocs configuration.
    ``handouts``: the handouts the site will hold, the only ones linked (``None``: all)."""
    fc = flowchart or build_flowchart(r, cache_dir=paths.cache)
    files = build_tree(r, fc, handout_sizes=handout_sizes, handouts=handouts)
    result = write_tree(paths.docs, files)
    config = site_config(paths.config, site_settings(r), docs=paths.docs,
                         offline=r.links.style is UrlStyle.FILES)
    write_config(config, paths.generated_config)
    return result


def config_of(paths: Paths) -> dict[str, Any]:
    """The generated MkDocs configuration as written by :func:`generate`."""
    data = yaml.safe_load(paths.generated_config.read_text(encoding="utf-8"))
    return dict(data) if isinstance(data, dict) else {}


def build_site(
    content: Content,
    paths: Paths,
    *,
    readings: tuple[PageReading, ...] | None = None,
    with_pdf: bool = True,
    progress: bool = False,
    engine: str = ENGINES[0],
) -> dict[str, int]:
    """Build the whole site atomically; return counts for the summary line."""
    if engine not in ENGINES:
        raise BuildError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "zensical":
        from .zensical import require_zensical

        require_zensical()  # before any work: say so at once when it is missing
    r = resolve(content, readings=readings, body_from_source=engine == "zensical")
    with build_date(content):
        return _build(r, paths, with_pdf=with_pdf, progress=progress, engine=engine)


def run_engine(engine: str, config_file: Path, site_dir: Path) -> list[Path]:
    """Build the generated folder into ``site_dir``; return the engine's template folders
    (their inline scripts are the ones the CSP allows, beside Material's own)."""
    if engine == "zensical":
        from .zensical import zensical_build, zensical_templates

        zensical_build(config_file, site_dir)
        return [zensical_templates()]
    mkdocs_build_apart(config_file, site_dir)
    return []


def _build(r: Resolved, paths: Paths, *, with_pdf: bool, progress: bool,
           engine: str) -> dict[str, int]:
    # An absolute folder: MkDocs resolves a relative site_dir against the configuration file's
    # folder (build/), which would split the site between two folders.
    with staged(paths.site) as stage:
        tmp = stage.folder
        fc = build_flowchart(r, cache_dir=paths.cache)
        pdfs: Mapping[str, Path]
        if with_pdf:
            from .handouts import render_handouts

            pdfs = render_handouts(r, fc, cache_dir=paths.cache, progress=progress)
        else:  # the last handouts made, and links to those only (publish/lasthandouts.py)
            pdfs = last_handouts(handout_names(r.content), cache=paths.cache, site=paths.site)
        sizes = {name: p.stat().st_size for name, p in pdfs.items()}
        written = generate(r, paths, flowchart=fc, handout_sizes=sizes,
                           handouts=None if with_pdf else set(pdfs))
        theme_dirs = run_engine(engine, paths.generated_config, tmp)
        if pdfs:
            (tmp / "handouts").mkdir(exist_ok=True)
            for name, p in sorted(pdfs.items()):
                shutil.copyfile(p, tmp / "handouts" / f"{name}.pdf")
        fix_theme_markup(tmp)
        optimise_site(tmp, base_path=urlsplit(r.site.public_url).path or "/")
        custom = (config_of(paths).get("theme") or {}).get("custom_dir")
        apply_csp(tmp, [*theme_dirs, *([Path(custom)] if custom else [])],
                  public_path=urlsplit(r.site.public_url).path or "/")
        set_lastmod(tmp, {r.condition_url(slug): c.review.last_reviewed.isoformat()
                          for slug, c in r.conditions.items()})
        problems = check_built_site(tmp, public_url=r.site.public_url)
        if problems:
            raise BuildError("the built site has broken links:\n" + "\n".join(problems))
        precompress(tmp, cache=paths.cache)  # last: every text file is final
        write_host_files(tmp, public_url=r.site.public_url)  # _headers, nginx block
        site = stage.publish()
        return {"pages": len(list(site.rglob("*.html"))),
                "pdfs": len(pdfs) if with_pdf else 0, "kept": 0 if with_pdf else len(pdfs),
                "missing": 0 if with_pdf else len(handout_names(r.content)) - len(pdfs),
                "written": len(written.written)}
