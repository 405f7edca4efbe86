"""Safety rules from scenarios.yml, proved over every path of the flowchart.

Two kinds of rule, both declared in content so clinicians can read and extend them:

* ``paths_to`` + ``must_ask``: every path that ends in one of these tiers passes a question with
  each of these tags (for example: no path reaches self-care without the red-flag, serious-causes
  and nerve-signs questions);
* ``after`` + ``reach_at_least``: every path through this answer ends in this tier or a more
  urgent one (for example: a leg that is getting weaker always means help today or sooner).

A broken rule is reported at the rule, with the shortest path that breaks it, so the editor sees
exactly which answers lead a reader astray. A rule that could never fail (an empty list, the
least urgent tier, tiers no path ends in, an answer no path passes) is an error too: it would be
published as a promise that proves nothing. A rule that only repeats an engine invariant
(:mod:`.invariants`) is not proved twice: the invariant reports the break, at the answer.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Report, closest, quoted, suggest
from ..model.chart import MAX_PATHS, graph_of, paths_of, sound
from ..model.content import Content
from ..model.graph import Graph
from ..model.invariants import (
    Path,
    least_urgent,
    promises,
    repeats_invariant,
    screens,
)
from ..model.scenarios import Rule
from ..model.walk import path_outcome
from .invariants import describe
from .tiers import tier_hint, tier_rank

FILE = "scenarios.yml"


def _no_tag(tag: str, lists: set[str] | None, known_tags: set[str]) -> str:
    """Why a rule's tag matches no question. A sign list's id is a tag of the questions that
    ask about it, so for one the fix is such a question, not another tag."""
    if lists is not None and tag in lists:
        return (f'no question asks about the sign list "{tag}"; add asks_about: {tag} to the '
                "question that should ask about it.")
    return (f'no question has the tag "{tag}" (tags come from tags: and asks_about: in '
            f"flowchart.yml).{suggest(tag, known_tags)}")


class _Prover:
    """One content's rules proved over its paths (the graph and paths are shared)."""

    def __init__(self, content: Content, report: Report, graph: Graph,
                 paths: tuple[Path, ...]) -> None:
        self.content, self.report, self.graph, self.paths = content, report, graph, paths
        self.rank = tier_rank(content)
        self.lists = ({x.id for x in content.red_flags.lists} if content.has("red-flags.yml")
                      else None)
        # a question that asks about a sign list that does not exist is reported there (with a
        # "Did you mean"); its tag is not offered as a suggestion, and the list it probably
        # meant is not reported again as a tag no question has
        misspelled = {q.asks_about for q in graph.questions.values()
                      if self.lists is not None and q.asks_about and q.asks_about not in self.lists}
        self.meant = {m for a in misspelled
                      if (m := closest(a, sorted(self.lists or ()))) is not None}
        self.tags: dict[str, set[str]] = {qid: set(q.all_tags) - misspelled
                                          for qid, q in graph.questions.items()}
        self.known_tags = set().union(*self.tags.values()) if self.tags else set()
        self.ends = {graph.outcomes[path_outcome(p)].tier for p in paths}
        self.least = list(self.rank)[-1] if self.rank else ""

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        path, line, col = self.content.where(FILE, loc)
        self.report.add(path, line, col, message)

    def tier_of(self, path: Path) -> str:
        return self.graph.outcomes[path_outcome(path)].tier

    def must_ask(self, i: int, rule: Rule, paths_to: list[str], must: list[str],
                 prove: bool) -> None:
        here = ("rules", i)
        ok = True
        for key, items in (("paths_to", paths_to), ("must_ask", must)):
            if not items:
                what = ("the tiers it is about, for example [routine, self-care]"
                        if key == "paths_to" else "the sign lists or tags each such path asks")
                self.add((*here, key), f"{key}: is empty, so the rule \"{rule.id}\" can never "
                         f"fail and proves nothing. Name {what}.")
                ok = False
        for j, tier in enumerate(paths_to):
            if tier not in self.rank:
                self.add((*here, "paths_to", j), f'unknown care tier "{tier}"; it is not in '
                         f"care-tiers.yml.{tier_hint(tier, self.rank)}")
                ok = False
        for j, tag in enumerate(must):
            if tag not in self.known_tags:
                ok = False
                if tag not in self.meant:
                    self.add((*here, "must_ask", j), _no_tag(tag, self.lists, self.known_tags))
        if ok and not set(paths_to) & self.ends:
            used = [tier for tier in self.rank if tier in self.ends]
            self.add((*here, "paths_to"), f"no path in the flowchart ends in {quoted(paths_to)}"
                     f', so the rule "{rule.id}" can never fail. Name the tiers whose paths it '
                     f"is about; paths end in {quoted(used)}.")
            ok = False
        if not (ok and prove):
            return
        bad = []
        for path in self.paths:
            if self.tier_of(path) not in paths_to:
                continue
            asked = set().union(*(self.tags[q] for q, _a in path[:-1])) if len(path) > 1 else set()
            missing = [tag for tag in must if tag not in asked]
            if missing:
                bad.append((len(path), describe(path), missing))
        if bad:
            _n, shown, missing = min(bad)
            self.add((*here, "id"), f'the rule "{rule.id}" is broken: {len(bad)} path(s) reach '
                     f"{'/'.join(paths_to)} without asking {quoted(missing)}. Shortest: "
                     f"{shown}.")

    def reach(self, i: int, rule: Rule, prove: bool) -> None:
        here = ("rules", i)
        ref, least = rule.after, rule.reach_at_least
        assert ref is not None and least is not None
        if least not in self.rank:
            self.add((*here, "reach_at_least"), f'unknown care tier "{least}"; it is not in '
                     f"care-tiers.yml.{tier_hint(least, self.rank)}")
            return
        if least == self.least:
            more = list(self.rank)[-2] if len(self.rank) > 1 else least
            self.add((*here, "reach_at_least"), f'every outcome is at least "{least}" (the '
                     f'least urgent tier), so the rule "{rule.id}" can never fail. Name the tier '
                     f'a reader who gives this answer reaches at least, for example "{more}" '
                     "or more urgent.")
            return
        if ref.question is not None:
            questions = [ref.question] if ref.question in self.graph.questions else []
            if not questions:
                self.add((*here, "after", "question"), f'there is no question '
                         f'"{ref.question}".{suggest(ref.question, self.graph.questions)}')
                return
        else:
            questions = [q for q, t in self.tags.items() if ref.tag in t]
            if not questions:
                if ref.tag not in self.meant:
                    self.add((*here, "after", "tag"),
                             _no_tag(str(ref.tag), self.lists, self.known_tags))
                return
        steps = {(q, ref.answer) for q in questions
                 if any(e.label == ref.answer for e in self.graph.out_edges(q))}
        if not steps:
            labels = list(dict.fromkeys(e.label for q in questions
                                        for e in self.graph.out_edges(q)))
            self.add((*here, "after", "answer"), f'"{ref.answer}" is not an answer of '
                     f"{quoted(questions)}; the answers are {quoted(labels)}."
                     f"{suggest(ref.answer, labels)}")
            return
        through = [p for p in self.paths if steps & set(p[:-1])]
        if not through:
            self.add((*here, "after"), f'no path from the start passes "{ref.answer}" of '
                     f'{quoted(sorted({q for q, _a in steps}))}, so the rule "{rule.id}" can '
                     "never fail. Point an answer on the way to that question so readers meet "
                     "it, or name an answer readers can give.")
            return
        if not prove:
            return
        want = self.rank[least]
        # a path that ends in an outcome with an unknown tier is reported at the outcome
        bad = [(len(p), describe(p), self.tier_of(p)) for p in through
               if self.rank.get(self.tier_of(p), -1) > want]
        if bad:
            _n, shown, tier = min(bad)
            self.add((*here, "id"), f'the rule "{rule.id}" is broken: {len(bad)} path(s) '
                     f'through "{ref.answer}" end in the tier "{tier}", less urgent than '
                     f'"{least}". Shortest: {shown}.')


