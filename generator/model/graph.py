"""An engine-independent model of the decision flowchart as a directed graph.

``model.Flowchart`` is what editors write (lists of questions and outcomes); the checks and every
emitter (Mermaid, text version, JSON) need the same derived facts instead: which node an id names,
which answers lead where, what is reachable, whether it loops. Computing them once here keeps the
emitters to formatting only and lets the checks speak about the graph without re-deriving it.

The graph tolerates broken input (duplicate ids, answers to ids that do not exist, cycles) so the
checker can describe every problem; emitters are only ever given a flowchart that passed the checks.
All orders are deterministic: file order first, then answer order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .flowchart import Flowchart, Outcome, Question

NodeKind = Literal["question", "outcome"]


@dataclass(frozen=True, kw_only=True)
class Node:
    """A question or an outcome; ``index`` is its place in its YAML list (for error positions)."""

    id: str
    kind: NodeKind
    index: int
    label: str


@dataclass(frozen=True, kw_only=True)
class Edge:
    """One answer: ``source`` question → ``target`` id (which may not exist in broken input)."""

    source: str
    target: str
    label: str
    question_index: int
    answer_index: int


class CycleError(ValueError):
    """Raised by :meth:`Graph.topological_order` when the flowchart loops; carries one cycle."""

    def __init__(self, cycle: list[str]) -> None:
        super().__init__(" → ".join(cycle))
        self.cycle = cycle


@dataclass(frozen=True, kw_only=True)
class Graph:
    """Nodes (first definition of an id wins), edges in file order, and the start id."""

    start: str
    nodes: Mapping[str, Node]
    edges: tuple[Edge, ...]
    questions: Mapping[str, Question]
    outcomes: Mapping[str, Outcome]
    _out: Mapping[str, tuple[Edge, ...]] = field(repr=False)

    @classmethod
    def from_flowchart(cls, flowchart: Flowchart) -> Graph:
        nodes: dict[str, Node] = {}
        questions: dict[str, Question] = {}
        outcomes: dict[str, Outcome] = {}
        edges: list[Edge] = []
        out: dict[str, list[Edge]] = {}
        for qi, question in enumerate(flowchart.questions):
            if question.id in nodes:
                continue
            nodes[question.id] = Node(id=question.id, kind="question", index=qi,
                                      label=question.question or "")
            questions[question.id] = question
            out[question.id] = []
            for ai, answer in enumerate(question.answers):
                edge = Edge(source=question.id, target=answer.next, label=answer.label,
                            question_index=qi, answer_index=ai)
                edges.append(edge)
                out[question.id].append(edge)
        for oi, outcome in enumerate(flowchart.outcomes):
            if outcome.id in nodes:
                continue
            nodes[outcome.id] = Node(id=outcome.id, kind="outcome", index=oi, label=outcome.title)
            outcomes[outcome.id] = outcome
        return cls(
            start=flowchart.start,
            nodes=nodes,
            edges=tuple(edges),
            questions=questions,
            outcomes=outcomes,
            _out={k: tuple(v) for k, v in out.items()},
        )

    # ------------------------------------------------------------ neighbours

    def out_edges(self, node_id: str) -> tuple[Edge, ...]:
        """The answers of a question, in answer order (empty for outcomes and unknown ids)."""
        return self._out.get(node_id, ())

    def successors(self, node_id: str) -> list[str]:
        """Existing nodes an answer of ``node_id`` leads to, each once, in answer order."""
        seen: list[str] = []
        for e in self.out_edges(node_id):
            if e.target in self.nodes and e.target not in seen:
                seen.append(e.target)
        return seen

    def dangling(self) -> list[Edge]:
        """Answers whose target is neither a question nor an outcome."""
        return [e for e in self.edges if e.target not in self.nodes]

    # ------------------------------------------------------------ reachability

    def reachable(self, start: str | None = None) -> list[str]:
        """Every node reachable from ``start`` (default: the flowchart's start), in BFS order."""
        first = self.start if start is None else start
        if first not in self.nodes:
            return []
        order = [first]
        seen = {first}
        i = 0
        while i < len(order):
            for nxt in self.successors(order[i]):
                if nxt not in seen:
                    seen.add(nxt)
                    order.append(nxt)
            i += 1
        return order

    def reaches_outcome(self) -> set[str]:
        """Nodes from which at least one path ends in an outcome (outcomes included)."""
        good = set(self.outcomes)
        changed = True
        while changed:
            changed = False
            for qid in self.questions:
                if qid not in good and any(s in good for s in self.successors(qid)):
                    good.add(qid)
                    changed = True
        return good

    # ------------------------------------------------------------ cycles and order

    def cycles(self) -> list[list[str]]:
        """One cycle per looping part of the graph, each written from where a reader enters it.

        Each strongly connected part with a loop is reported once (not every loop inside it), as
        ``[a, b, …, a]``. Parts reachable from the start come first, entered at the node a reader
        meets first; the rest follow in file order. One loop → one message for the editor.
        """
        order = self.reachable() + [n for n in self.nodes if n not in set(self.reachable())]
        rank = {n: i for i, n in enumerate(order)}
        result: list[list[str]] = []
        for comp in self._components():
            members = set(comp)
            if len(comp) == 1 and comp[0] not in self.successors(comp[0]):
                continue
            entry = min(comp, key=lambda n: rank[n])
            result.append(self._cycle_through(entry, members))
        result.sort(key=lambda c: rank[c[0]])
        return result

    def _components(self) -> list[list[str]]:
        """Strongly connected components (Tarjan, iterative so deep charts cannot overflow)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        comps: list[list[str]] = []
        counter = 0
        for root in self.nodes:
            if root in index:
                continue
            work: list[tuple[str, Iterator[str]]] = [(root, iter(self.successors(root)))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, it = work[-1]
                advanced = False
                for nxt in it:
                    if nxt not in index:
                        index[nxt] = low[nxt] = counter
                        counter += 1
                        stack.append(nxt)
                        on_stack.add(nxt)
                        work.append((nxt, iter(self.successors(nxt))))
                        advanced = True
                        break
                    if nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    comp: list[str] = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    comps.append(comp)
        return comps

    def _cycle_through(self, entry: str, members: set[str]) -> list[str]:
        """The shortest loop from ``entry`` back to itself inside one component (BFS)."""
        prev: dict[str, str] = {}
        queue = [entry]
        i = 0
        while i < len(queue):
            node = queue[i]
            i += 1
            for nxt in self.successors(node):
                if nxt not in members:
                    continue
                if nxt == entry:
                    path = [node]
                    while path[-1] != entry:
                        path.append(prev[path[-1]])
                    return list(reversed(path)) + [entry]
                if nxt not in prev and nxt != entry:
                    prev[nxt] = node
                    queue.append(nxt)
        return [entry, entry]  # pragma: no cover - a component with a loop always closes

    def topological_order(self) -> list[str]:
        """Every node, each after all questions that lead to it; ties in file order.

        Emitters walk the chart in this order so their output reads top to bottom the way a
        reader moves through it. Raises :class:`CycleError` if the chart loops.
        """
        indegree = {n: 0 for n in self.nodes}
        for n in self.nodes:
            for successor in self.successors(n):
                indegree[successor] += 1
        position = {n: i for i, n in enumerate(self.nodes)}
        ready = sorted((n for n, d in indegree.items() if d == 0), key=position.__getitem__)
        # the start goes first when it is a root, whatever its place in the file
        if self.start in ready:
            ready.remove(self.start)
            ready.insert(0, self.start)
        order: list[str] = []
        while ready:
            node = ready.pop(0)
            order.append(node)
            released = []
            for successor in self.successors(node):
                indegree[successor] -= 1
                if indegree[successor] == 0:
                    released.append(successor)
            ready = sorted(ready + released, key=position.__getitem__)
        if len(order) != len(self.nodes):
            raise CycleError(self.cycles()[0])
        return order

    def paths(self, start: str | None = None, *, limit: int = 10_000) -> Iterator[list[str]]:
        """Every path from the start to a node with no way on, depth first, in answer order.

        A path ends at an outcome, at a question with no existing successor, or where it would
        revisit a node (so loops cannot make this run forever). ``limit`` caps the count because
        the number of paths through a DAG can grow exponentially.
        """
        first = self.start if start is None else start
        if first not in self.nodes:
            return
        count = 0
        stack: list[list[str]] = [[first]]
        while stack:
            path = stack.pop()
            nexts = [successor for successor in self.successors(path[-1]) if successor not in path]
            if not nexts:
                yield path
                count += 1
                if count >= limit:
                    return
                continue
            for successor in reversed(nexts):
                stack.append(path + [successor])

    def longest_question_path(self) -> list[str]:
        """The path from the start that asks the most questions (for the "too long" warning).

        Dynamic programming over the topological order, so it stays linear however many paths
        the chart has. Raises :class:`CycleError` if the chart loops.
        """
        order = self.topological_order()
        if self.start not in self.nodes:
            return []
        best: dict[str, int] = {}
        nxt: dict[str, str] = {}
        for node in reversed(order):
            here = 1 if node in self.questions else 0
            best[node] = here
            for s in self.successors(node):
                if here + best[s] > best[node]:
                    best[node] = here + best[s]
                    nxt[node] = s
        path = [self.start]
        while path[-1] in nxt:
            path.append(nxt[path[-1]])
        return path
