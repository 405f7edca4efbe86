"""The engine-independent graph model: order, reachability, cycles, paths."""

from __future__ import annotations

import pytest
from test_flowchart_fixtures import hip_flowchart

from generator.model import Flowchart
from generator.model.graph import CycleError, Graph


def chart(edges: dict[str, list[str]], outcomes: list[str], start: str = "a") -> Flowchart:
    """A flowchart from an adjacency list (questions → targets) and outcome ids."""
    return Flowchart.model_validate(
        {
            "title": "t",
            "start": start,
            "questions": [
                {
                    "id": q,
                    "question": f"{q}?",
                    "answers": [{"label": f"to {t}", "next": t} for t in targets],
                }
                for q, targets in edges.items()
            ],
            "outcomes": [
                {"id": o, "tier": "routine", "title": o, "text": "Text."} for o in outcomes
            ],
        }
    )


def test_fixture_graph_facts() -> None:
    g = Graph.from_flowchart(hip_flowchart())
    assert g.start == "red-flags"
    assert len(g.questions) == 8 and len(g.outcomes) == 9
    assert g.dangling() == []
    assert g.cycles() == []
    assert set(g.reachable()) == set(g.nodes)
    assert g.reaches_outcome() == set(g.nodes)
    order = g.topological_order()
    assert order[:3] == ["red-flags", "urgent-signs", "nerve-signs"]
    for e in g.edges:
        assert order.index(e.source) < order.index(e.target)
    paths = list(g.paths())
    assert all(p[0] == "red-flags" and p[-1] in g.outcomes for p in paths)
    # counted by hand: 1 (warning signs) + 1 (today signs) + 1 (weaker) + 3 (leg pain)
    # + 2 (groin) + 5 (outer hip) + 4 (lower back) + 1 (more than one place)
    assert len(paths) == 18
    assert g.longest_question_path() == [
        "red-flags", "urgent-signs", "nerve-signs", "where", "outer-hip", "back-worse",
        "hip-signs",
    ]


def test_successors_skip_missing_and_repeat_targets() -> None:
    g = Graph.from_flowchart(chart({"a": ["x", "x", "ghost"]}, ["x"]))
    assert g.successors("a") == ["x"]
    assert [e.target for e in g.dangling()] == ["ghost"]


def test_cycle_is_reported_once_from_where_a_reader_enters_it() -> None:
    g = Graph.from_flowchart(chart({"a": ["b", "x"], "b": ["c", "x"], "c": ["b", "a"]}, ["x"]))
    # a, b and c form one looping part: one cycle, starting at the start question
    assert g.cycles() == [["a", "b", "c", "a"]]
    with pytest.raises(CycleError) as err:
        g.topological_order()
    assert err.value.cycle == ["a", "b", "c", "a"]


def test_separate_loops_are_separate_cycles() -> None:
    g = Graph.from_flowchart(
        chart({"a": ["b", "d"], "b": ["c", "x"], "c": ["b", "x"], "d": ["d", "x"]}, ["x"])
    )
    assert g.cycles() == [["b", "c", "b"], ["d", "d"]]


def test_first_definition_of_an_id_wins() -> None:
    fc = chart({"a": ["x", "y"]}, ["x", "y"])
    fc = fc.model_copy(update={"outcomes": [*fc.outcomes, fc.outcomes[0]]})
    g = Graph.from_flowchart(fc)
    assert list(g.outcomes) == ["x", "y"]
    assert g.nodes["x"].index == 0


def test_paths_stop_at_loops_and_limit() -> None:
    g = Graph.from_flowchart(chart({"a": ["b", "x"], "b": ["a", "y"]}, ["x", "y"]))
    assert list(g.paths()) == [["a", "b", "y"], ["a", "x"]]
    assert len(list(g.paths(limit=1))) == 1
