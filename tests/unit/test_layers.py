"""The stages only call downward, and nothing imports in a circle — enforced, not hoped for.

Every ``import`` in ``generator/`` (at module level or inside a function: both are calls) is read
with :mod:`ast`. A module may import its own package, the shared base (``diagnostics``, ``text``,
``strings``, ``lifeline``) and the stages before its own in the pipeline; importing a later stage fails, and
so does any cycle between modules, and so does importing a private name (``_x``) from another
module of ``generator`` or ``bench``. There is no list of exceptions.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hb_testlib import ROOT

PACKAGE = ROOT / "generator"

STAGES = ("load", "model", "checks", "resolve", "emit", "write", "publish", "cli")
"""The pipeline, in order: data flows down this list once."""

BASE = ("diagnostics", "text", "strings", "lifeline")
"""Shared by every stage; they import nothing from the stages."""

TOP = ("__init__", "__main__")
"""The package itself and ``python -m generator``: they may import anything."""


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        keep = len(parts) - node.level + (1 if is_package else 0)
        base = ".".join(parts[:keep] + ([node.module] if node.module else []))
    return [base] + [f"{base}.{a.name}" for a in node.names]


def imports_of(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import of a ``generator`` module in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    known = _modules()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = _resolve(module, is_package, node)
        for name in names:
            if name.startswith("generator") and name in known and name != module:
                yield name, node.lineno


def stage_of(module: str) -> tuple[str, int]:
    """(stage or base name, rank): base ranks -1, the stages 0…7, the package top 99."""
    parts = module.split(".")
    if len(parts) == 1:
        return "generator", 99
    first = parts[1]
    if first in TOP:
        return first, 99
    if first in BASE:
        return first, -1
    assert first in STAGES, f"{module} is in no stage: add it to STAGES or BASE (DESIGN.md)"
    return first, STAGES.index(first)


def _edges() -> list[tuple[str, str, int]]:
    return [(m, target, line) for m, path in _modules().items()
            for target, line in imports_of(m, path)]


def test_every_module_belongs_to_a_stage() -> None:
    for module in _modules():
        stage_of(module)


def _violations(edges: list[tuple[str, str, int]]) -> list[str]:
    wrong = []
    for src, dst, line in edges:
        src_stage, src_rank = stage_of(src)
        dst_stage, dst_rank = stage_of(dst)
        if src_stage == dst_stage:
            continue
        if src_rank == -1 and dst_rank != -1:
            wrong.append(f"{src}:{line} (base) imports {dst} ({dst_stage})")
        elif src_rank == -1 and src_stage != dst_stage:
            wrong.append(f"{src}:{line} (base {src_stage}) imports base {dst}")
        elif dst_rank > src_rank:
            wrong.append(f"{src}:{line} ({src_stage}) imports later stage {dst} ({dst_stage})")
    return wrong


def test_stages_only_import_downward() -> None:
    assert _violations(_edges()) == []


def _cycles(edges: list[tuple[str, str, int]]) -> list[list[str]]:
    graph: dict[str, set[str]] = {}
    for src, dst, _ in edges:
        graph.setdefault(src, set()).add(dst)
        graph.setdefault(dst, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    # a package importing its own submodules (re-exports) is not a cycle unless one of those
    # modules imports the package back
    assert _cycles(_edges()) == []


def test_no_module_over_about_400_lines() -> None:
    big = {m: n for m, p in _modules().items()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert big == {}


@pytest.mark.parametrize("edges, expected", [
    ([("generator.a", "generator.b", 1), ("generator.b", "generator.a", 2)],
     [["generator.a", "generator.b"]]),
    ([("generator.a", "generator.b", 1), ("generator.b", "generator.c", 2)], []),
])
def test_cycle_finder_finds_cycles(edges: list[tuple[str, str, int]],
                                   expected: list[list[str]]) -> None:
    assert _cycles(edges) == expected


def test_the_rule_catches_upward_and_base_imports() -> None:
    assert _violations([("generator.load.folder", "generator.emit.tree", 3)]) == [
        "generator.load.folder:3 (load) imports later stage generator.emit.tree (emit)"]
    assert _violations([("generator.text.inline", "generator.model", 1)]) == [
        "generator.text.inline:1 (base) imports generator.model (model)"]
    assert _violations([("generator.emit.tree", "generator.resolve", 9),
                        ("generator.checks", "generator.checks.refs", 2)]) == []


def test_imports_are_read_from_source() -> None:
    found = dict(imports_of("generator.publish.pipeline", PACKAGE / "publish" / "pipeline.py"))
    assert "generator.resolve" in found and "generator.emit.tree" in found


# ------------------------------------------------------------------ site paths (issue 22)
# Only the site map (generator/model/sitemap.py) knows how pages are addressed. A site path
# written anywhere else is a second copy of the URL layout that a new URL style (the offline
# copy's .html files) or a renamed page would silently leave behind.

SITE_MAP = ROOT / "generator" / "model" / "sitemap.py"
SITE_PATH_PATTERNS = [
    # a relative path up a folder (the content files' schema header is a file path, not a link)
    (re.compile(r"\.\./(?!schemas/)[A-Za-z{]"), "a ../ path"),
    (re.compile(r"/index\.html"), "/index.html"),
    (re.compile(r"(?:href|src)=[^>\s]*\.html\b"), "a link to a .html address"),
    (re.compile(r"[\"'](?:conditions|handouts)/[^\"'\s]*\.(?:md|pdf)[\"'#]"),
     "a page or handout path"),
    (re.compile(r"[\"'](?:handouts|compare|flowchart|where-does-it-hurt|how-we-check|"
                r"hazard-log)/[\"']"), "a page address"),
    (re.compile(r"\burl\(\s*f?[\"'][^\"']*/[\"']\s*\)"), "a page address"),
]


def _code_strings(path: Path) -> Iterator[tuple[int, str]]:
    """The string literals of a Python module that are not docstrings, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                          | ast.AsyncFunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}
    lines = path.read_text(encoding="utf-8").splitlines()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant | ast.JoinedStr) and id(node) not in docs:
            if isinstance(node, ast.Constant) and not isinstance(node.value, str):
                continue
            yield node.lineno, "\n".join(lines[node.lineno - 1:(node.end_lineno or node.lineno)])


