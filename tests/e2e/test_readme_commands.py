"""The README is executable truth: every command of its quick start and of its command table
runs as written, in a fresh clone, and does what the README says.

The commands are read from README.md itself (the quick start's code blocks, the first column of
the ``hipback`` table, the "Other make targets" line), so a command added to the README without
a check here fails :func:`test_every_readme_command_is_run_or_has_a_reason`. Each runs

* exactly as written, with its default flags: ``[…]`` parts are left out; an option whose
  choices the table lists (``[--engine mkdocs\\|zensical]``) is also run with each choice but the
  first, the default; ``SLUG`` is a new name;
* in a shell, from the project folder of a ``git clone`` of this repository's HEAD (so
  uncommitted changes are not what is tested), reusing the test's Python environment: nothing
  is installed. ``make`` finds its ``.venv`` set up: ``.venv/bin`` holds two small scripts,
  ``python`` and ``hipback``, that start the test's Python (and refuse ``pip``); it comes first
  on ``PATH``, the clone is ``PYTHONPATH``, so the clone's code is what runs. ``node_modules``
  is a link to this checkout's;
* on a real free port where it serves, named by ``HIPBACK_DEV_ADDR``, which the README
  documents (port 8000 may be taken on a CI machine).

The commands share one clone, in README order: ``make site`` first (it builds the site and fills
the caches the later commands reuse), ``make clean`` last.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hb_testlib import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("readme")]

README = ROOT / "README.md"
NEW_SLUG = "readme-new-condition"
EDIT = "This sentence was saved while the preview ran."
SHOW_EDIT_WITHIN = 2.0  # seconds from a saved edit to the served page (README: "about a second")
SERVE_START = 180.0  # seconds for the preview's first build (a cold flowchart diagram: ~5 s)


# -- the README's commands


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end >= 0 else len(text)]


def _defaults(written: str) -> list[str]:
    """The command with its default flags, then once with each listed non-default choice."""
    choices = re.findall(r"\[(--[\w-]+) ([\w-]+(?:\\?\|[\w-]+)+)\]", written)
    base = re.sub(r"\s*\[[^\]]*\]", "", written).replace("SLUG", NEW_SLUG).strip()
    out = [base]
    for option, values in choices:
        out += [f"{base} {option} {v}" for v in re.split(r"\\?\|", values)[1:]]
    return out


def readme_commands(text: str) -> list[str]:
    """Every command of the quick start and the command table, in README order."""
    quick = _section(text, "## Quick start")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", quick, re.DOTALL):
        out += [line.split("#", 1)[0].strip() for line in block.splitlines()]
    table = _section(text, "## The `hipback` command")
    for row in re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE):
        out += _defaults(row)
    other = re.search(r"Other `make` targets:(.*?)\n\n", table, re.DOTALL)
    assert other, "README: the line of other make targets is missing"
    out += re.findall(r"`(make [\w-]+)`", other.group(1))
    return [c for c in out if c]


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))

NOT_RUN = {
    "make test": "it runs this test (and the whole suite)",
    "make lint": "`make test` runs it before the tests (a prerequisite of the target); it checks "
                 "the code, not something the README promises a user",
    "make bench": "about 30 minutes on 2 cores, and timings need a quiet machine; "
                  "tests/unit/test_bench*.py test its parts",
    "make audit": "Lighthouse on every page type, several runs each (minutes of Chromium); the "
                  "browser tests check the same pages",
    "hipback review --approve --name … --role … --register … --number …": "it records a "
        "clinician's sign-off, and the README's dots stand for a real clinician's name and "
        "registration: run with invented ones it would publish a false review. "
        "tests/unit/test_signoff.py approves a copy of the content and checks what follows",
}


# -- a fresh clone


@dataclass
class Project:
    root: Path
    env: dict[str, str]
    site_run: subprocess.CompletedProcess[str]  # `make site`, run once for every test

    def run(self, command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, shell=True, cwd=self.root, env=self.env, text=True,
                              capture_output=True, timeout=timeout, check=False)


def _venv_for_make(root: Path) -> None:
    """``.venv`` as ``make`` expects it, starting this test's Python (see the docstring)."""
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = shlex.quote(sys.executable)
    # never pip: its site-packages are this test run's (a stale stamp would install into it)
    no_pip = ('[ "$1 $2" = "-m pip" ] && { echo "this test\'s .venv installs nothing" >&2; '
              "exit 1; }\n")
    for name, line in (("python", f'{no_pip}exec {python} "$@"'),
                       ("hipback", f'exec {python} -m generator "$@"')):
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\n{line}\n", encoding="utf-8")
        script.chmod(0o755)
    (root / ".venv" / ".installed").touch()  # newer than pyproject.toml: nothing to install


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    root = tmp_path_factory.mktemp("readme") / "hiporback"
    clone = subprocess.run(["git", "clone", "--quiet", str(ROOT), str(root)], text=True,
                           capture_output=True, check=False)
    assert clone.returncode == 0, f"cannot clone {ROOT}: {clone.stderr}"
    if (ROOT / "node_modules").is_dir():
        (root / "node_modules").symlink_to(ROOT / "node_modules")
    _venv_for_make(root)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "HIPBACK_DEV_ADDR", "MAKEFLAGS")}
    env["PATH"] = os.pathsep.join([str(root / ".venv" / "bin"), str(Path(sys.executable).parent),
                                   env.get("PATH", "")])
    env["PYTHONPATH"] = str(root)
    env["HIPBACK_DEV_ADDR"] = f"127.0.0.1:{_free_port()}"
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           cwd=root, env=env, text=True, capture_output=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(root), "the clone's code must run"
    pip = subprocess.run([str(root / ".venv" / "bin" / "python"), "-m", "pip", "--version"],
                         cwd=root, env=env, capture_output=True, check=False)
    assert pip.returncode == 1, "the clone's .venv must refuse to install anything"
    site = subprocess.run("make site", shell=True, cwd=root, env=env, text=True,
                          capture_output=True, timeout=1200, check=False)
    yield Project(root=root, env=env, site_run=site)


