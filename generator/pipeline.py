"""The stages, in order: load → check → render → write → MkDocs → handouts → swap.

Everything is loaded and checked before anything is written. The site is built into a temporary
folder beside the target and swapped in only when every stage succeeded, so a failed or
interrupted build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .checks import check_content
from .content import Content, load_content
from .errors import Report
from .write import WriteResult, write_tree

@dataclass(frozen=True, kw_only=True)
class Paths:
    """Where things go; all relative to the project folder unless given absolute."""

    content: Path
    docs: Path
    site: Path
    cache: Path
    config: Path

    @classmethod
    def default(cls, project: Path | None = None) -> Paths:
        project = project or Path.cwd()
        return cls(
            content=project / "content",
            docs=project / "build" / "docs",
            site=project / "site",
            cache=project / "build" / "cache",
            config=project / "mkdocs.yml",
        )


def load_and_check(content_dir: Path, display: str | None = None) -> tuple[Content | None, Report]:
    """Load every file and run every rule; the content is returned only when it has no errors."""
    content, report = load_content(content_dir, display)
    if content is None:
        return None, report
    check_content(content, report)
    try:
        from .flowchart.check import check_flowchart
    except ImportError:  # pragma: no cover - during bootstrap only
        pass
    else:
        check_flowchart(content, report)
    if report.errors:
        return None, report
    return content, report


def source_date(content: Content) -> int:
    """A build date that comes from the content (latest review), never from the clock."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    latest = max(
        (c.review.last_reviewed for c in content.conditions.values()), default=dt.date(2000, 1, 1)
    )
    return int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp())


def generate(
    content: Content,
    out: Path,
    *,
    cache_dir: Path,
    handout_sizes: Mapping[str, int] | None = None,
) -> WriteResult:
    from .site import build_tree

    files = build_tree(content, cache_dir=cache_dir, handout_sizes=handout_sizes)
    return write_tree(out, files)


class BuildError(Exception):
    """A stage failed for a reason that is not a content error (MkDocs, PDF)."""


def mkdocs_build(config: Path, docs: Path, site_dir: Path, *, strict: bool = True) -> None:
    """Run MkDocs' own build (the same as ``mkdocs build --strict``) into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    old = os.environ.get("HIPBACK_DOCS_DIR")
    os.environ["HIPBACK_DOCS_DIR"] = str(docs)
    try:
        cfg = load_config(
            config_file=str(config), docs_dir=str(docs), site_dir=str(site_dir), strict=strict
        )
        build(cfg)
    except (Abort, ConfigurationError) as exc:
        raise BuildError(f"MkDocs build failed: {exc}") from exc
    finally:
        logger.removeHandler(handler)
        if old is None:
            os.environ.pop("HIPBACK_DOCS_DIR", None)
        else:
            os.environ["HIPBACK_DOCS_DIR"] = old


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new`` with two renames (the old tree is removed afterwards)."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    content: Content,
    paths: Paths,
    *,
    with_pdf: bool = True,
    progress: bool = False,
) -> dict[str, int]:
    """Build the whole site atomically; return counts for the summary line."""
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date(content))
    paths.site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{paths.site.name}.new-", dir=paths.site.parent))
    try:
        sizes: dict[str, int] = {}
        pdfs: dict[str, Path] = {}
        if with_pdf:
            from .pdf import render_handouts

            pdfs = render_handouts(content, cache_dir=paths.cache, progress=progress)
            sizes = {name: p.stat().st_size for name, p in pdfs.items()}
        written = generate(content, paths.docs, cache_dir=paths.cache, handout_sizes=sizes)
        mkdocs_build(paths.config, paths.docs, tmp)
        if pdfs:
            (tmp / "handouts").mkdir(exist_ok=True)
            for name, p in sorted(pdfs.items()):
                shutil.copyfile(p, tmp / "handouts" / f"{name}.pdf")
        from .csp import apply_csp
        from .postcheck import check_built_site

        apply_csp(tmp)

        problems = check_built_site(tmp, ignore_suffixes=() if with_pdf else (".pdf",),
                                    public_url=content.site.public_url)
        if problems:
            raise BuildError("the built site has broken links:\n" + "\n".join(problems))
        tmp.chmod(0o755)
        swap_in(tmp, paths.site)
        return {"pages": len(list(paths.site.rglob("*.html"))), "pdfs": len(pdfs),
                "written": len(written.written)}
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
