"""CLI: exit codes, --help everywhere, scaffolding."""

from __future__ import annotations

from pathlib import Path

import pytest
from hb_testlib import FIXTURE, ROOT, copy_content, run_cli

COMMANDS = [[], ["validate"], ["generate"], ["build"], ["pdf"], ["serve"], ["new"],
            ["new", "condition"], ["schema"], ["check"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help_everywhere(cmd: list[str]) -> None:
    code, out, _err = run_cli([*cmd, "--help"])
    assert code == 0
    assert "usage: hipback" in out


def test_validate_clean_fixture() -> None:
    code, out, err = run_cli(["validate", "--content", str(FIXTURE)])
    assert code == 0, err
    assert "0 error(s)" in out


def test_usage_errors_exit_2() -> None:
    assert run_cli(["validate", "--nope"])[0] == 2
    assert run_cli(["frobnicate"])[0] == 2
    assert run_cli([])[0] == 2


def test_validate_missing_folder(tmp_path: Path) -> None:
    code, _out, err = run_cli(["validate", "--content", "nowhere"], cwd=tmp_path)
    assert code == 1
    assert err.splitlines()[0] == "nowhere:1:1: this content folder does not exist; check --content."


def test_new_condition_scaffold_validates(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    code, _out, err = run_cli(["new", "condition", "hip-bursitis", "--content", str(root)])
    assert code == 0, err
    text = (root / "conditions" / "hip-bursitis.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/condition.schema.json")
    assert "# A real person or a named team" in text
    # add it to a flowchart outcome, as the message says: it is structurally valid, and what
    # validate still refuses (so the build would too) is the placeholder text, sentence by sentence
    fc = root / "flowchart.yml"
    fc.write_text(fc.read_text().replace("conditions:\n", "conditions:\n  - hip-bursitis\n", 1))
    code, _out, err = run_cli(["validate", "--content", str(root)])
    errors = [line for line in err.splitlines() if ": error: " in line or "error(s)" in line]
    assert code == 1
    assert all("hip-bursitis.yml" in e and e.endswith("[required-sections]")
               for e in errors[:-1]), errors
    assert len(errors) > 10
    # a second scaffold with the same name refuses to overwrite
    assert run_cli(["new", "condition", "hip-bursitis", "--content", str(root)])[0] == 1
    assert run_cli(["new", "condition", "Hip Bursitis", "--content", str(root)])[0] == 2


def test_schemas_are_up_to_date(tmp_path: Path) -> None:
    from generator.model.schema import write_schemas

    for path in write_schemas(tmp_path):
        committed = ROOT / "schemas" / path.name
        assert committed.read_text() == path.read_text(), f"run `hipback schema` ({path.name})"


@pytest.mark.parametrize("command", [["generate"], ["build", "--no-pdf"],
                                     ["serve", "--dev-addr", "127.0.0.1:1"]])
def test_outside_the_project_folder_says_where_mkdocs_yml_is(
    tmp_path: Path, command: list[str]
) -> None:
    """Run elsewhere, with content given: a message that names the fix, no traceback, nothing
    written (the project's mkdocs.yml is read before anything is generated)."""
    content = copy_content(tmp_path / "c", FIXTURE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, err = run_cli([*command, "--content", str(content)], cwd=elsewhere)
    assert code == 1, out + err
    assert "Traceback" not in err
    assert (f"there is no MkDocs configuration mkdocs.yml in {elsewhere}; run hipback from the "
            "project folder (the one with mkdocs.yml) or pass --config FILE.") in err
    assert not (elsewhere / "site").exists()


def test_serve_address_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``HIPBACK_DEV_ADDR`` (what README says to set when port 8000 is taken); a bad value is
    named as coming from there, and ``--dev-addr`` wins over it."""
    monkeypatch.setenv("HIPBACK_DEV_ADDR", "no-port-here")
    code, _out, err = run_cli(["serve", "--content", str(FIXTURE)])
    assert code == 2
    assert "error: HIPBACK_DEV_ADDR must be IP:PORT, for example 127.0.0.1:8000 (not " \
        "no-port-here)." in err
    code, _out, err = run_cli(["serve", "--content", str(FIXTURE), "--dev-addr", "nor-here"])
    assert code == 2 and "error: --dev-addr must be IP:PORT" in err and "nor-here" in err


def test_the_strings_schema_knows_every_key_the_bundled_strings_use() -> None:
    """content/strings.yml names schemas/strings.schema.json (it was missing): every key the
    bundled file sets is in it, with the same shape, and it allows no other key."""
    import json

    import yaml

    schema = json.loads((ROOT / "schemas" / "strings.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((ROOT / "content" / "strings.yml").read_text(encoding="utf-8"))

    def walk(value: object, node: dict, where: str) -> None:
        if isinstance(value, dict):
            assert node["type"] == "object" and node["additionalProperties"] is False, where
            for key, inner in value.items():
                assert key in node["properties"], f"{where}/{key} is not in the schema"
                walk(inner, node["properties"][key], f"{where}/{key}")
        else:
            assert node["type"] == ("array" if isinstance(value, list) else "string"), where

    walk(data, schema, "strings.yml")
    assert len(schema["properties"]) >= 10