# -- what each command must do


def _ok(run: subprocess.CompletedProcess[str]) -> str:
    out = run.stdout + run.stderr
    assert run.returncode == 0, f"exit {run.returncode}:\n{out[-4000:]}"
    assert "Traceback" not in out, out[-4000:]
    return out


def _is_pdf(path: Path) -> bool:
    return path.is_file() and path.read_bytes()[:5] == b"%PDF-"


def check_make_site(p: Project, command: str) -> None:
    out = _ok(p.site_run)
    site = p.root / "site"
    assert "built site/" in out
    for page in ("index.html", "conditions/sciatica/index.html", "handouts/index.html"):
        assert (site / page).is_file(), page
    for name in ("sciatica", "overview", "booklet"):
        assert _is_pdf(site / "handouts" / f"{name}.pdf"), name
    _check_languages(site)  # a fresh clone's `make site` builds English, Welsh and Arabic


def _check_languages(site: Path) -> None:
    """The Welsh and Arabic trees, in their language and direction, switching to the same page."""
    for lang, direction in (("cy", "ltr"), ("ar", "rtl")):
        home = (site / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in home and f'<body dir="{direction}"' in home, lang
        page = (site / lang / "conditions" / "sciatica" / "index.html").read_text(encoding="utf-8")
        assert f'hreflang="{lang}" href="https://' in page, lang  # the head's alternates
    assert '<a href="../../cy/conditions/sciatica/" hreflang="cy" class="md-select__link"' in (
        site / "conditions" / "sciatica" / "index.html").read_text(encoding="utf-8")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def _wait_for(test: Callable[[], bool], timeout: float, step: float = 0.05) -> float | None:
    """Seconds until ``test()`` held, or ``None`` when it did not within ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if test():
            return time.monotonic() - start
        time.sleep(step)
    return None


def _add_to_summary(text: str, sentence: str) -> str:
    """The condition file with ``sentence`` at the end of its (block or plain) summary."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")):
        end += 1
    return "".join(lines[:end]).rstrip("\n") + f" {sentence}\n" + "".join(lines[end:])


def check_serve(p: Project, command: str) -> None:
    """Serves on the address of ``HIPBACK_DEV_ADDR``; a saved edit shows within 2 s."""
    base = f"http://{p.env['HIPBACK_DEV_ADDR']}/"
    page = base + "conditions/sciatica/"
    source = p.root / "content" / "conditions" / "sciatica.yml"
    original = source.read_text(encoding="utf-8")
    proc = subprocess.Popen(command, shell=True, cwd=p.root, env=p.env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    started = shown = gone = None
    before = ""
    try:
        started = _wait_for(lambda: proc.poll() is not None or _get(base)[0] == 200,
                            SERVE_START, step=0.25)
        if started is not None and proc.poll() is None:
            before = _get(page)[1]
            source.write_text(_add_to_summary(original, EDIT), encoding="utf-8")
            shown = _wait_for(lambda: EDIT in _get(page)[1], SHOW_EDIT_WITHIN)
            source.write_text(original, encoding="utf-8")
            gone = _wait_for(lambda: EDIT not in _get(page)[1], 30)
    finally:
        source.write_text(original, encoding="utf-8")
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # as `kill` would: the preview cleans up
        out = proc.communicate(timeout=60)[0]
    assert started is not None and "serving on " + base in out, (
        f"{command} did not serve {base}:\n{out[-3000:]}")
    assert "Sciatica" in before and EDIT not in before
    assert shown is not None, f"a saved edit was not served within {SHOW_EDIT_WITHIN} s"
    assert gone is not None, "the edit undone did not show"
    assert "Traceback" not in out, out[-3000:]
    assert _get(base)[0] == 0, "the server still answers after it was stopped"


def check_validate(p: Project, command: str) -> None:
    assert "0 error(s)" in _ok(p.run(command))


def check_generate(p: Project, command: str) -> None:
    page = p.root / "build" / "docs" / "conditions" / "sciatica.md"
    page.unlink(missing_ok=True)
    out = _ok(p.run(command))
    assert "into build/docs" in out
    assert page.is_file() and "# Sciatica" in page.read_text(encoding="utf-8")
    assert (p.root / "build" / "mkdocs.yml").is_file()


def _conditions(p: Project) -> list[str]:
    return sorted(f.stem for f in (p.root / "content" / "conditions").glob("*.yml"))


def check_build(p: Project, command: str) -> None:
    out = _ok(p.run(command))
    handouts = len(_conditions(p)) + 3  # and the overview, the booklet and the hazard log
    assert re.search(rf"built site/: \d+ pages, {handouts} handouts", out), out
    assert _is_pdf(p.root / "site" / "handouts" / "sciatica.pdf")


def check_build_zensical(p: Project, command: str) -> None:
    out = _ok(p.run(command))
    assert "built site/" in out
    home = (p.root / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="generator" content="zensical-[\d.]+"', home), home[:2000]
    assert _is_pdf(p.root / "site" / "handouts" / "sciatica.pdf")


def check_build_no_languages(p: Project, command: str) -> None:
    out = _ok(p.run(command))
    assert "built site/" in out
    site = p.root / "site"
    assert (site / "index.html").is_file()
    assert not (site / "cy").exists() and not (site / "ar").exists()
    assert "md-select__link" not in (site / "index.html").read_text(encoding="utf-8")


def check_build_offline(p: Project, command: str) -> None:
    out = _ok(p.run(command))
    assert "built the offline copy site-offline/" in out, out
    copy = p.root / "site-offline"
    home = (copy / "index.html").read_text(encoding="utf-8")
    assert 'href="flowchart.html"' in home  # a file, not a folder
    assert "hb-guide__graph" in (copy / "flowchart.html").read_text(encoding="utf-8")
    assert (copy / "search" / "search_index.js").read_text(encoding="utf-8").startswith(
        "var __index = ")
    assert _is_pdf(copy / "handouts" / "sciatica.pdf")
    assert not list(copy.rglob("*.gz"))
    for lang in ("cy", "ar"):  # every language of the web site, each with its own search
        assert 'href="flowchart.html"' in (copy / lang / "index.html").read_text(encoding="utf-8")
        assert (copy / lang / "search" / "search_index.js").is_file()


def check_translations_export(p: Project, command: str) -> None:
    out = _ok(p.run(command))
    po = (p.root / "build" / "translations" / "cy.po").read_text(encoding="utf-8")
    assert "wrote" in out and 'msgctxt "red-flags.yml#emergency-signs/heading"' in po
    assert "#. safety text" in po and '"Language: cy\\n"' in po
    # the import the same row names, with no edits: nothing in content/ changes
    before = _git_status(p)
    out = _ok(p.run("hipback translations import --lang cy"))
    assert "0 file(s) changed" in out, out
    assert _git_status(p) == before


def _git_status(p: Project) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--", "content"], cwd=p.root,
                          capture_output=True, text=True, check=True).stdout


def check_pdf(p: Project, command: str) -> None:
    out_dir = p.root / "build" / "handouts"
    shutil.rmtree(out_dir, ignore_errors=True)
    out = _ok(p.run(command))
    assert "handout(s) in build/handouts/" in out
    for name in [*_conditions(p), "overview", "booklet"]:
        assert _is_pdf(out_dir / f"{name}.pdf"), name


def check_check(p: Project, command: str) -> None:
    out = _ok(p.run(command))
    assert "reading grade:" in out and "0 error(s)" in out


def check_check_json(p: Project, command: str) -> None:
    run = p.run(command)
    _ok(run)
    report = json.loads(run.stdout)
    assert isinstance(report["findings"], list)


def check_new_condition(p: Project, command: str) -> None:
    made = p.root / "content" / "conditions" / f"{NEW_SLUG}.yml"
    try:
        out = _ok(p.run(command))
        assert f"created content/conditions/{NEW_SLUG}.yml" in out
        assert made.is_file()
        # valid on its own: the only thing left to do is what the message says, naming it in
        # the flowchart (validate reports nothing in the new file itself)
        report = p.run("hipback validate")
        problems = [line for line in report.stderr.splitlines() if ": " in line
                    and re.match(r"^[\w./-]+:\d+:\d+: ", line)]
        assert problems, report.stderr
        assert not [line for line in problems if line.startswith(f"content/conditions/{NEW_SLUG}")]
        assert all(f'"{NEW_SLUG}"' in line for line in problems), problems
    finally:
        made.unlink(missing_ok=True)


def check_review(p: Project, command: str) -> None:
    out = _ok(p.run(command))
    # the bundled content has no sign-off: everything is shown to the clinician as new
    assert "No clinician has signed off this content yet" in out, out[:2000]
    assert "content/red-flags.yml:" in out and "content/flowchart.yml:" in out
    assert not (p.root / "content" / "signoff.yml").exists()


def check_schema(p: Project, command: str) -> None:
    schemas = p.root / "schemas"
    one = schemas / "condition.schema.json"
    one.unlink()
    out = _ok(p.run(command))
    assert "schema file(s) to schemas/" in out
    json.loads(one.read_text(encoding="utf-8"))
    changed = subprocess.run(["git", "status", "--porcelain", "schemas"], cwd=p.root,
                             text=True, capture_output=True, check=True).stdout
    assert changed == "", f"the exported schemas differ from the committed ones:\n{changed}"


def check_make_clean(p: Project, command: str) -> None:
    assert (p.root / "site").is_dir() or (p.root / "build").is_dir()
    _ok(p.run(command))
    assert not (p.root / "site").exists() and not (p.root / "build").exists()
    assert not (p.root / "site-offline").exists()
    assert (p.root / "content" / "site.yml").is_file()


CHECKS: dict[str, Callable[[Project, str], None]] = {
    "make site": check_make_site,
    "make serve": check_serve,
    "hipback validate": check_validate,
    "hipback generate": check_generate,
    "hipback build": check_build,
    "hipback build --engine zensical": check_build_zensical,
    "hipback build --offline": check_build_offline,
    "hipback build --no-languages": check_build_no_languages,
    "hipback translations export --lang cy": check_translations_export,
    "hipback pdf": check_pdf,
    "hipback check": check_check,
    "hipback check --format json": check_check_json,
    "hipback serve": check_serve,
    f"hipback new condition {NEW_SLUG}": check_new_condition,
    "hipback schema": check_schema,
    "hipback review": check_review,
    "make clean": check_make_clean,
}


def test_every_readme_command_is_run_or_has_a_reason() -> None:
    assert "make site" in COMMANDS and "hipback serve" in COMMANDS, COMMANDS
    unknown = [c for c in COMMANDS if c not in CHECKS and c not in NOT_RUN]
    assert unknown == [], f"README commands with no check here (add one): {unknown}"
    gone = sorted((CHECKS.keys() | NOT_RUN.keys()) - set(COMMANDS))
    assert gone == [], f"checked here but no longer in the README: {gone}"


@pytest.mark.parametrize("command", [c for c in COMMANDS if c in CHECKS])
def test_readme_command(project: Project, command: str) -> None:
    CHECKS[command](project, command)
