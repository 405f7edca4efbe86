"""MkDocs builds for the preview: one site folder, built in full once, then only changed pages.

MkDocs' ``dirty`` build reads the configuration and the list of files again, then renders only
the pages whose Markdown is newer than their HTML (and the 404 page and sitemap). The preview
(:mod:`.preview`) decides which pages those are: it writes only changed Markdown, and touches the
pages whose navigation changed. Three things differ from ``mkdocs serve --dirty``, each because
at a thousand conditions it cost more than rendering the page that changed:

- the configuration comes from the preview in memory: the settings file MkDocs reads holds
  everything but the nav, which is handed over as it is (MkDocs reads YAML in pure Python);
- the theme's Jinja environment, with its compiled templates and its list of template files
  (Material ships thousands of icons), is made once per session, not once per build;
- ``strict`` is off (MkDocs warns about every dirty build, and strict mode would turn that into
  a failure; ``hipback build`` stays strict), and that one warning is not shown.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from .mkdocs import BuildError, mkdocs_log_to_stderr, write_config


def _listed_once(list_templates: Any) -> Any:
    """``Environment.list_templates``, remembered per filter. MkDocs passes a new filter
    function each build, made by the same code from the theme's settings, which are part of
    the key under which the environment is kept; so the function's code identifies it."""
    seen: dict[Any, list[str]] = {}

    def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
        key = (tuple(extensions or ()), getattr(filter_func, "__code__", filter_func))
        if key not in seen:
            seen[key] = list_templates(extensions=extensions, filter_func=filter_func)
        return list(seen[key])

    return listed


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class LiveSite:
    """The preview's site folder and how to build it (see the module docstring)."""

    def __init__(self, site_dir: Path, settings_file: Path, *, host: str, port: int) -> None:
        self.site_dir = site_dir
        self.settings_file = settings_file  # the configuration without its nav
        self.host = host
        self.port = port
        self.mount_path = "/"  # the path of the site's public address, as the preview serves it
        self._env: tuple[Any, jinja2.Environment] | None = None
        self._started = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.mount_path}"

    def build(self, config: Mapping[str, Any], *, dirty: bool) -> float:
        """Build the site from the generated configuration ``config`` (only pages newer than
        their HTML when ``dirty``); return the seconds it took."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, ConfigurationError

        start = time.perf_counter()
        write_config({k: v for k, v in config.items() if k != "nav"}, self.settings_file)
        quiet = _NoDirtyWarning()
        logger = logging.getLogger("mkdocs.commands.build")
        logger.addFilter(quiet)
        try:
            with mkdocs_log_to_stderr():
                cfg = load_config(config_file=str(self.settings_file), site_dir=str(self.site_dir),
                                  strict=False, nav=list(config.get("nav") or []))
                path = urlsplit(cfg.site_url or "/").path.strip("/")
                self.mount_path = f"/{path}/" if path else "/"
                cfg.site_url = self.url
                env = self._theme_env(cfg.theme)
                setattr(cfg.theme, "get_env", lambda: env)  # noqa: B010 - see the docstring
                if not self._started:  # once, as `mkdocs serve` does (plugins keep state)
                    cfg.plugins.on_startup(command="serve", dirty=True)
                    self._started = True
                build(cfg, serve_url=self.url, dirty=dirty)
        except (Abort, ConfigurationError) as exc:
            raise BuildError(f"MkDocs build failed: {exc}") from exc
        finally:
            logger.removeFilter(quiet)
        return time.perf_counter() - start

    def _theme_env(self, theme: Any) -> jinja2.Environment:
        key = (tuple(theme.dirs), theme.locale, tuple(sorted(theme.static_templates)))
        if self._env is None or self._env[0] != key:
            env = theme.get_env()
            setattr(env, "list_templates", _listed_once(env.list_templates))  # noqa: B010
            self._env = (key, env)
        return self._env[1]

    def close(self) -> None:
        """End the session: MkDocs keeps plugins that have a start-up hook for the whole
        process (Material's search keeps its index between dirty builds); let go of them, so a
        later build in this process starts from new ones."""
        from mkdocs.config.config_options import Plugins
        from mkdocs.config.defaults import MkDocsConfig

        option = MkDocsConfig.plugins
        if self._started and isinstance(option, Plugins):
            cache = option.plugin_cache
            for plugin in cache.values():
                if hasattr(plugin, "on_shutdown"):
                    plugin.on_shutdown()
            cache.clear()
            self._started = False
        self._env = None

    def pages_html(self) -> int:
        """How many HTML pages the site folder holds."""
        return sum(1 for _ in self.site_dir.rglob("*.html"))
