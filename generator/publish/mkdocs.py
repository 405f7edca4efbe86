"""MkDocs glue: a complete configuration written into the build folder, then MkDocs' own build.

The project's ``mkdocs.yml`` holds what does not depend on content (theme, features, palette,
extensions). The generated configuration adds everything that does (site name, URL, language,
navigation, the disclaimer), so the build folder builds on its own, with no hook rewriting the
configuration at build time: MkDocs and Zensical (which runs no MkDocs hooks or plugins) read the
same file (``publish/zensical.py``). For Zensical, ``docs_dir`` and ``site_dir`` are written
relative to the build folder (it refuses folders outside the configuration's own folder) and the
theme asks for Zensical's "classic" look, which is Material's; MkDocs ignores that key.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..lifeline import child_start, interrupts_held
from ..text.rawhtml import EXTENSION
from .languages import search_options

CONFIG_NAME = "mkdocs.yml"
RAW_SITE = "raw-site"
"""Where an engine run by hand (``mkdocs build -f build/mkdocs.yml``, ``zensical build -f …``) puts
the site, inside the build folder: the engine's output before the publish steps. ``hipback build``
gives MkDocs its own output folder; Zensical always writes here (publish/zensical.py)."""
THEME_EXTRA = ("css", "disclaimer_html", "red_flags_html", "strings")
"""What ``overrides/`` reads from ``config.extra.hipback``."""
THEME_VARIANT = "classic"
"""Zensical's look that is Material's (its default, "modern", has other fonts, icons and CSS)."""


class EngineRun(NamedTuple):
    """One MkDocs child, as the benchmarks see it."""

    here: float  # this process's resident MB when the child started
    peak: float  # the child's own peak MB
    started: float  # time.monotonic() when it started
    ended: float  # and when it was waited for


ENGINE_RUNS: list[EngineRun] = []
"""Every MkDocs child this process started (:class:`EngineRun`), in the order they were waited
for. Read by the benchmarks; a build does not need it. The child's peak is its
own address space's (``VmHWM``), not ``ru_maxrss``: Linux carries a process's high-water mark
over ``exec``, so a child started from a large process reports the parent's size as its own."""


