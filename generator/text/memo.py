"""Remember the results of pure functions while a preview session regenerates the site.

``hipback serve`` keeps one process alive and regenerates the whole site after every edit. Most
of that work is the same as last time: the files that did not change parse to the same data,
validate to the same models, and their texts measure, scan and render the same. A function
decorated with :func:`remembered` keeps its results *only inside* :func:`remembering` (the
preview opens it around each regeneration); everywhere else (``hipback build``, the tests) it
simply runs, so a one-off build holds no extra memory and behaves exactly as before.

Only pure functions may be decorated: the result must depend on the arguments alone, and nobody
may change a result after it is returned. Arguments are compared by value, so they must be
hashable; wrap an object that is compared by identity (an unchanged file's parsed data is the
very same object next time) in :class:`Same`.

Memory stays at about one site's worth however long the session runs: :func:`settle` (called
after each complete regeneration) drops every result that was not asked for since the last
time it was called.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_state = threading.local()
_tables: list[_Table] = []


class Same(Generic[T]):
    """An argument compared by identity: equal only to a wrapper of the very same object."""

    __slots__ = ("obj",)

    def __init__(self, obj: T) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


class _Table:
    """One function's results: those used in this run, and those kept from the run before."""

    def __init__(self) -> None:
        self.now: dict[Any, Any] = {}
        self.before: dict[Any, Any] = {}

    def turn(self) -> None:
        self.before, self.now = self.now, {}


def _active() -> bool:
    return bool(getattr(_state, "depth", 0))


def remembered(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a pure function so that, inside :func:`remembering`, it computes once per
    distinct arguments; outside, it just runs."""
    table = _Table()
    _tables.append(table)
    missing = object()

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not _active():
            return fn(*args, **kwargs)
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        found = table.now.get(key, missing)
        if found is missing:
            found = table.before.pop(key, missing)
            if found is missing:
                found = fn(*args, **kwargs)
            table.now[key] = found
        return found  # type: ignore[no-any-return]

    return wrapper


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """Remember results inside this block (in this thread; blocks may nest)."""
    depth = getattr(_state, "depth", 0)
    _state.depth = depth + 1
    try:
        yield
    finally:
        _state.depth = depth


def settle() -> None:
    """Forget every result nobody asked for since the last call (after a whole regeneration)."""
    for table in _tables:
        table.turn()


def forget() -> None:
    """Drop every remembered result (for tests, and when a session ends)."""
    for table in _tables:
        table.now.clear()
        table.before.clear()
