"""The one diagnostic type every stage reports with: ``path:line:col: message``.

Every stage reports problems as :class:`Diagnostic` values instead of raising at the first one, so
an editor sees every mistake in every file in one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True, kw_only=True)
class Diagnostic:
    """One problem, anchored to a place in a content file (line and column are 1-based)."""

    path: str
    line: int = 1
    col: int = 1
    message: str
    severity: str = field(default="error", compare=False)
    rule: str = ""  # a quality rule id (``hipback check``); empty for validation problems

    def format(self) -> str:
        """``path:line:col: message`` (warnings say so); quality findings name their rule:
        ``path:line:col: severity: message [rule]``, like a compiler warning."""
        if self.rule:
            return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"

    def as_json(self) -> dict[str, object]:
        return {"severity": self.severity, "rule": self.rule, "path": self.path,
                "line": self.line, "col": self.col, "message": self.message}


class Report:
    """Collects diagnostics from every stage, in a stable order."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def add(self, path: str, line: int, col: int, message: str, severity: str = "error",
            rule: str = "") -> None:
        self._items.append(
            Diagnostic(path=path, line=line, col=col, message=message, severity=severity,
                       rule=rule)
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


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The one choice :func:`suggest` offers for ``word``, or ``None``; a check that reports a
    misspelled id uses it to know which id the writer meant (and not report that one as lost)."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean …?' hint for a misspelled key or id, or an empty string."""
    near = closest(word, choices)
    return f' Did you mean "{near}"?' if near is not None else ""


def quoted(items: Iterable[str]) -> str:
    """``"a", "b"``: ids in a message, in the order given (:func:`one_of` sorts and shortens)."""
    return ", ".join(f'"{x}"' for x in items)


def one_of(choices: Iterable[str], limit: int = 12) -> str:
    items = sorted(set(choices))
    shown = quoted(items[:limit])
    if len(items) > limit:
        shown += f", … ({len(items) - limit} more)"
    return shown