def _template_lines(path: Path) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.lstrip().startswith(("{#", "//", "/*", "*")):
            yield number, line


def site_path_problems(files: list[Path]) -> list[str]:
    """Every site path in ``files``, as ``file:line: what``, sorted (template first)."""
    found = []
    for path in files:
        lines = _code_strings(path) if path.suffix == ".py" else _template_lines(path)
        for number, text in lines:
            for pattern, what in SITE_PATH_PATTERNS:
                if pattern.search(text):
                    shown = path.relative_to(ROOT) if ROOT in path.parents else path.name
                    found.append(f"{shown}:{number}: {what} outside the site "
                                 f"map: {text.strip()[:90]}")
    return sorted(set(found))


def _site_path_files() -> list[Path]:
    code = [p for p in (ROOT / "generator").rglob("*.py") if p != SITE_MAP]
    templates = [*(ROOT / "generator").rglob("*.j2"), *(ROOT / "overrides").rglob("*.html"),
                 *(ROOT / "overrides").rglob("*.js")]
    return sorted(code + templates)


def test_no_site_path_outside_the_site_map() -> None:
    problems = site_path_problems(_site_path_files())
    assert not problems, "\n".join(problems)


def test_the_site_path_rule_catches_paths(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Links like ../conditions/x/ are fine in a docstring."""\n'
                      'A = f"../conditions/{slug}/"\nB = "x/index.html"\nC = "compare/"\n'
                      'D = f"handouts/{name}.pdf"\nE = \'<a href="page.html#top">\'\n'
                      'F = "a.html.j2"\nG = ctx.url("conditions/")\n'
                      'H = "# $schema=../schemas/x.json"\n',
                      encoding="utf-8")
    template = tmp_path / "t.html"
    template.write_text("{# ../conditions/ in a comment #}\n"
                        "<a href=\"{{ ('handouts/' ~ slug ~ '.pdf') | url }}\">\n",
                        encoding="utf-8")
    found = [":".join(line.split(":")[:2]) for line in site_path_problems([module, template])]
    assert found == ["m.py:2", "m.py:3", "m.py:4", "m.py:5", "m.py:6", "m.py:8", "t.html:2"], (
        found)

# --------------------------------------------------------------- private names stay in their module


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(path: Path, source: str | None = None) -> list[str]:
    """``path:line imports _name from module`` for every private name (a leading underscore)
    that ``path`` imports from another first-party module (``generator``, ``bench`` or a
    relative import). A helper two modules need is public in the one module that owns it;
    importing its private name hides that another module depends on it. Third-party private
    names (a library's own internals) are not this rule's business."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = node.module or ""
        if node.level == 0 and module.split(".")[0] not in ("generator", "bench"):
            continue
        for alias in node.names:
            if _is_private(alias.name):
                found.append(f"{path}:{node.lineno} imports {alias.name} from "
                             f"{'.' * node.level}{module}")
    return found


def test_no_private_name_imported_from_another_module() -> None:
    files = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "bench").rglob("*.py"))
    assert files and [hit for path in files for hit in private_imports(path)] == []


