"""The build as it was before issue 16, for the "at most half of today's" target.

Issue 16 asks that the whole site build at N=1,000 takes at most half as long as it did when
the issue was filed, measured in the same run. What the issue found most of that time in was
the glossary: Python-Markdown's ``abbr`` extension with the glossary appended to every page by
``pymdownx.snippets`` (one ``*[term]: definition`` line per glossary form), so every page ran an
abbreviation pass over all of its text. The generator now marks the first use of each term
itself (``generator/emit/glossary.py``). This module writes that earlier configuration beside
the generated one: the same complete ``mkdocs.yml`` the build uses, plus ``abbr`` and the
appended glossary file (written outside the docs folder, as the old build kept it out of the
nav), so "before" and "now" build the very same Markdown and differ only in that pass.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def glossary_lines(content: Path) -> str:
    """The glossary as Markdown abbreviations, as the earlier build appended it to every page."""
    from generator.model.content import load_content

    loaded, report = load_content(content)
    if loaded is None:
        raise ValueError("; ".join(d.format() for d in report.errors))
    lines: list[str] = []
    for term in sorted(loaded.glossary.terms, key=lambda t: t.id):
        definition = " ".join(term.definition.split())
        lines.extend(f"*[{form}]: {definition}" for form in sorted({term.term, *term.also})
                     if "]" not in form)
    return "\n".join(lines) + "\n"


def write_before_config(docs: Path, content: Path) -> Path:
    """``before-mkdocs.yml`` next to the generated ``mkdocs.yml`` (so its relative paths hold),
    with the abbreviation pass switched back on."""
    generated = docs.parent / "mkdocs.yml"
    config = yaml.safe_load(generated.read_text(encoding="utf-8"))
    snippets = docs.parent / "before-snippets"
    snippets.mkdir(exist_ok=True)
    (snippets / "abbreviations.md").write_text(glossary_lines(content), encoding="utf-8")
    extensions = ["abbr", *config.get("markdown_extensions", []), {"pymdownx.snippets": {
        "base_path": [str(snippets.resolve())], "auto_append": ["abbreviations.md"],
        "check_paths": True, "restrict_base_path": True}}]
    config["markdown_extensions"] = extensions
    dest = docs.parent / "before-mkdocs.yml"
    dest.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest
