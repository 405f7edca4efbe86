"""``hipback build --no-languages`` builds the source language alone, so it does not read or
check the translations (checks.check_folder(languages=False)); everything else still checks
them: ``validate``, a build with its languages, and a build meant to go live."""

from __future__ import annotations

from pathlib import Path

from hb_testlib import BUNDLED, ROOT, copy_content, run_cli

_BUILD = ["build", "--no-pdf", "--content", "content", "--site-dir", "site", "--docs",
          "build/docs", "--cache", "build/cache", "--config", str(ROOT / "mkdocs.yml")]


def _broken_welsh(tmp_path: Path) -> Path:
    root = copy_content(tmp_path, BUNDLED)
    flags = root / "translations" / "cy" / "red-flags.yml"
    flags.write_text(flags.read_text(encoding="utf-8").replace(
        "  text: Cael help nawr\n", "  text: Cael help nawr\n  txet: typo\n", 1), encoding="utf-8")
    return root


def test_a_source_only_build_does_not_stop_on_a_translation_it_does_not_build(
        tmp_path: Path) -> None:
    _broken_welsh(tmp_path)
    where = "content/translations/cy/red-flags.yml:"
    code, out, err = run_cli(["validate", "--content", "content"], cwd=tmp_path)
    assert code == 1 and where in out + err and "txet" in out + err
    code, out, err = run_cli(_BUILD, cwd=tmp_path)  # with its languages: refused
    assert code == 1 and where in out + err, err
    assert not (tmp_path / "site").exists()
    code, out, err = run_cli([*_BUILD, "--publish", "--no-languages"], cwd=tmp_path)
    assert code == 1 and where in out + err, err  # going live: the whole gate
    code, out, err = run_cli([*_BUILD, "--no-languages"], cwd=tmp_path)
    assert code == 0, err
    assert "translations/" not in out + err  # not read: no warning about them either
    assert (tmp_path / "site" / "index.html").is_file()
    assert not (tmp_path / "site" / "cy").exists()
