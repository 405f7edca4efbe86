"""A second engine: Zensical builds the same build folder that MkDocs builds.

Zensical reads the generated ``mkdocs.yml`` (it runs no MkDocs hooks or plugins, which is why
the configuration is written out complete, see ``publish/mkdocs.py``). It is an optional
dependency (``pip install 'hipback[zensical]'``), pinned: its configuration reading and
templates change from release to release, and the build was checked against this one.

It runs in a child process (``python -m zensical build``): a failure in its Rust core cannot
take the build down with it, its colourful report is captured for the error message, and Ctrl+C
stops it. It writes into ``site_dir`` of the configuration (``build/raw-site``; it refuses
folders outside the configuration's own folder) and keeps its cache in ``build/.cache``; the
finished output is then moved to where the build wants it, and the publish steps run on it as on
MkDocs' output.

Zensical resolves a relative link that stands as raw HTML in a page's Markdown against the
Markdown file, where MkDocs leaves it for the browser to read against the page's address (on
purpose: zensical issue 258). The generator writes those links for the engine it builds for (the
site map's ``body_from_source``, ``model/sitemap.py``), so nothing needs undoing here.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from .mkdocs import RAW_SITE, BuildError

ZENSICAL_VERSION = "0.0.73"
VARIANTS = ("classic", "modern")
"""Zensical's two looks: "classic" is Material's, "modern" its own (the default)."""
INSTALL_HINT = (f"install it with: pip install 'hipback[zensical]' "
                f"(or pip install zensical=={ZENSICAL_VERSION})")


def zensical_version() -> str | None:
    """The installed Zensical version, or None when it is not installed."""
    try:
        return importlib.metadata.version("zensical")
    except importlib.metadata.PackageNotFoundError:
        return None


def require_zensical() -> None:
    """Raise :class:`BuildError` unless the pinned Zensical is installed."""
    found = zensical_version()
    if found is None:
        raise BuildError(f"the Zensical engine is not installed; {INSTALL_HINT}")
    if found != ZENSICAL_VERSION:
        raise BuildError(f"Zensical {found} is installed, but this build was checked with "
                         f"{ZENSICAL_VERSION}; {INSTALL_HINT}")


def zensical_templates() -> Path:
    """Zensical's own theme templates (its inline scripts are allowed by the CSP step)."""
    import zensical

    return Path(zensical.__file__).resolve().parent / "templates"


def _config(config_file: Path) -> dict[str, Any]:
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"cannot read the configuration {config_file}: {exc}") from exc
    return dict(config) if isinstance(config, dict) else {}


def raw_site_of(config_file: Path) -> Path:
    """The folder Zensical writes the site into: ``site_dir`` of the configuration."""
    site_dir = str(_config(config_file).get("site_dir") or RAW_SITE)
    return (config_file.resolve().parent / site_dir).resolve()


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def drop_other_variant(site: Path, variant: str) -> None:
    """Remove the stylesheets of the look not chosen (Zensical copies both; no page links them)."""
    for other in VARIANTS:
        folder = site / "assets" / "stylesheets" / other
        if other != variant and folder.is_dir():
            shutil.rmtree(folder)


def zensical_build(config_file: Path, site_dir: Path, *, clean: bool = False,
                   strict: bool = True) -> None:
    """Build with Zensical (``zensical build --strict``) and move the site to ``site_dir``.

    ``site_dir`` must not exist or be an empty folder. ``clean`` drops Zensical's cache first
    (``--clean``); without it, pages whose source did not change come from the cache.
    """
    require_zensical()
    out = raw_site_of(config_file)
    target = site_dir.resolve()
    if target == out or out in target.parents or target in out.parents:
        raise BuildError(f"the site folder {site_dir} overlaps {out}, where Zensical writes "
                         "its output before the publish steps; choose another site folder.")
    if out.exists():
        shutil.rmtree(out)  # no page of an earlier build may survive in the new site
    # in full: Zensical runs in the configuration's folder, where a relative path means nothing
    args = [sys.executable, "-m", "zensical", "build", "--config-file",
            str(config_file.resolve())]
    args += ["--clean"] if clean else []
    args += ["--strict"] if strict else []
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(args, cwd=config_file.resolve().parent, env=env, capture_output=True,
                          text=True, check=False)
    report = _tail(proc.stdout + "\n" + proc.stderr)
    if proc.returncode != 0:
        raise BuildError(f"Zensical build failed (exit {proc.returncode}):\n{report}")
    if not (out / "index.html").is_file():
        raise BuildError(f"Zensical wrote no site into {out}:\n{report}")
    config = _config(config_file)
    drop_other_variant(out, str((config.get("theme") or {}).get("variant") or "modern"))
    if target.exists():
        target.rmdir()  # an empty folder made for the build (anything in it is an error)
    try:
        os.replace(out, target)
    except OSError:  # another file system
        shutil.copytree(out, target)
        shutil.rmtree(out)


__all__ = ["INSTALL_HINT", "ZENSICAL_VERSION", "raw_site_of", "require_zensical",
           "zensical_build", "zensical_templates", "zensical_version"]
