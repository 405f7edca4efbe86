"""Glossary terms as Markdown abbreviations: Material shows them as tooltips."""

from __future__ import annotations

from ..resolve import Resolved


def abbreviations(r: Resolved) -> str:
    content = r.content
    """Glossary as Markdown abbreviations: Material shows them as tooltips."""
    lines = []
    for term in sorted(content.glossary.terms, key=lambda t: t.id):
        definition = " ".join(term.definition.split())
        for form in sorted({term.term, *term.also}):
            if "]" in form:
                continue
            lines.append(f"*[{form}]: {definition}")
    return "\n".join(lines) + "\n"


