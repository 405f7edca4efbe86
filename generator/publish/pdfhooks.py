"""Wrapping WeasyPrint's own functions, once per process (:mod:`.pdftags`, :mod:`.pdfunicode`).

Both repairs replace a function WeasyPrint calls with one that does a little more and then
calls the original. Doing that twice would run a repair twice on the same text, and a
WeasyPrint without the function (another version) must be refused before a handout comes out
wrong, with the fix named, so both go through :func:`wrap_once`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from ..emit.pdf.html import HandoutError

Hook = tuple[object, str, Callable[[Any], Any]]
"""Where a function lives (module or class), its name, and what wraps the original."""

_lock = threading.Lock()
_done: set[str] = set()


def wrap_once(repair: str, hooks: Sequence[Hook]) -> None:
    """Wrap each hook's function, unless ``repair`` (the module's name) already has; all or
    none: one missing function refuses them all."""
    with _lock:
        if repair in _done:
            return
        originals = [getattr(owner, name, None) for owner, name, _wrap in hooks]
        if any(original is None for original in originals):
            raise HandoutError(
                f"this WeasyPrint lacks the functions generator/publish/{repair}.py hooks into "
                "(written for WeasyPrint 70): install the version pinned in pyproject.toml."
            )
        for (owner, name, wrap), original in zip(hooks, originals, strict=True):
            setattr(owner, name, wrap(original))
        _done.add(repair)


__all__ = ["Hook", "wrap_once"]