def check_safety(content: Content, report: Report) -> None:
    if not (content.has(FILE) and content.has("flowchart.yml") and content.has("care-tiers.yml")):
        return
    graph = graph_of(content.flowchart)
    if not sound(graph):
        return  # the flowchart's own errors come first
    paths = paths_of(content.flowchart)
    prover = _Prover(content, report, graph, paths)
    if len(paths) > MAX_PATHS:
        prover.add(("rules",), f"the flowchart has more than {MAX_PATHS:,} paths, too many to "
                   "check every one; split it into smaller charts.")
        return
    implied = _implied(content, graph, prover.rank)
    for i, rule in enumerate(content.scenarios.rules):
        # a rule an invariant proves is still checked for sense, not proved a second time
        prove = not implied(rule)
        if rule.paths_to is not None and rule.must_ask is not None:
            prover.must_ask(i, rule, rule.paths_to, rule.must_ask, prove)
        else:
            prover.reach(i, rule, prove)


def _implied(content: Content, graph: Graph, rank: dict[str, int]) -> Callable[[Rule], bool]:
    """Which rules an engine invariant already proves (they are not proved, or shown, twice)."""
    lists = content.red_flags.lists if content.has("red-flags.yml") else []
    held = promises(graph, {x.id: x.tier for x in lists}, rank)
    needed = screens(graph, [x.id for x in lists if x.on_every_page])
    low = least_urgent(list(rank))
    return lambda rule: repeats_invariant(rule, graph, rank, held, needed, low)
