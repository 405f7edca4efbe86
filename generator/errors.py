"""Diagnostics an editor can act on: ``path:line:col: message``.

Every stage reports problems as :class:`Diagnostic` values instead of raising at the first one, so
an editor sees every mistake in every file in one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True, kw_only=True)
class Diagnostic:
    """One problem, anchored to a place in a content file (line and column are 1-based)."""

    path: str
    line: int = 1
    col: int = 1
    message: str
    severity: str = field(default="error", compare=False)

    def format(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


class ContentError(Exception):
    """Raised when content has errors; carries all of them."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} content error(s)")
        self.diagnostics = tuple(diagnostics)


class Report:
    """Collects diagnostics from every stage, in a stable order."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def add(self, path: str, line: int, col: int, message: str, severity: str = "error") -> None:
        self._items.append(
            Diagnostic(path=path, line=line, col=col, message=message, severity=severity)
        )

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self._items.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity != "error"]

    def sorted(self) -> list[Diagnostic]:
        # Deduplicate (the same problem found twice is reported once), keep file order.
        return sorted(set(self._items))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.sorted())


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean …?' hint for a misspelled key or id, or an empty string."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""


def one_of(choices: Iterable[str], limit: int = 12) -> str:
    items = sorted(set(choices))
    shown = ", ".join(f'"{c}"' for c in items[:limit])
    if len(items) > limit:
        shown += f", … ({len(items) - limit} more)"
    return shown
