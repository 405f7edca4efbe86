"""``.gz`` and ``.br`` copies of every text file of a built site, for static hosts that serve them
(``gzip_static``-style). The last step of a build: every text file is final by then.

A copy is written only when it is smaller than the original. Bytes depend only on the input:
gzip without a time stamp or file name, Brotli with fixed settings (11, the slowest and smallest,
for the stylesheets and scripts every page shares; 10 for pages; 8 for data files).

Pages and data differ because of who waits. Measured on 1,000 synthetic pages (87 KB each on
average; one page on one core of a busy machine): setting 10 makes a 15.0 KB copy in 27 ms, 9 a
16.7 KB copy in 10 ms, 8 a 16.7 KB copy in 2 ms (gzip: 18.6 KB); 10 is where Brotli switches to
its slow optimal parser. A reader waits for a page: 10 % more bytes on every page a reader opens,
and on the bundled flowchart page the difference between one round trip of a slow connection
(about 14 KB) and two, is worth the time of a first build (a rebuild takes copies from the
cache). Data files (the search index, the API file, site maps, drawings fetched after the page)
are large, read by scripts after the page shows, and take 8. Files are compressed on one thread per core
(zlib and Brotli let go of the interpreter while they work), and with a cache folder the
compressed bytes are kept by a hash of what was compressed: a rebuild compresses only the pages
that changed. A build marks the entries it uses (their modification time); entries no build
has used for :data:`KEEP_DAYS` days are removed. Builds may share the cache at the same time:
an entry that disappears while it is read is compressed again, and entries are written under a
temporary name and renamed.
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
PAGE_QUALITY = 10  # what a reader waits for (see above)
QUALITY = 8  # data files
CACHE_SUBDIR = "compressed"
KEEP_DAYS = 7
CACHE_VERSION = "1"
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


def _one(path: Path, store: Path | None, big: threading.Lock) -> tuple[bool, bool]:
    """Write the copies of one file: (a copy was written, compressed now); ``big`` is held
    while a :data:`BIG` file is compressed."""
    data = path.read_bytes()
    quality = (SHARED_QUALITY if path.suffix in SHARED_SUFFIXES
               else PAGE_QUALITY if path.suffix == ".html" else QUALITY)
    key = hashlib.sha256(
        f"{CACHE_VERSION}\0{quality}\0{brotli.version}\0".encode() + data).hexdigest()
    names = (f"{key}.gz", f"{key}.br")
    fresh = False
    packed = _cached(store, names) if store is not None else None
    if packed is None:
        with big if len(data) >= BIG else contextlib.nullcontext():
            packed = [gzip.compress(data, compresslevel=9, mtime=0),
                      brotli.compress(data, quality=quality)]
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
