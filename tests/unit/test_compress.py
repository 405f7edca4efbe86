"""Precompressed copies for static hosts: identical bytes on any number of threads, and a cache
that compresses only what changed."""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import brotli
import pytest

from generator.publish import compress
from generator.publish.compress import precompress


def test_precompress_writes_identical_decodable_copies(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    text = ("<p>hello world</p>\n" * 200).encode()
    (site / "index.html").write_bytes(text)
    (site / "tiny.txt").write_bytes(b"x")
    (site / "font.woff2").write_bytes(b"\0" * 500)
    precompress(site)
    first = {p.name: p.read_bytes() for p in site.iterdir()}
    assert gzip.decompress(first["index.html.gz"]) == text
    assert brotli.decompress(first["index.html.br"]) == text
    assert "tiny.txt.gz" not in first  # not smaller: no copy
    assert "font.woff2.gz" not in first  # not a text file
    precompress(site)
    assert {p.name: p.read_bytes() for p in site.iterdir()} == first


def test_precompress_on_threads_gives_the_same_files(tmp_path: Path) -> None:
    """Threads only change the order files are worked on, never a byte or the count."""
    results = []
    for workers in (1, 4):
        site = tmp_path / f"w{workers}"
        for i in range(40):
            page = site / f"p{i}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_bytes(f"<h1>Page {i}</h1>\n".encode() + b"<p>words words</p>\n" * (i * 20))
        count = precompress(site, workers=workers).files
        results.append((count, {str(p.relative_to(site)): p.read_bytes()
                                for p in sorted(site.rglob("*")) if p.is_file()}))
    assert results[0] == results[1]
    assert results[0][0] == 39  # page 0 is too short to gain anything
    assert sum(name.endswith(".br") for name in results[0][1]) == 39


def _pages(site: Path, n: int, *, extra: str = "") -> None:
    for i in range(n):
        page = site / f"p{i}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<h1>Page {i}{extra if i == 0 else ''}</h1>\n" + "<p>words</p>\n" * 50)


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def test_cache_compresses_only_what_changed(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = tmp_path / "first"
    _pages(first, 5)
    assert precompress(first, cache=cache).compressed == 5
    no_cache = tmp_path / "plain"
    _pages(no_cache, 5)
    precompress(no_cache)
    assert _files(first) == _files(no_cache)  # the cache changes no byte

    calls: list[int] = []
    real = brotli.compress
    monkeypatch.setattr(compress.brotli, "compress",
                        lambda data, **kw: calls.append(1) or real(data, **kw))
    again = tmp_path / "again"
    _pages(again, 5)
    result = precompress(again, cache=cache)
    assert (result.compressed, calls) == (0, [])  # nothing changed: nothing compressed
    assert _files(again) == _files(first)

    edited = tmp_path / "edited"
    _pages(edited, 5, extra=" (edited)")
    assert precompress(edited, cache=cache).compressed == 1 and len(calls) == 1
    store = cache / compress.CACHE_SUBDIR
    assert len(list(store.iterdir())) == 12  # the old first page's copies stay for a while


def test_entries_unused_for_a_week_are_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    _pages(site, 3)
    precompress(site, cache=cache)
    store = cache / compress.CACHE_SUBDIR
    old = time.time() - (compress.KEEP_DAYS + 1) * 86400
    for entry in store.iterdir():
        os.utime(entry, (old, old))
    (site / "p2" / "index.html").write_text("<h1>Another page</h1>\n" + "<p>x</p>\n" * 50)
    precompress(site, cache=cache)
    # p0 and p1 were used again (marked), p2's old copies were not: pruned; p2's new ones kept
    assert len(list(store.iterdir())) == 6
    assert all(e.stat().st_mtime > old for e in store.iterdir())


def test_an_entry_pruned_while_in_use_is_compressed_again(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    _pages(site, 2)
    precompress(site, cache=cache)
    expected = _files(site)
    real = compress._cached

    def pruned_meanwhile(store: Path, names: tuple[str, ...]) -> list[bytes] | None:
        for name in names:  # another build removes them between the listing and the read
            (store / name).unlink(missing_ok=True)
        return real(store, names)

    monkeypatch.setattr(compress, "_cached", pruned_meanwhile)
    assert precompress(site, cache=cache).compressed == 2
    assert _files(site) == expected


def test_cached_copy_of_a_file_that_does_not_shrink_is_not_written(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for name in ("a", "b"):
        site = tmp_path / name
        site.mkdir()
        (site / "tiny.txt").write_bytes(b"x")
        precompress(site, cache=cache)
        assert sorted(p.name for p in site.iterdir()) == ["tiny.txt"]


def test_big_files_are_compressed_one_at_a_time(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Brotli needs ~45 MB for a file of a few megabytes: two at once were the build's peak
    site = tmp_path / "site"
    site.mkdir()
    for i in range(4):
        (site / f"big{i}.json").write_bytes(b'{"a": 1}\n' * (compress.BIG // 9 + 1))
        (site / f"small{i}.html").write_bytes(b"<p>hello</p>\n" * 100)
    at_once = [0]
    most = [0]
    real = brotli.compress

    def counting(data: bytes, **kw: int) -> bytes:
        big = len(data) >= compress.BIG
        at_once[0] += big
        most[0] = max(most[0], at_once[0])
        try:
            time.sleep(0.05 if big else 0)
            return real(data, **kw)
        finally:
            at_once[0] -= big

    monkeypatch.setattr(compress.brotli, "compress", counting)
    done = precompress(site, workers=4)
    assert done.files == 8
    assert most[0] == 1


def test_shared_files_take_the_smallest_setting_and_the_rest_the_faster(tmp_path: Path) -> None:
    """The shared stylesheets and scripts are Brotli 11; a data file read after the page shows,
    8; and a page 8 too, when 10 cannot bring it into an earlier round trip (see the next
    tests and the module docstring)."""
    text = " ".join(f"<p class='x{i % 50}'>Pain that starts in the lower back {i}</p>"
                    for i in range(3000)).encode()
    for name in ("page.html", "data.json", "style.css"):
        (tmp_path / name).write_bytes(text)
    precompress(tmp_path)
    settings = {name: next(q for q in (8, 9, 10, 11) if brotli.compress(text, quality=q)
                           == (tmp_path / f"{name}.br").read_bytes())
                for name in ("page.html", "data.json", "style.css")}
    assert len((tmp_path / "page.html.br").read_bytes()) < compress.FLIGHT_ENDS[0]
    assert settings == {"page.html": 8, "data.json": 8, "style.css": 11}


def test_the_slow_setting_only_where_a_round_trip_can_be_saved() -> None:
    first, second = compress.FLIGHT_ENDS[:2]
    assert first == 13_824 and second == first + 2 * compress.INITIAL_WINDOW
    worth = compress.worth_the_slow_setting
    assert not worth(first)  # fits the first round trip already
    assert worth(first + 1) and worth(int(first / compress.BEST_RATIO))
    assert not worth(int(first / compress.BEST_RATIO) + 2)  # too far past it for 10 to help
    assert worth(second + 500) and not worth(second - 500)


def _text(words: int, seed: int = 7) -> bytes:
    import random

    rng = random.Random(seed)
    vocab = [f"w{rng.randrange(10**6)}" for _ in range(4000)]
    return " ".join(rng.choice(vocab) for _ in range(words)).encode()


def _page_with_fast_copy_near(target: int) -> bytes:
    """Text whose copy at setting 8 is about ``target`` bytes."""
    lo, hi = 100, 20_000
    while lo < hi:
        mid = (lo + hi) // 2
        if len(brotli.compress(_text(mid), quality=compress.QUALITY)) < target:
            lo = mid + 1
        else:
            hi = mid
    return _text(lo)


@pytest.mark.parametrize(("fast_size", "slow"), [(9_000, False), (14_200, True),
                                                 (19_000, False)])
def test_a_page_gets_setting_10_only_when_it_can_arrive_a_round_trip_sooner(
        tmp_path: Path, fast_size: int, slow: bool) -> None:
    data = _page_with_fast_copy_near(fast_size)
    page = tmp_path / "index.html"
    page.write_bytes(data)
    precompress(tmp_path)
    copy = (tmp_path / "index.html.br").read_bytes()
    assert brotli.decompress(copy) == data
    setting = compress.PAGE_QUALITY if slow else compress.QUALITY
    assert copy == brotli.compress(data, quality=setting)
    data_file = tmp_path / "data.json"  # data files never get the slow setting
    data_file.write_bytes(data)
    precompress(tmp_path)
    assert (tmp_path / "data.json.br").read_bytes() == brotli.compress(data,
                                                                       quality=compress.QUALITY)
