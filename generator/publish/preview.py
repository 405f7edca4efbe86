"""The preview behind ``hipback serve``: after an edit, rebuild only the pages that changed.

A preview is one long-lived process, so it keeps what it has worked out: every regeneration
runs inside :func:`generator.text.memo.remembering`, where an unchanged file parses to the same
data and validates to the same model, and texts are measured and scanned once. Loading and
checking the whole folder after an edit then costs a fraction of a cold run, and the checks
stay exactly those of ``hipback build``: nothing is shown that a build would refuse.

When only existing condition files changed, an update takes two passes:

1. **the edit**: check everything, write just the edited conditions' pages (and the MkDocs
   configuration, whose nav may show a new name), and let MkDocs rebuild those pages;
2. **the follow-up**, right after: regenerate the whole tree (the pages that list conditions,
   related conditions, the API export, …), and rebuild every page whose Markdown changed or
   whose navigation now reads differently (:mod:`.navview`), e.g. the neighbours of a renamed
   condition.

Any other change (a vocabulary file, the words, a page, a new or deleted condition) regenerates
the whole tree at once and rebuilds what changed. MkDocs builds the whole site again only when
every page is affected anyway (a file included into every page, settings other than the nav, a
removed page, or a nav change that reaches most pages). Content with errors writes nothing: the
last good site stays on screen and the errors are reported.

Both passes run the build's own stages (:mod:`.pipeline`: the docs tree as it is before
anything is published, the site's configuration); this live MkDocs takes the place of the
pipeline's engine step.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..checks import check_folder
from ..diagnostics import Diagnostic
from ..emit.markdown.renderer import META_DIR
from ..load.folder import gc_paused
from ..load.leftovers import has_leftover_part
from ..resolve import Resolved, resolve
from ..text.memo import remembering, settle
from .livesite import LiveSite
from .mkdocs import write_config
from .navview import pages_with_new_nav
from .pipeline import Paths, build_date, emit_condition_pages, emit_docs, site_configuration

FULL_BUILD_SHARE = 0.5
"""Rebuild the whole site when more than this share of its pages would be rebuilt anyway."""

Kind = Literal["first", "edit", "follow-up", "update", "errors", "unchanged"]


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What one call of :meth:`Preview.update` did."""

    kind: Kind
    changed: tuple[str, ...] = ()  # content files that changed (relative to the folder)
    written: tuple[str, ...] = ()  # docs files written or removed
    rebuilt: int = 0  # pages MkDocs rendered (every page when ``full``)
    nav_pages: int = 0  # of those, pages rebuilt because their navigation changed
    full: bool = False  # MkDocs rebuilt the whole site
    seconds: float = 0.0
    problems: tuple[Diagnostic, ...] = ()  # errors and warnings of the checks
    follow_up: bool = False  # another pass is due (call update() again)


@dataclass
class _Good:
    """The last content that passed the checks, and the files it was read from."""

    r: Resolved
    files: Mapping[str, bytes]


