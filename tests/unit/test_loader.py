"""Unit tests of the positioned YAML loader and the content model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hb_testlib import FIXTURE, copy_content
from pydantic import ValidationError

from generator.load.textfile import MAX_FILE_BYTES
from generator.load.yamlio import load_yaml, parse_yaml
from generator.model import Condition, Site
from generator.model.content import load_content


def test_positions_of_keys_and_items() -> None:
    loaded, errors = parse_yaml("a: 1\nb:\n  - x\n  - y\nc:\n  d: 2026-01-02\n", "f.yml")
    assert errors == [] and loaded is not None
    assert loaded.data == {"a": 1, "b": ["x", "y"], "c": {"d": dt.date(2026, 1, 2)}}
    assert loaded.pos(("b", 1)) == (4, 5)
    assert loaded.pos(("c", "d")) == (6, 3)
    # unknown paths fall back to the nearest known ancestor
    assert loaded.pos(("c", "d", "zz")) == (6, 3)


@pytest.mark.parametrize(
    ("text", "fragment", "line", "col"),
    [
        ("a: 1\na: 2\n", 'the key "a" appears twice', 2, 1),
        ("a:\n\t- b\n", "tab character", 2, 1),
        ("a: &x [1]\nb: *x\n", "anchors and aliases", 1, 4),
        ("a: 2026-13-45\n", "is not a real date", 1, 4),
        ("a: !!python/name:os.system x\n", "is not allowed", 1, 4),
        ("---\na: 1\n---\nb: 2\n", "several YAML documents", 1, 1),
        ("", "this file is empty", 1, 1),
    ],
)
def test_loader_errors(text: str, fragment: str, line: int, col: int) -> None:
    loaded, errors = parse_yaml(text, "f.yml")
    assert loaded is None
    assert len(errors) == 1
    assert fragment in errors[0].message
    assert (errors[0].line, errors[0].col) == (line, col)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("# x\n" * (MAX_FILE_BYTES // 4 + 10))
    loaded, errors = load_yaml(path, "big.yml")
    assert loaded is None and "at most" in errors[0].message


def test_models_are_frozen_and_reject_unknown_keys() -> None:
    content, report = load_content(FIXTURE)
    assert content is not None, report.sorted()
    cond = content.conditions["sciatica"]
    with pytest.raises(ValidationError):
        cond.name = "x"  # type: ignore[misc]
    data = cond.model_dump()
    data["colour"] = "red"
    with pytest.raises(ValidationError) as info:
        Condition.model_validate(data)
    assert info.value.errors()[0]["type"] == "extra_forbidden"


SITE = {
    "title": "T", "tagline": "t", "description": "d", "language": "en",
    "public_url": "https://example.org/", "publisher": "p",
    "emergency_number": "999", "urgent_number": "111",
    "groups": [{"id": "a", "title": "A", "short": "A"}], "disclaimer": "Not advice.",
}


def test_site_defaults() -> None:
    site = Site.model_validate(SITE)
    assert site.paper_size == "A4"
    assert site.review_policy.interval_months == 12
    assert site.quality.reading_grade_max == 8
    assert site.scope is None


@pytest.mark.parametrize("old_key", ["emergency_label", "urgent_label"])
def test_site_labels_of_the_previous_format_are_refused(old_key: str) -> None:
    # what to do at each urgency lives in care-tiers.yml now; a leftover label must not be
    # silently ignored (the corpus checks the message, tests/errors/cases/v1-site-*.yml)
    with pytest.raises(ValidationError) as info:
        Site.model_validate({**SITE, old_key: "Call 999"})
    assert [e["loc"] for e in info.value.errors()] == [(old_key,)]


def test_loads_fixture_and_bundled_content() -> None:
    from hb_testlib import BUNDLED

    for root in (FIXTURE, BUNDLED):
        content, report = load_content(root)
        assert content is not None, [d.format() for d in report.sorted()]
        assert report.errors == []
    content, _ = load_content(BUNDLED)
    assert content is not None
    assert {"sciatica", "spinal-stenosis", "sacroiliac-joint-dysfunction", "piriformis-syndrome",
            "facet-joint-arthritis", "hip-osteoarthritis"} <= set(content.conditions)


def test_all_errors_of_all_files_are_collected(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    for name in ("sciatica", "spinal-stenosis"):
        path = root / "conditions" / f"{name}.yml"
        path.write_text(path.read_text().replace("group:", "groop:"))
    (root / "regions.yml").write_text("regions: 5\n")
    content, report = load_content(root, "content")
    assert content is None
    paths = {d.path for d in report.errors}
    assert paths == {
        "content/conditions/sciatica.yml",
        "content/conditions/spinal-stenosis.yml",
        "content/regions.yml",
    }


def test_feature_added_only_in_fixture_reaches_the_table() -> None:
    from hb_testlib import resolved

    from generator.emit.compare import table_html

    r = resolved(FIXTURE)
    html = table_html(r, condition_href=lambda slug: f"../conditions/{slug}/")
    assert "Fixture-only feature" in html
    # the fixture feature has a default ("varies") and no condition states it
    assert html.count('data-value="varies"') >= len(r.conditions)  # type: ignore[attr-defined]


def test_a_parsed_file_keeps_none_of_its_yaml_nodes() -> None:
    """The node graph goes with its document: a constructor shared by every file (PyYAML's
    ``constructed_objects``) once kept every file's nodes for the whole build (0.18 MB a
    condition)."""
    import gc

    import yaml

    from generator.load.yamlio import parse_yaml

    def nodes() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node))

    before = nodes()
    loaded, problems = parse_yaml("a: 1\nb: [x, y, 2026-01-02]\nc: {d: true}\n", "t.yml")
    assert loaded is not None and not problems and loaded.data["b"][2].year == 2026
    assert nodes() == before
