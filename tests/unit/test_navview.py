"""Which pages a nav change reaches (the preview rebuilds exactly those besides the edited ones)."""

from __future__ import annotations

import copy
from typing import Any

from generator.publish.navview import pages_with_new_nav, views


def _nav() -> list[Any]:
    return [
        {"Home": "index.md"},
        {"Conditions": [
            "conditions/index.md",
            {"Back": [
                {"Back A – C": [{"Alpha": "conditions/a.md"}, {"Beta": "conditions/b.md"},
                                {"Gamma": "conditions/c.md"}]},
                {"Back D – F": [{"Delta": "conditions/d.md"}, {"Epsilon": "conditions/e.md"},
                                {"Foxtrot": "conditions/f.md"}]},
            ]},
            {"Hip": [{"Hip one": "conditions/h1.md"}, {"Hip two": "conditions/h2.md"}]},
        ]},
        {"Compare": "compare.md"},
        {"About": "about.md"},
    ]


def _section(nav: list[Any], *names: str) -> list[Any]:
    items = nav
    for name in names:
        items = next(x[name] for x in items if isinstance(x, dict) and name in x)
    return items


def test_every_page_has_a_view() -> None:
    assert set(views(_nav())) == {
        "index.md", "conditions/index.md", "conditions/a.md", "conditions/b.md",
        "conditions/c.md", "conditions/d.md", "conditions/e.md", "conditions/f.md",
        "conditions/h1.md", "conditions/h2.md", "compare.md", "about.md"}


def test_same_nav_changes_nothing() -> None:
    assert pages_with_new_nav(_nav(), _nav()) == set()


def test_renamed_page_reaches_its_own_section_and_its_neighbours_in_order() -> None:
    new = _nav()
    _section(new, "Conditions", "Back", "Back D – F")[1] = {"Echo": "conditions/e.md"}
    # the section's pages show the new name; nothing outside shows that section open
    assert pages_with_new_nav(_nav(), new) == {"conditions/d.md", "conditions/e.md",
                                               "conditions/f.md"}


def test_a_new_section_label_reaches_the_whole_group() -> None:
    new = _nav()
    back = _section(new, "Conditions", "Back")
    back[1] = {"Back D – G": back[1]["Back D – F"]}
    assert pages_with_new_nav(_nav(), new) == {f"conditions/{x}.md" for x in "abcdef"}


def test_a_new_first_page_reaches_every_page_showing_the_group_closed() -> None:
    # a pruned section is drawn as a link to its first page
    new = _nav()
    hip = _section(new, "Conditions", "Hip")
    hip[0], hip[1] = hip[1], hip[0]
    changed = pages_with_new_nav(_nav(), new)
    assert {"index.md", "compare.md", "about.md", "conditions/a.md"} <= changed
    assert {"conditions/h1.md", "conditions/h2.md"} <= changed


def test_moving_a_page_changes_prev_and_next_of_its_old_and_new_neighbours() -> None:
    old = _nav()
    new = copy.deepcopy(old)
    first = _section(new, "Conditions", "Back", "Back A – C")
    first[1], first[2] = first[2], first[1]  # Alpha, Gamma, Beta
    # the section's own pages, and the page after it (its previous page is now Beta)
    assert pages_with_new_nav(old, new) == {"conditions/a.md", "conditions/b.md",
                                            "conditions/c.md", "conditions/d.md"}


def test_a_new_top_level_title_reaches_every_page() -> None:
    new = _nav()
    new[3] = {"About us": "about.md"}
    assert pages_with_new_nav(_nav(), new) == set(views(new))


def test_a_new_page_shows_up_as_changed() -> None:
    new = _nav()
    _section(new, "Conditions", "Hip").append({"Hip three": "conditions/h3.md"})
    changed = pages_with_new_nav(_nav(), new)
    assert {"conditions/h1.md", "conditions/h2.md", "conditions/h3.md",
            "compare.md"} <= changed  # compare.md: the page before it is now h3, not h2
    assert "conditions/a.md" not in changed
