"""What every quality rule shares: the collector that anchors findings like validation errors."""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...load.yamlio import Loc
from ...model.content import Content


class Collector:
    """Gathers findings (one :class:`Diagnostic` each, with its rule id)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.items: list[Diagnostic] = []

    def add(self, severity: str, rule: str, where: tuple[str, int, int], message: str) -> None:
        path, line, col = where
        self.items.append(Diagnostic(severity=severity, rule=rule, path=path, line=line,
                                     col=col, message=message))

    def at(self, key: str, loc: Loc) -> tuple[str, int, int]:
        return self.content.where(key, loc)


def fmt_number(value: float) -> str:
    return f"{value:g}"


def quote(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1].rstrip() + "…"}"'
