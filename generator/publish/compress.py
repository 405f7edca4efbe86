"""``.gz`` and ``.br`` copies of every text file of a built site, for static hosts that serve them
(``gzip_static``-style). The last step of a build: every text file is final by then.

A copy is written only when it is smaller than the original. Bytes depend only on the input:
gzip without a time stamp or file name, Brotli with fixed settings: 11, the slowest and
smallest, for the stylesheets and scripts every page shares (a handful of files); 8 for data
files (the search index, the API file, site maps, drawings fetched after the page: large, read
by scripts after the page shows); and for pages, 8 unless 10 can save the reader a round trip.

**Pages: the slow setting only where a reader waits less for it.** Setting 10 is where Brotli
switches to its slow optimal parser: on 1,000 synthetic pages (69 KB each) it took 28 ms a page
for a copy 10 % smaller than setting 8's, which took 2.3 ms (9 is as slow as half of 10 and no
smaller than 8). A first build at 1,000 conditions spent 28 s of CPU on it, more than all the
rest of the publish steps, while a reader only waits less when the smaller copy arrives a round
trip sooner: a new connection sends about 14.6 KB in its first round trip, twice as much in the
next, and so on (TCP's slow start). So a page gets 8, and is compressed again at 10 only when
its copy at 8 ends just after the end of a round trip (:data:`FLIGHT_ENDS`) by less than 10 can
save (:data:`BEST_RATIO`): the bundled guide and home pages fit the first round trip at 10 and
not at 8, and keep 10. The ends allow :data:`HEADER_ALLOWANCE` bytes for the response's headers
and framing.

Files are compressed on one thread per core (zlib and Brotli let go of the interpreter while
they work), and with a cache folder the compressed bytes are kept by a hash of what was
compressed: a rebuild compresses only the pages that changed. A build marks the entries it uses
(their modification time); entries no build has used for :data:`KEEP_DAYS` days are removed.
Builds may share the cache at the same time: an entry that disappears while it is read is
compressed again, and entries are written under a temporary name and renamed.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
SHARED_SUFFIXES = (".css", ".js")  # fetched by every page: worth Brotli's slowest setting
SHARED_QUALITY = 11
QUALITY = 8  # data files, and pages (see above)
PAGE_QUALITY = 10  # a page whose copy at 8 just misses a round trip (see above)
INITIAL_WINDOW = 14_600
"""Bytes a new TCP connection sends in its first round trip (10 segments of 1,460 bytes); each
round trip after it sends twice as many as the one before."""
HEADER_ALLOWANCE = 776
"""Of the first round trip, what the response's headers (the security policy is long), TLS and
HTTP framing take: a page's compressed body fits it when at most 13,824 bytes (13.5 KiB)."""
FLIGHT_ENDS = tuple(INITIAL_WINDOW * (2 ** k - 1) - HEADER_ALLOWANCE for k in range(1, 9))
"""How many bytes of a page's body have arrived after each round trip (13.5 KiB, 42 KiB, …)."""
BEST_RATIO = 0.88
"""Setting 10's copy against setting 8's at best, a little under the smallest measured (0.89 on
the synthetic pages, 0.90 on the bundled ones): a page whose copy at 8 is further past a round
trip's end than this is compressed at 10 for nothing."""
CACHE_SUBDIR = "compressed"
KEEP_DAYS = 7
CACHE_VERSION = "2"
"""Bump when the settings change (gzip level, Brotli quality): cached copies are then unused."""


@dataclass(frozen=True)
class Compressed:
    files: int  # text files that got at least one smaller copy
    compressed: int  # files compressed in this run (the rest came from the cache)


BIG = 1 << 20
"""Files of this many bytes or more are compressed one at a time. Brotli's working memory grows
with its input up to its window, about 45 MB for a file of a few megabytes (the comparison page,
the search index and the API file at 1,000 conditions): two of them at once were the build's
peak memory. Small files still go on every thread, beside the big one."""


def precompress(site: Path, *, cache: Path | None = None,
                workers: int | None = None) -> Compressed:
    """Write ``X.gz`` and ``X.br`` next to every text file X of ``site``."""
    paths = [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES]
    store = cache / CACHE_SUBDIR if cache is not None else None
    if store is not None:
        store.mkdir(parents=True, exist_ok=True)
    count = workers or min(8, os.cpu_count() or 1)
    pool = ThreadPoolExecutor(max_workers=count)
    try:
        big = threading.Lock()
        results = list(pool.map(lambda p: _one(p, store, big), paths))
    finally:  # on Ctrl-C, files not yet started are dropped: the build stops at once
        pool.shutdown(wait=True, cancel_futures=True)
    if store is not None:
        _prune(store)
    return Compressed(files=sum(wrote for wrote, _f in results),
                      compressed=sum(fresh for _w, fresh in results))


def _prune(store: Path) -> None:
    limit = time.time() - KEEP_DAYS * 86400
    for old in store.iterdir():
        with contextlib.suppress(FileNotFoundError):  # another build pruned it first
            if old.stat().st_mtime < limit:
                old.unlink()


def _cached(store: Path, names: tuple[str, ...]) -> list[bytes] | None:
    try:
        for name in names:
            os.utime(store / name)  # used now: not pruned for another KEEP_DAYS
        return [(store / name).read_bytes() for name in names]
    except FileNotFoundError:  # not cached yet, or pruned by another build meanwhile
        return None


def worth_the_slow_setting(size: int) -> bool:
    """Whether a page whose copy at setting 8 is ``size`` bytes may arrive a round trip sooner
    at setting 10: it ends just after a round trip's end, by less than 10 can save."""
    return any(size * BEST_RATIO <= end < size for end in FLIGHT_ENDS)


def _brotli(data: bytes, suffix: str) -> bytes:
    """The ``.br`` copy of a file with this suffix (see the module docstring)."""
    if suffix in SHARED_SUFFIXES:
        return bytes(brotli.compress(data, quality=SHARED_QUALITY))
    packed = bytes(brotli.compress(data, quality=QUALITY))
    if suffix == ".html" and worth_the_slow_setting(len(packed)):
        packed = min(packed, bytes(brotli.compress(data, quality=PAGE_QUALITY)), key=len)
    return packed


def _one(path: Path, store: Path | None, big: threading.Lock) -> tuple[bool, bool]:
    """Write the copies of one file: (a copy was written, compressed now); ``big`` is held
    while a :data:`BIG` file is compressed."""
    data = path.read_bytes()
    kind = path.suffix if path.suffix in (*SHARED_SUFFIXES, ".html") else "data"
    key = hashlib.sha256(
        f"{CACHE_VERSION}\0{kind}\0{brotli.version}\0".encode() + data).hexdigest()
    names = (f"{key}.gz", f"{key}.br")
    fresh = False
    packed = _cached(store, names) if store is not None else None
    if packed is None:
        with big if len(data) >= BIG else contextlib.nullcontext():
            packed = [gzip.compress(data, compresslevel=9, mtime=0), _brotli(data, path.suffix)]
        fresh = True
        if store is not None:
            for name, blob in zip(names, packed, strict=True):
                tmp = store / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
                tmp.write_bytes(blob)
                tmp.replace(store / name)
    wrote = False
    for suffix, blob in zip((".gz", ".br"), packed, strict=True):
        target = path.with_name(path.name + suffix)
        if len(blob) < len(data):
            target.write_bytes(blob)
            wrote = True
        elif target.exists():
            target.unlink()
    return wrote, fresh
