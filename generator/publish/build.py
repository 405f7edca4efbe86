"""``hipback build``: the web site, through the one pipeline, and what only the web site does.

Content arrives checked (:func:`generator.checks.check_folder`). :func:`build_site` runs
:func:`.pipeline.run` (resolve → flowchart → handouts → docs tree → engine, see there), whose
output is built into a temporary folder beside the target and swapped in only when every stage
succeeded, so a failed or interrupted build leaves the last good site exactly as it was
(:mod:`.release`: a build that died is cleaned up after by the next one; a symlinked site
folder stays a symlink). The engine that turns the build folder into HTML is MkDocs, or
Zensical when asked (``ENGINES``); the post-steps here (:func:`web_post_steps`: theme markup
fixes, merged stylesheet, CSP, sitemap dates, link check, compressed copies, host
configuration) run on either engine's output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from ..checks.quality.reading import PageReading
from ..model.content import Content
from ..resolve import Resolved
from .assets import optimise_site
from .compress import precompress
from .csp import apply_csp_scanned
from .hosting import write_host_files
from .linkcheck import check_built_site
from .markup import fix_theme_markup
from .mkdocs import BuildError
from .pipeline import ENGINES, Built, HandoutSource, Paths, Plan, config_of, run
from .sitemap import add_alternates, set_lastmod

__all__ = ["build_site", "web_post_steps"]


def build_site(
    content: Content,
    paths: Paths,
    *,
    readings: tuple[PageReading, ...] | None = None,
    with_pdf: bool = True,
    progress: bool = False,
    engine: str = ENGINES[0],
    languages: Mapping[str, Content] | None = None,
) -> dict[str, int]:
    """Build the whole site atomically; return counts for the summary line. Without
    ``with_pdf`` the handouts of an earlier build are kept (:mod:`.lasthandouts`);
    ``languages``: each translation's checked content, built into ``<site>/<language>/``."""
    plan = Plan(handouts=HandoutSource.RENDER if with_pdf else HandoutSource.KEEP, progress=progress,
                engine=engine, post_steps=web_post_steps, languages=languages or {})
    done = run(content, paths, plan, readings=readings)
    assert done.site is not None and done.written is not None
    made = len(done.handouts)
    return {"pages": len(list(done.site.rglob("*.html"))),
            "pdfs": made if with_pdf else 0, "kept": 0 if with_pdf else made,
            "missing": 0 if with_pdf else len(done.r.links.handouts) - made,
            "written": len(done.written.written)}


def web_post_steps(built: Built) -> None:
    """What the web site gets after the engine: theme markup fixes, one stylesheet, the CSP,
    sitemap dates, the link check, then compressed copies and the host's configuration."""
    tmp, r = built.folder, built.r
    base = urlsplit(r.site.public_url).path or "/"
    fix_theme_markup(tmp, languages=bool(built.languages))
    optimise_site(tmp, base_path=base, skip=built.languages)
    for lang in built.languages:  # each language's tree has its own pages, styles and scripts
        optimise_site(tmp / lang, base_path=f"{base}{lang}/")
    custom = (config_of(built.paths).get("theme") or {}).get("custom_dir")
    scanned = apply_csp_scanned(tmp, [*built.theme_dirs, *([Path(custom)] if custom else [])],
                                public_path=base, roots=built.languages)
    _sitemaps(tmp, r, built.languages)
    # the pages as the CSP step parsed them: one parse each (the policy adds no link or id)
    problems = check_built_site(tmp, public_url=r.site.public_url, scanned=scanned)
    del scanned  # every page's links and ids (3,000 pages at N=1,000): not needed to compress
    if problems:
        raise BuildError("the built site has broken links:\n" + "\n".join(problems))
    precompress(tmp, cache=built.paths.cache)  # last: every text file is final
    write_host_files(tmp, public_url=r.site.public_url)  # _headers, nginx block


def _sitemaps(site: Path, r: Resolved, languages: Sequence[str]) -> None:
    """Each tree's ``sitemap.xml``: a condition page's date is its review date (the same page
    in every language), and every address lists the page in each language."""
    root = r.site.public_url.rstrip("/") + "/"
    roots = [(r.site.language, root), *((lang, f"{root}{lang}/") for lang in languages)]
    for i, (lang, base) in enumerate(roots):
        set_lastmod(site if i == 0 else site / lang,
                    {base + r.condition_url(slug)[len(root):]: c.review.last_reviewed.isoformat()
                     for slug, c in r.conditions.items()})
    add_alternates(site, roots)
