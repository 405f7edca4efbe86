"""generator/text is the base layer: it may import nothing from the rest of generator/."""

from __future__ import annotations

import ast
from pathlib import Path

from hb_testlib import ROOT

PACKAGE = ROOT / "generator" / "text"


def _imports(path: Path) -> list[str]:
    """Absolute module names imported by ``path`` (relative imports resolved)."""
    module = ".".join(path.relative_to(PACKAGE.parent.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                names.append(".".join(base + ([node.module] if node.module else [])))
            else:
                names.append(node.module or "")
    return names


def test_text_imports_nothing_else_from_generator() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 8
    for path in files:
        for name in _imports(path):
            if name == "generator" or name.startswith("generator."):
                assert name.startswith("generator.text"), f"{path.name} imports {name}"


def test_the_check_sees_relative_imports() -> None:
    names = _imports(PACKAGE / "inline" / "render.py")
    assert "generator.text.escape" in names and "generator.text.inline.tree" in names
