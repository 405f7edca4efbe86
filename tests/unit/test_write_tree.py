"""``write.TreeWriter``: a tree written file by file, as the build's emitter hands the files over,
is the tree ``write_tree`` writes from a whole mapping (the same bytes, manifest and removals)."""

from __future__ import annotations

from pathlib import Path

from generator.write import MANIFEST, TreeWriter, write_tree


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_file_by_file_is_the_whole_tree_at_once(tmp_path: Path) -> None:
    first = {"index.md": b"# Home\n", "a/b.md": b"B\n", "old/gone.md": b"gone\n"}
    second = {"index.md": b"# Home\n", "a/b.md": b"B, changed\n", "c.json": b"{}\n"}
    whole, one_by_one = tmp_path / "whole", tmp_path / "stream"
    for out in (whole, one_by_one):
        write_tree(out, first)
    expected = write_tree(whole, second)
    writer = TreeWriter(one_by_one)
    for rel in ("c.json", "a/b.md", "index.md"):  # the emitter's order, not sorted
        writer.add(rel, second[rel])
    got = writer.finish()
    assert _files(one_by_one) == _files(whole)
    assert _files(whole)[MANIFEST] == b"a/b.md\nc.json\nindex.md\n"
    assert not (one_by_one / "old").exists()
    assert (got.written, got.unchanged, got.removed) == (
        expected.written, expected.unchanged, expected.removed) == (
        [MANIFEST, "a/b.md", "c.json"], ["index.md"], ["old/gone.md"])
