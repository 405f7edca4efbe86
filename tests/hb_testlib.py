"""Helpers shared by the tests (a uniquely named module, not conftest imports)."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "content"
BUNDLED = ROOT / "content"


def signed(content: Any, *, name: str = "Ada Example", role: str = "Consultant physiotherapist",
           register: str = "HCPC", number: str = "PH000000", day: str = "2026-12-01") -> Any:
    """``content`` as if a clinician had signed it off exactly as it is (test data only)."""
    import dataclasses
    import datetime as dt

    from generator.model.safety_parts import signoff_status
    from generator.model.signoff import Clinician, SignOff

    status = signoff_status(content)
    who = Clinician(name=name, role=role, professional_register=register,
                    registration_number=number)
    return dataclasses.replace(
        content, signoff=SignOff(signed_by=who, date=dt.date.fromisoformat(day),
                                 fingerprints=dict(status.current)),
        snapshot={n: p.data for n, p in status.parts.items()})


def sign_folder(root: Path, *, day: str = "2026-11-20") -> Path:
    """Write a clinical sign-off of the content folder ``root`` as it is (test data only)."""
    import datetime as dt

    from generator.cli.review import write_signoff
    from generator.model.content import load_content
    from generator.model.safety_parts import signoff_status
    from generator.model.signoff import Clinician

    content, report = load_content(root)
    assert content is not None, [d.format() for d in report.errors]
    who = Clinician(name="Test Reviewer", role="Test role", professional_register="TEST",
                    registration_number="0000")
    write_signoff(root, signoff_status(content), who, dt.date.fromisoformat(day))
    return root


PLACEHOLDER_URL = "https://hiporback.example.org/"
PUBLIC_TEST_URL = "https://hips.clinic-trust.org/"
"""An address ``check --publish`` accepts (the content's own is a placeholder it refuses)."""


def set_public_url(root: Path, url: str = PUBLIC_TEST_URL) -> Path:
    """Give the content folder ``root`` another ``public_url`` (test data only)."""
    site = root / "site.yml"
    text = site.read_text(encoding="utf-8")
    old = re.search(r"^public_url: (\S+)$", text, re.MULTILINE)
    assert old, "site.yml has no public_url line"
    site.write_text(text.replace(old.group(0), f"public_url: {url}"), encoding="utf-8")
    return root


def copy_content(dest: Path, source: Path = FIXTURE) -> Path:
    target = dest / "content"
    shutil.copytree(source, target)
    return target


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_cli(args: Sequence[str], cwd: Path | None = None) -> tuple[int, str, str]:
    """Run ``hipback`` in-process; return (exit code, stdout, stderr)."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def build_once(name: str, base: Path, content: Path, *, with_pdf: bool = True,
               engine: str = "mkdocs", offline: bool = False,
               languages: bool = False) -> Path:
    """Build a site once per test session, shared by all xdist workers (file lock).

    Returns the site folder. ``base`` is the session's shared temporary folder. ``offline``:
    also the offline copy, beside the site in ``offline`` (``hipback build --offline DIR``).
    """
    import fcntl
    import json

    out = base / f"built-{name}"
    out.mkdir(parents=True, exist_ok=True)
    lock = out / ".lock"
    with lock.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        done = out / "done.json"
        if done.is_file():
            info = json.loads(done.read_text())
            if info.get("error"):
                raise AssertionError(info["error"])
            return out / "site"
        args = ["build", "--content", str(content), "--site-dir", str(out / "site"),
                "--docs", str(out / "docs"), "--cache", str(base / "shared-cache"),
                "--config", str(ROOT / "mkdocs.yml")]
        if not with_pdf:
            args.append("--no-pdf")
        args += ["--engine", engine]
        if offline:
            args += ["--offline", str(out / "offline")]
        if languages:
            args.append("--languages")
        code, stdout, stderr = run_cli(args, cwd=ROOT)
        error = None if code == 0 else f"build failed ({code}):\n{stdout}\n{stderr}"
        done.write_text(json.dumps({"error": error, "stdout": stdout, "stderr": stderr}))
        if error:
            raise AssertionError(error)
        return out / "site"


def tree_of(content: object, cache_dir: Path) -> dict[str, bytes]:
    """The generated docs tree of checked content, as ``hipback generate`` makes it."""
    from generator.emit.flowchart import build_flowchart
    from generator.publish.pipeline import docs_tree
    from generator.resolve import resolve

    r = resolve(content)  # type: ignore[arg-type]
    return docs_tree(r, build_flowchart(r, cache_dir=cache_dir))


def resolved(root: Path = FIXTURE) -> object:
    """The fixture (or another folder) loaded, checked and resolved."""
    from generator.checks import load_and_check
    from generator.resolve import resolve

    content, report = load_and_check(root, "content")
    assert content is not None, [d.format() for d in report.sorted()]
    return resolve(content)


_STAND_IN_SETTINGS: dict[str, Any] = {
    "site_name": "Stand-in", "site_url": PLACEHOLDER_URL, "site_description": "",
    "copyright": "", "nav": [], "language": "en", "css": "", "disclaimer_html": "",
    "red_flags_html": "", "strings": {}}
"""What ``site_config`` fills in from the content (names, addresses, navigation): none of it
changes how MkDocs reads Markdown, so any values do."""


@functools.cache
def _site_markdown_setup() -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    """The extensions and their options MkDocs reads a page of the built site with.

    Taken from the configuration ``hipback build`` writes (``generator.publish.mkdocs.
    site_config`` from the project's mkdocs.yml: it adds the raw-HTML pass) and read by MkDocs'
    own option for ``markdown_extensions``, which puts MkDocs' built-in ``toc``, ``tables`` and
    ``fenced_code`` first, so a change to either reaches these tests.
    """
    import copy

    from mkdocs.config.defaults import MkDocsConfig

    from generator.publish.mkdocs import site_config

    config = site_config(ROOT / "mkdocs.yml", _STAND_IN_SETTINGS, docs=ROOT / "build" / "docs")
    schema = MkDocsConfig.markdown_extensions
    option = type(schema)(builtins=schema.builtins, configkey=schema.configkey)
    # a copy: the option takes the one-key mappings of the list apart as it reads them
    names = option.validate(copy.deepcopy(config["markdown_extensions"]))
    return tuple(names), option.configdata


def site_markdown() -> Any:
    """A new Python-Markdown converter set up as MkDocs sets up its own for a page of the site
    (MkDocs' link rewriting aside: it needs the built site's files)."""
    import markdown

    names, options = _site_markdown_setup()
    return markdown.Markdown(extensions=list(names), extension_configs=options)


def site_page(page: str) -> tuple[dict[str, Any], str]:
    """What MkDocs makes of a page: its front matter (read by MkDocs' own reader) and the HTML
    of the rest."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(page)
    return meta, str(site_markdown().convert(body))


def site_html(page: str) -> str:
    """The HTML MkDocs makes of a page (its front matter, if any, left out)."""
    return site_page(page)[1]


def condition_page_html(r: object, slug: str) -> tuple[str, str]:
    """A condition page: (its Markdown, the HTML of its body as the reader gets it).

    The body is converted as MkDocs converts it, then the two slots are filled the way the
    theme's ``overrides/partials/content.html`` fills them (the map from the front matter, the
    red-flag cards from the site settings); ``tests/e2e`` check the same on the built site.
    """
    from generator.emit.markdown.renderer import Renderer
    from generator.emit.nav import red_flags_html
    from generator.emit.tree import condition_extras
    from generator.text.rawhtml import MAP_SLOT, RED_FLAGS_SLOT, seal

    page = seal(Renderer(r).render_condition(  # type: ignore[arg-type]
        slug, r.conditions[slug], condition_extras(r, slug)))  # type: ignore[attr-defined]
    meta, html = site_page(page)
    html = html.replace(MAP_SLOT, meta.get("hb_map", ""))
    return page, html.replace(RED_FLAGS_SLOT, red_flags_html(r))  # type: ignore[arg-type]


def flowchart_only_cache(dest: Path, source_cache: Path) -> Path:
    """A new render cache at ``dest/cache`` holding only the flowchart diagrams of
    ``source_cache`` (seconds each to draw), so a build in it renders every handout anew."""
    cache = dest / "cache"
    cache.mkdir()
    for svg in source_cache.glob("flowchart-*.svg"):
        shutil.copy2(svg, cache / svg.name)
    return cache


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """Stop a server a test started: ask, then kill if it has not gone within 5 s."""
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
