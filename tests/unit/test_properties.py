"""Property-based tests: whatever an editor types, the generator either builds or reports
errors — never a traceback, never a partial tree.

Checking and rendering are separate tests, so a problem in an emitter cannot hide one in the
checks (and the other way round).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from hb_testlib import FIXTURE, tree_of
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.checks import load_and_check
from generator.write import write_tree

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
SCALAR = st.one_of(TEXT, st.integers(-5, 5), st.booleans(), st.none(), st.dates())
VALUE = st.recursive(SCALAR, lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c, max_size=3),
                     max_leaves=6)
FILES = ["site.yml", "regions.yml", "features.yml", "glossary.yml", "sources.yml",
         "care-tiers.yml", "red-flags.yml", "flowchart.yml", "scenarios.yml", "strings.yml",
         "conditions/sciatica.yml", "conditions/hip-osteoarthritis.yml"]

_BASE: dict[str, Any] = {f: yaml.safe_load((FIXTURE / f).read_text()) for f in FILES}


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, prefix + (i,))
    return out


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, tuple[Any, ...], Any, str]]:
    """A few edits: replace a value, delete a key, add a key, or write raw text."""
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(FILES))
        paths = [p for p in _paths(_BASE[name]) if p]
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["replace", "delete", "add", "raw"]))
        edits.append((name, path, draw(VALUE) if kind != "raw" else draw(TEXT), kind))
    return edits


def _apply(root: Path, edits: list[tuple[str, tuple[Any, ...], Any, str]]) -> None:
    import copy

    docs = {f: copy.deepcopy(_BASE[f]) for f in FILES}
    raw: dict[str, str] = {}
    for name, path, value, kind in edits:
        if kind == "raw":
            raw[name] = value
            continue
        parent = docs[name]
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            if kind == "replace":
                parent[last] = value
            elif kind == "delete":
                del parent[last]
            elif isinstance(parent, dict):
                parent[f"{last}_extra"] = value
            elif isinstance(parent, list):
                parent.append(value)
        except (KeyError, IndexError, TypeError):
            continue
    for name in FILES:
        text = raw.get(name) or yaml.safe_dump(docs[name], allow_unicode=True)
        (root / name).write_text(text, encoding="utf-8")


def _checked(tmp: str, edits: list[Any]) -> Any:
    root = Path(tmp) / "content"
    shutil.copytree(FIXTURE, root)
    _apply(root, edits)
    content, report = load_and_check(root, "content")
    if content is None:
        assert report.errors, "no content and no error"
        for d in report.errors:
            assert d.path.startswith("content"), d
            assert d.line >= 1 and d.col >= 1 and d.message
    return content


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_checks_report_errors_never_crash(edits: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _checked(tmp, edits)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
@example(edits=[])  # the unchanged fixture: always valid, so rendering is always exercised
def test_valid_content_renders_completely(edits: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = _checked(tmp, edits)
        if content is None:
            return
        # valid content renders completely. Mermaid's layout (20 s a diagram) is not what is
        # under test here: a stand-in SVG keeps 40 examples fast.
        out = Path(tmp) / "docs"
        with mock.patch("generator.emit.flowchart.render_raw", _fake_svg):
            files = tree_of(content, Path(tmp) / "cache")
        write_tree(out, files)
        assert (out / "index.md").is_file()
        assert all((out / rel).is_file() for rel in files)


def _fake_svg(source: str, **kwargs: Any) -> str:
    return '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>t</title></svg>'
