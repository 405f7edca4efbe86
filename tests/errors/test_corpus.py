"""The bad-input corpus: each case breaks a copy of the fixture content in one way and states
the exact lines ``hipback validate`` must print. Run with ``--update-golden`` to rewrite them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hb_testlib import copy_content, run_cli

CASES = Path(__file__).parent / "cases"


def _apply(root: Path, edit: dict[str, Any]) -> None:
    path = root / edit["file"]
    if edit.get("delete"):
        if path.is_dir():
            import shutil

            shutil.rmtree(path)
        else:
            path.unlink()
    elif "write" in edit:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edit["write"], encoding="utf-8")
    elif "write_hex" in edit:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(edit["write_hex"]))
    elif "prepend_hex" in edit:
        path.write_bytes(bytes.fromhex(edit["prepend_hex"]) + path.read_bytes())
    elif "append" in edit:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(edit["append"])
    elif "repeat" in edit:  # a huge file: the text repeated N times
        path.write_text(edit["repeat"] * int(edit["times"]), encoding="utf-8")
    elif "symlink" in edit:  # a link to another path (absolute, or relative to the link)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(edit["symlink"])
    elif edit.get("fifo"):  # a named pipe: reading it would block until someone writes
        import os

        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
    elif edit.get("mkdir"):
        path.mkdir(parents=True)
    elif "replace" in edit:
        text = path.read_text(encoding="utf-8")
        old, new = edit["replace"], edit["with"]
        assert old in text, f"{edit['file']}: {old!r} not found; the case is stale"
        path.write_text(text.replace(old, new, int(edit.get("count", 1))), encoding="utf-8")
    else:  # pragma: no cover - a malformed case
        raise AssertionError(f"unknown edit {edit}")


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.yml"))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.stem)
def test_bad_input(case: Path, tmp_path: Path, update_golden: bool) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    root = copy_content(tmp_path)
    for edit in spec["edits"]:
        _apply(root, edit)
    code, out, err = run_cli(["validate", "--content", "content"], cwd=tmp_path)
    assert "Traceback" not in out + err
    want = int(spec.get("exit", 1))  # a few cases guard against false alarms: exit 0
    assert code == want, f"expected exit {want}, got {code}\n{err}"
    if update_golden:
        spec["expected"] = err
        case.write_text(
            yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
        )
        return
    assert err == spec["expected"]
    for line in err.splitlines()[:-1] if want else []:
        assert line.startswith("content/"), line
        parts = line.split(":", 3)
        assert parts[1].isdigit() and parts[2].isdigit(), line


def test_corpus_is_large_enough() -> None:
    assert len(_cases()) >= 100  # issue 14: at least 100 bad inputs, each with exact lines