@dataclass
class _Due:
    """Work the edit pass left for the follow-up."""

    tree: bool = False  # only some pages were regenerated
    nav: set[str] = field(default_factory=set)  # pages showing an old navigation
    full: bool = False  # a change reaches every page


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` by relative path, editors' leftovers left out (saving
    a file makes its editor write them; they are not content and change no page)."""
    out: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if has_leftover_part(rel):
            continue
        try:
            if path.is_file():
                out[rel] = path.read_bytes()
        except OSError:
            continue
    return out


def edited_conditions(before: Mapping[str, bytes], now: Mapping[str, bytes]) -> list[str] | None:
    """The slugs of condition files edited between two snapshots, or ``None`` when anything
    else changed (a file added, removed, or outside ``conditions/``)."""
    if before.keys() != now.keys():
        return None
    changed = [k for k in now if before[k] != now[k]]
    if not changed or not all(k.startswith("conditions/") and k.endswith((".yml", ".yaml"))
                              and k.count("/") == 1 for k in changed):
        return None
    return sorted(k.split("/", 1)[1].rsplit(".", 1)[0] for k in changed)


def _changed(before: Mapping[str, bytes], now: Mapping[str, bytes]) -> tuple[str, ...]:
    return tuple(sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k)))


def _tidy() -> None:
    """Collect garbage once, then keep what survives out of later collections.

    A preview holds the loaded content, the remembered results and the compiled templates for
    hours; every automatic collection would scan all of it again (a third of a second at a
    thousand conditions, in the middle of showing an edit). What survives a full collection
    after a whole regeneration is moved to the collector's permanent generation; what dies
    later is still freed by reference counting (these objects form no cycles).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _every_page(rel: str) -> bool:
    """Generated files MkDocs puts into every page: Markdown in the sidecar folder (snippets)."""
    return rel.startswith(f"{META_DIR}/") and rel.endswith(".md")


class Preview:
    """Regenerates the docs of ``paths.content`` and rebuilds ``site`` incrementally."""

    def __init__(self, paths: Paths, site: LiveSite, *, today: dt.date | None = None) -> None:
        self.paths = paths
        self.site = site
        self.today = today
        self._seen: dict[str, bytes] | None = None
        self._good: _Good | None = None
        self._config: dict[str, Any] | None = None  # the configuration MkDocs last built with
        self._due = _Due()

    def close(self) -> None:
        """End the session (see :func:`_tidy` and :meth:`LiveSite.close`)."""
        gc.unfreeze()
        self.site.close()

    @property
    def follow_up_due(self) -> bool:
        return self._due.tree or bool(self._due.nav) or self._due.full

    def update(self) -> Outcome:
        """Bring the site up to date with the content folder: one pass (see the docstring)."""
        start = time.perf_counter()
        now = snapshot(self.paths.content)
        if now != self._seen:
            self._seen = now
            return self._regenerate(now, start)
        if self.follow_up_due:
            return self._follow_up(start)
        return Outcome(kind="unchanged")

    # -- passes

    def _regenerate(self, now: dict[str, bytes], start: float) -> Outcome:
        before = self._good.files if self._good else {}
        changed = _changed(before, now)
        first = self._good is None
        with remembering(), gc_paused():
            checked = check_folder(self.paths.content, str(self.paths.content),
                                   today=self.today or dt.date.today())
            problems = tuple(checked.report.sorted())
            if not checked.ok or checked.content is None:
                return Outcome(kind="errors", changed=changed, problems=problems,
                               follow_up=self.follow_up_due, seconds=time.perf_counter() - start)
            r = resolve(checked.content, readings=checked.readings)
            edited = None if first else edited_conditions(before, now)
            self._good = _Good(r=r, files=now)
            self._due.tree = True
            written: list[str] = []
            nav: set[str] = set()
            full = False
            if edited is not None:
                written = emit_condition_pages(r, self.paths, edited)
                nav, full = self._configure(r, built=written)
        if edited is None:  # anything but edits of condition files: everything at once
            return self._follow_up(start, kind="first" if first else "update",
                                   changed=changed, problems=problems)
        if full:
            return self._finish("edit", start, changed, written, problems, full=True, nav=nav)
        with gc_paused():
            rebuilt = self._build(dirty=True, pages=written) if written else 0
        return Outcome(kind="edit", changed=changed, written=tuple(written), rebuilt=rebuilt,
                       problems=problems, follow_up=True, seconds=time.perf_counter() - start)

    def _follow_up(self, start: float, *, kind: Kind = "follow-up", changed: tuple[str, ...] = (),
                   problems: tuple[Diagnostic, ...] = ()) -> Outcome:
        assert self._good is not None
        r = self._good.r
        written: list[str] = []
        full = self._due.full or kind == "first"
        if self._due.tree:
            with remembering():
                result = emit_docs(r, self.paths)
            settle()
            written = result.written + result.removed
            full = full or bool(result.removed) or any(_every_page(w) for w in written)
            self._due.tree = False
            _tidy()
        nav, config_full = self._configure(r, built=[])
        return self._finish(kind, start, changed, written, problems, full=full or config_full,
                            nav=nav)

    def _finish(self, kind: Kind, start: float, changed: tuple[str, ...], written: list[str],
                problems: tuple[Diagnostic, ...], *, full: bool, nav: set[str]) -> Outcome:
        """Touch the pages whose navigation changed and build (dirty, or in full)."""
        pages = {w for w in written if w.endswith(".md") and not w.startswith(f"{META_DIR}/")}
        nav_only = nav - pages
        total = sum(1 for _ in self.paths.docs.rglob("*.md")) or 1
        full = full or (len(pages | nav_only) > FULL_BUILD_SHARE * total)
        if not full:
            for page in sorted(nav_only):
                path = self.paths.docs / page
                if path.is_file():
                    os.utime(path)
        rebuilt = self._build(dirty=not full, pages=sorted(pages | nav_only))
        self._due = _Due(tree=self._due.tree)  # the tree is written by the follow-up only
        return Outcome(kind=kind, changed=changed, written=tuple(written), rebuilt=rebuilt,
                       nav_pages=0 if full else len(nav_only), full=full, problems=problems,
                       follow_up=self.follow_up_due, seconds=time.perf_counter() - start)

    # -- helpers

    def _configure(self, r: Resolved, *, built: list[str]) -> tuple[set[str], bool]:
        """Write the MkDocs configuration for ``r``. Returns the pages (besides ``built``)
        whose navigation changed, all of them pending since earlier passes, and whether a
        setting other than the nav changed (then every page needs building)."""
        config = site_configuration(r, self.paths)
        # the preview (MkDocs only) writes its settings elsewhere (a temporary folder), and
        # MkDocs reads a relative folder against the settings file's: name both in full
        config["docs_dir"] = str(self.paths.docs.resolve())
        config["site_dir"] = str(self.paths.site.resolve())  # its own folder, not raw-site
        old = self._config
        if config != old:  # (writing a thousand-entry nav as YAML takes a while)
            write_config(config, self.paths.generated_config)
        self._config = config
        if old is None:
            self._due.full = True
        else:
            self._due.nav |= pages_with_new_nav(old.get("nav") or [], config.get("nav") or [])
            rest = ({k: v for k, v in old.items() if k != "nav"}
                    != {k: v for k, v in config.items() if k != "nav"})
            self._due.full = self._due.full or rest
        self._due.nav -= set(built)
        return set(self._due.nav), self._due.full

    def _build(self, *, dirty: bool, pages: list[str]) -> int:
        assert self._good is not None and self._config is not None
        with build_date(self._good.r.content):
            self.site.build(self._config, dirty=dirty)
        return len(pages) if dirty else self.site.pages_html()
