"""Stage 8 — cli: the ``hipback`` command. Exit codes: 0 fine, 1 content or build errors,
2 usage errors."""

from __future__ import annotations

from .main import entry, main

__all__ = ["entry", "main"]
