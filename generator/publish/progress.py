"""A one-line progress bar on stderr (``\\r`` updates), shown only when asked for."""

from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int, enabled: bool, label: str = "handouts") -> None:
        self.total = total
        self.done = 0
        self.asked = enabled
        self.enabled = enabled and total > 0
        self.width = 24
        self.label = label
        if self.enabled:
            self._draw("")

    def _draw(self, name: str) -> None:
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"\r{self.label} [{bar}] {self.done}/{self.total} {name}"
        sys.stderr.write(line[:79].ljust(79))
        sys.stderr.flush()

    def more(self, count: int) -> None:
        """``count`` more steps, found on the way (the next language's handouts)."""
        self.total += count
        self.enabled = self.enabled or (self.asked and self.total > 0)
        if self.enabled and count:
            self._draw("")

    def step(self, name: str) -> None:
        self.done += 1
        if self.enabled:
            self._draw(name)

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