def test_the_private_import_rule_catches_what_it_should() -> None:
    source = ("from .flowchart import _closest\n"
              "from ..diagnostics import Report, _hidden as shown\n"
              "from generator.text import readability, __version__\n"
              "from bench.worker import _site_facts\n"
              "from mermaidx.engines import _common\n"
              "from .fields import fmt_num as _num\n")
    assert private_imports(Path("x.py"), source) == [
        "x.py:1 imports _closest from .flowchart",
        "x.py:2 imports _hidden from ..diagnostics",
        "x.py:4 imports _site_facts from bench.worker",
    ]


# ---------------------------------------------------------------- function length

FUNCTION_LINES_MAX = 60
"""No function over about 60 lines (issue 22): a longer one is several steps that want names."""

TOO_LONG_FOR_NOW: frozenset[str] = frozenset()
"""Functions still over the limit (none now). The list may only shrink: a name that is no
longer too long must leave it (the second test below says so)."""


def long_functions(path: Path, source: str | None = None) -> dict[str, int]:
    """``path:qualified.name`` → length in lines, for every function over the limit."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    length = (child.end_lineno or child.lineno) - child.lineno + 1
                    if length > FUNCTION_LINES_MAX:
                        found[f"{path}:{name}"] = length
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def _all_long_functions() -> dict[str, int]:
    files = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "bench").rglob("*.py"))
    assert files
    return {name: length for path in files
            for name, length in long_functions(path.relative_to(ROOT)).items()}


def test_no_function_is_over_60_lines() -> None:
    found = _all_long_functions()
    new = {name: length for name, length in found.items() if name not in TOO_LONG_FOR_NOW}
    assert new == {}, "split these into named steps (at most 60 lines a function)"


def test_the_long_function_allow_list_only_shrinks() -> None:
    found = _all_long_functions()
    assert sorted(TOO_LONG_FOR_NOW - set(found)) == [], (
        "these are no longer too long (or were renamed): remove them from TOO_LONG_FOR_NOW")


def test_the_function_length_rule_catches_what_it_should() -> None:
    def body(indent: str) -> str:
        return "".join(f"{indent}x{i} = {i}\n" for i in range(59))

    source = (f"def short():\n{body('    ')}"
              f"class C:\n    def method(self):\n{body(' ' * 8)}        pass\n"
              f"def outer():\n    def inner():\n{body(' ' * 8)}        pass\n    return inner\n")
    assert long_functions(Path("x.py"), source) == {
        "x.py:C.method": 61, "x.py:outer": 63, "x.py:outer.inner": 61}