def memory_mb(field: str) -> float:
    """This process's ``VmHWM`` (peak) or ``VmRSS`` (now) in MB, from ``/proc/self/status``; 0.0
    where there is none (not Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class BuildError(Exception):
    """A stage failed for a reason that is not a content error (MkDocs, PDF, the link check)."""


OFFLINE_WORKER = "assets/js/file-worker.js"
"""Where the offline copy's stand-in for Web Workers goes (file:// pages may not start one); the
offline build puts it there (``publish/offline.py``)."""


def site_config(
    project_config: Path, settings: Mapping[str, Any], *, docs: Path, offline: bool = False,
    alternates: Sequence[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """The project's configuration with the generated settings filled in.

    It is written beside ``docs`` (``docs.parent``): the docs and site folders are named relative
    to that folder, the theme overrides by absolute path. ``offline``: the copy opened from
    files (``.html`` addresses; search through :data:`OFFLINE_WORKER`, its index as a script,
    ``publish/offline.py``).
    """
    if not project_config.is_file():
        raise BuildError(f"there is no MkDocs configuration {project_config} in "
                         f"{project_config.resolve().parent}; run hipback from the project "
                         "folder (the one with mkdocs.yml) or pass --config FILE.")
    try:
        base = yaml.safe_load(project_config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"cannot read the MkDocs configuration {project_config}: {exc}") from exc
    here = project_config.resolve().parent
    config = dict(base)
    config.pop("hooks", None)
    config.pop("watch", None)
    config.update(
        site_name=settings["site_name"],
        site_url=settings["site_url"],
        site_description=settings["site_description"],
        copyright=settings["copyright"],
        nav=settings["nav"],
        not_in_nav=settings.get("not_in_nav", ""),
        docs_dir=docs.name,
        site_dir=RAW_SITE,
    )
    extensions = list(config.get("markdown_extensions") or [])
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)  # the generated pages' finished HTML blocks
    config["markdown_extensions"] = extensions
    theme = dict(config.get("theme") or {})
    theme["language"] = str(settings["language"]).split("-")[0]
    theme.setdefault("variant", THEME_VARIANT)
    if "custom_dir" in theme:
        theme["custom_dir"] = str((here / theme["custom_dir"]).resolve())
    config["theme"] = theme
    extra = dict(config.get("extra") or {})
    # already escaped for the theme (emit/nav.site_settings): the configuration only carries them
    extra["hipback"] = {key: settings[key] for key in THEME_EXTRA}
    if alternates:  # Material's language switcher and hreflang links (publish/languages.py)
        extra["alternate"] = [dict(alt) for alt in alternates]
    search = search_options(str(settings["language"]))
    if search is not None:  # search in the tree's language (publish/languages.py)
        config["plugins"] = [{"search": search} if p == "search" else p
                             for p in config.get("plugins") or []]
    if offline:
        config["use_directory_urls"] = False
        extra["polyfills"] = [OFFLINE_WORKER]
    config["extra"] = extra
    return config


def write_config(config: Mapping[str, Any], path: Path) -> Path:
    """Write the configuration (sorted keys: the same content gives the same bytes)."""
    text = yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


@contextlib.contextmanager
def mkdocs_log_to_stderr() -> Iterator[None]:
    """Show MkDocs' warnings while it runs; restore its logger afterwards."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool = True) -> None:
    """Run MkDocs' own build (the same as ``mkdocs build --strict``) into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    with mkdocs_log_to_stderr():
        try:
            cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
            build(cfg)
        except (Abort, ConfigurationError) as exc:
            raise BuildError(f"MkDocs build failed: {exc}") from exc


def _build_child(conn: Connection, config_file: str, site_dir: str, strict: bool,
                 build: int) -> None:
    child_start(build)  # Ctrl-C is the build's to handle; and never outlive it
    try:
        mkdocs_build(Path(config_file), Path(site_dir), strict=strict)
        conn.send((None, memory_mb("VmHWM")))
    except BuildError as exc:
        conn.send((str(exc), memory_mb("VmHWM")))
    except Exception as exc:  # noqa: BLE001 (any failure goes back as a message, no traceback)
        conn.send((f"MkDocs build failed: {type(exc).__name__}: {exc}", memory_mb("VmHWM")))
    finally:
        conn.close()


def mkdocs_build_apart(config_file: Path, site_dir: Path, *, strict: bool = True) -> None:
    """:func:`mkdocs_build` in a fresh child process, waited for (:class:`MkDocsChild`)."""
    MkDocsChild(config_file, site_dir, strict=strict).wait()


class MkDocsChild:
    """:func:`mkdocs_build` running in a fresh child process (``hipback build`` uses this one):
    started when made, :meth:`wait` for its end, :meth:`kill` to stop it.

    MkDocs keeps every page until it writes the search index, and Python keeps the memory it
    used: in the build's own process that came on top of the content, checks and readings
    (about 100 MB more at 1,000 conditions, for the rest of the build). A child starts lean and
    gives it all back when it ends. It inherits the environment (``SOURCE_DATE_EPOCH``), its
    warnings go to the same stderr, and it is stopped with the build (Ctrl-C, SIGTERM, an error;
    it dies with the build when that is killed outright: :mod:`generator.lifeline`). Several
    may run at once, each into its own folder (a site's languages: :mod:`.engines`).
    """

    def __init__(self, config_file: Path, site_dir: Path, *, strict: bool = True) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._receive, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_build_child, daemon=True,
                                 args=(send, str(config_file.resolve()), str(site_dir.resolve()),
                                       strict, os.getpid()))
        with interrupts_held():
            self._proc.start()
        send.close()
        self._here = memory_mb("VmRSS")
        self._started = time.monotonic()

    def wait(self) -> None:
        """Wait for the build to end; a failure is a :class:`BuildError`."""
        died = False
        try:
            message, peak = self._receive.recv()
            ENGINE_RUNS.append(EngineRun(self._here, peak, self._started, time.monotonic()))
        except EOFError:  # the child ended without a word
            message, died = None, True
        except BaseException:  # Ctrl-C, or an error here: stop the child too
            self.kill()
            raise
        finally:
            self._proc.join()
            self._receive.close()
        if died:
            raise BuildError(f"MkDocs stopped before it finished (exit code "
                             f"{self._proc.exitcode}).")
        if message is not None:
            raise BuildError(str(message))

    def kill(self) -> None:
        """Stop the build now (nothing it wrote is used: it builds into a staging folder)."""
        if self._proc.is_alive():
            self._proc.kill()

    def reap(self) -> None:
        """After :meth:`kill`: wait for the process to be gone, and close the pipe."""
        self._proc.join()
        self._receive.close()
