"""Files a careless or malicious editor can leave in a content folder: none of them hangs, crashes
or leaks the build; each gets a ``path:line:col`` message and exit code 1."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hb_testlib import copy_content, run_cli


def _validate(root: Path, timeout: float = 30.0) -> tuple[int, str]:
    """Run ``hipback validate`` in a thread, failing the test if it does not return (a hang)."""
    result: dict[str, object] = {}

    def run() -> None:
        code, _out, err = run_cli(["validate", "--content", str(root)])
        result["code"], result["err"] = code, err

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "validate did not finish: it hangs on this input"
    return int(result["code"]), str(result["err"])  # type: ignore[call-overload]


def _lines(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


def test_page_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    os.mkfifo(root / "pages" / "pipe.md")
    code, err = _validate(root)
    assert code == 1 and "Traceback" not in err
    assert _lines(err, "pages/pipe.md") == [
        (f"{root}/pages/pipe.md:1:1: this is not an ordinary file (a pipe, device or socket); "
        "content files must be ordinary files. Remove it.")]


def test_link_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "pages" / "zero.md").symlink_to("/dev/zero")
    code, err = _validate(root)
    assert code == 1 and "MemoryError" not in err
    assert "outside the content folder" in _lines(err, "pages/zero.md")[0]


def test_link_to_a_file_outside_is_not_published(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\ndescription: s\n---\n\nsecret text\n")
    root = copy_content(tmp_path)
    (root / "pages" / "secret.md").symlink_to(outside)
    code, err = _validate(root)
    assert code == 1
    assert "a link to a file outside the content folder" in _lines(err, "pages/secret.md")[0]


def test_link_inside_the_folder_is_fine(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "pages" / "about-again.md").symlink_to(root / "pages" / "about.md")
    code, err = _validate(root)
    assert _lines(err, "about-again.md") == [] or code == 1 and all(
        "regular file" not in line and "outside" not in line
        for line in _lines(err, "about-again.md"))


def test_deep_nesting_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    with (root / "regions.yml").open("a") as fh:
        fh.write("deep: " + "[" * 500 + "]" * 500 + "\n")
    code, err = _validate(root)
    assert code == 1 and "RecursionError" not in err
    assert "nested more than 50 levels deep" in _lines(err, "regions.yml")[0]


def test_huge_list_is_refused(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    text = (root / "conditions" / "sciatica.yml").read_text()
    start = text.index("feels_like:\n") + len("feels_like:\n")
    indent = text[start:text.index("-", start)]  # the file's own list indentation
    items = "".join(f"{indent}- Item {i}.\n" for i in range(20_000))  # under the size limit
    (root / "conditions" / "sciatica.yml").write_text(text[:start] + items + text[start:])
    code, err = _validate(root)
    assert code == 1
    assert any("has 20005 items; the limit is 30" in line
               for line in _lines(err, "sciatica.yml")), err


def test_huge_body_map_is_refused(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    art = (root / "bodymap.svg").read_text()
    padding = "<desc>" + "x" * (300 * 1024) + "</desc>"
    (root / "bodymap.svg").write_text(art.replace("</svg>", padding + "</svg>"))
    code, err = _validate(root)
    assert code == 1
    assert "at most 204,800 bytes" in _lines(err, "bodymap.svg")[0], err


@pytest.mark.parametrize("name", [".#sciatica.yml", "sciatica.yml~", ".sciatica.yml.swp"])
def test_editor_leftovers_are_ignored(tmp_path: Path, name: str) -> None:
    root = copy_content(tmp_path)
    (root / "conditions" / name).write_text("this: is not [yaml")
    _code, err = _validate(root)
    assert _lines(err, name) == []


def test_a_folder_named_like_a_condition(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "conditions" / "extra.yml").mkdir()
    code, err = _validate(root)
    assert code == 1
    assert "this is a folder" in _lines(err, "conditions/extra.yml")[0]


def test_crlf_page_reads_like_any_other(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    about = root / "pages" / "about.md"
    about.write_bytes(about.read_bytes().replace(b"\n", b"\r\n"))
    _code, err = _validate(root)
    assert _lines(err, "about.md") == [], err


def test_unclosed_front_matter_says_so(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "pages" / "open.md").write_text("---\ntitle: Open\ndescription: never closed\n\nText\n")
    code, err = _validate(root)
    assert code == 1
    assert "the front matter is not closed" in _lines(err, "pages/open.md")[0]
