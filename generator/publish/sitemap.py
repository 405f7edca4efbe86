"""Sitemap dates from the content: a condition page was last changed when it was last reviewed.

MkDocs writes every page's ``<lastmod>`` as the build date (``SOURCE_DATE_EPOCH``). Search engines
use it to decide what to re-read, so a condition page gets its own review date instead; this is
done on the finished file, not by a hook, so any engine's sitemap gets the same treatment (Zensical
writes no ``<lastmod>`` at all: a condition page gets one, the other pages stay without).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from pathlib import Path

_URL = re.compile(r"(<loc>)([^<]+)(</loc>\s*<lastmod>)([^<]+)(</lastmod>)")
_BARE = re.compile(r"([ \t]*)<loc>([^<]+)</loc>(?!\s*<lastmod>)")


def set_lastmod(site: Path, dates: Mapping[str, str]) -> int:
    """Set ``<lastmod>`` of each URL in ``dates`` (URL → ISO date); return how many changed.

    ``sitemap.xml.gz`` is written again from the new text, with no file name or time inside, so
    the bytes stay the same from build to build.
    """
    path = site / "sitemap.xml"
    if not path.is_file():
        return 0
    changed = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal changed
        date = dates.get(m.group(2))
        if date is None or date == m.group(4):
            return m.group(0)
        changed += 1
        return m.group(1) + m.group(2) + m.group(3) + date + m.group(5)

    def add(m: re.Match[str]) -> str:
        nonlocal changed
        date = dates.get(m.group(2))
        if date is None:
            return m.group(0)
        changed += 1
        return f"{m.group(0)}\n{m.group(1)}<lastmod>{date}</lastmod>"

    text = _BARE.sub(add, _URL.sub(fix, path.read_text(encoding="utf-8")))
    path.write_text(text, encoding="utf-8")
    with (site / "sitemap.xml.gz").open("wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=0
    ) as gz:
        gz.write(text.encode("utf-8"))
    return changed
