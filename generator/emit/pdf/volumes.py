"""How the booklet is split into volumes: pure arithmetic on the number of conditions.

A booklet is joined from the finished handouts in one fresh process (``publish/pdfjoin.py``),
and qpdf keeps every object of every part in memory until the file is written: measured, about
60 MB plus 1.4 MB per 2-page condition handout (bench/handouts_scale.py, "join at the volume
limit": 343 MB for 200 conditions, 414 MB for 250). :data:`MAX_PER_VOLUME` keeps a join under
the 400 MB budget of a worker with some room for longer handouts, and a volume under about 430
printed pages. The number and the volumes' names belong to the site map (``model/sitemap.py``):
they are addresses.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model.sitemap import volume_count, volume_names


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


def volumes(order: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Each booklet volume's handout name with its conditions' slugs, in reading order."""
    return list(zip(volume_names(len(order)), split(order), strict=True))
