"""``hipback build --no-pdf``: keep the handouts of an earlier build instead of linking to none.

A build without handouts is a quick one (a preview of the pages, a test); the site it swaps in
must still have no dead link. Every page that offers a handout links to its PDF, so for each
handout the site needs, this keeps the last one made:

1. the copy in the site folder being replaced (``<site>/handouts/<name>.pdf``): what readers of
   this site have now;
2. else the newest file of that handout in the render cache (``<cache>/handouts/<name>-<key>
   .pdf``): a first build after ``hipback pdf``, or a condition added since the last build.

A handout found in neither place is not linked at all: the emitters leave its link out (the
condition page's "print this page" link, its entry on the handouts page, ``handout_url`` in the
API export). A kept handout may be older than the pages beside it; the build says how many it
kept, and only a build with handouts is meant for publishing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["last_handouts"]

_CACHED = re.compile(r"^(?P<name>.+)-[0-9a-f]{20}\.pdf$")


def _newest_in_cache(folder: Path) -> dict[str, Path]:
    """Handout name → its most recently written cache file (ties: the greater file name, so
    the choice never depends on the order the folder lists them in)."""
    best: dict[str, tuple[int, str, Path]] = {}
    if not folder.is_dir():
        return {}
    for path in folder.iterdir():
        match = _CACHED.match(path.name)
        if not match or not path.is_file():
            continue
        rank = (path.stat().st_mtime_ns, path.name, path)
        name = match.group("name")
        if name not in best or rank[:2] > best[name][:2]:
            best[name] = rank
    return {name: rank[2] for name, rank in best.items()}


def last_handouts(names: Iterable[str], *, cache: Path, site: Path) -> dict[str, Path]:
    """The PDF to publish for each of ``names`` that was made before (see the module docstring);
    names with none are left out. ``cache`` is the render cache, ``site`` the current site."""
    cached = _newest_in_cache(cache / "handouts")
    found: dict[str, Path] = {}
    for name in names:
        previous = site / "handouts" / f"{name}.pdf"
        if previous.is_file() and not previous.is_symlink():
            found[name] = previous
        elif name in cached:
            found[name] = cached[name]
    return found
