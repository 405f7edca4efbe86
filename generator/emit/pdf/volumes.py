"""How the booklet is split into volumes: pure arithmetic on the number of conditions.

A booklet is joined from the finished handouts in one worker process (``publish/pdfjoin.py``),
and joining keeps every part's objects in memory until the file is written: about 40 MB plus
1 MB per condition. :data:`MAX_PER_VOLUME` keeps one join under about 300 MB (the 400 MB
budget of a worker) and one volume under about 550 printed pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..pages import BOOKLET

MAX_PER_VOLUME = 250
"""At most this many conditions in one booklet file; more make ``booklet-1.pdf``, ``-2`` …"""


def volume_count(conditions: int) -> int:
    return max(1, -(-conditions // MAX_PER_VOLUME))


def volume_names(conditions: int) -> list[str]:
    """``["booklet"]`` while one volume holds everything, else ``booklet-1`` … ``booklet-K``
    (so the address of a small site's booklet never changes)."""
    count = volume_count(conditions)
    if count == 1:
        return [BOOKLET]
    return [f"{BOOKLET}-{i}" for i in range(1, count + 1)]


def split(order: Sequence[str]) -> list[list[str]]:
    """``order`` cut into :func:`volume_count` runs of nearly equal length, order kept."""
    count = volume_count(len(order))
    size, extra = divmod(len(order), count)
    out: list[list[str]] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(list(order[start:end]))
        start = end
    return out
