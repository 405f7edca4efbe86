"""The flowchart's graph and all its paths, worked out once per flowchart.

Five checks, the resolve stage and the public pages all need the same :class:`.graph.Graph` and
the same list of paths. Building them in each place cost a graph per check and a full path walk
per check; here the last flowchart asked about keeps its graph and paths, compared by identity
(a checked flowchart is a frozen model, so the same object always gives the same answers).
"""

from __future__ import annotations

import threading

from .flowchart import Flowchart
from .graph import Graph
from .walk import Step, all_paths

Path = tuple[Step, ...]

MAX_PATHS = 100_000
"""A chart with more paths than this is too big to prove; the safety check reports it."""

_lock = threading.Lock()
_last: tuple[Flowchart, Graph, tuple[Path, ...] | None] | None = None


def graph_of(flowchart: Flowchart) -> Graph:
    """The graph of ``flowchart``, built once however many checks ask."""
    global _last
    with _lock:
        if _last is not None and _last[0] is flowchart:
            return _last[1]
        graph = Graph.from_flowchart(flowchart)
        _last = (flowchart, graph, None)
        return graph


def paths_of(flowchart: Flowchart) -> tuple[Path, ...]:
    """Every path from the start to an outcome (at most ``MAX_PATHS + 1``, so a caller can
    tell a chart too big to prove). Only for a chart without loops or dangling answers."""
    global _last
    graph = graph_of(flowchart)
    with _lock:
        if _last is not None and _last[0] is flowchart and _last[2] is not None:
            return _last[2]
    paths = tuple(all_paths(graph, limit=MAX_PATHS + 1))
    with _lock:
        if _last is not None and _last[0] is flowchart:
            _last = (flowchart, graph, paths)
    return paths


def sound(graph: Graph) -> bool:
    """True when paths can be walked: the start is a question, no loops, no dangling answers
    (otherwise the flowchart's own errors are reported and nothing is proved over paths)."""
    return graph.start in graph.questions and not graph.dangling() and not graph.cycles()
