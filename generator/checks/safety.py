"""Safety rules from scenarios.yml, proved over every path of the flowchart.

Two kinds of rule, both declared in content so clinicians can read and extend them:

* ``paths_to`` + ``must_ask``: every path that ends in one of these tiers passes a question with
  each of these tags (for example: no path reaches self-care without the red-flag, serious-causes
  and nerve-signs questions);
* ``after`` + ``reach_at_least``: every path through this answer ends in this tier or a more
  urgent one (for example: a leg that is getting weaker always means help today or sooner).

A broken rule is reported at the rule, with the shortest path that breaks it, so the editor sees
exactly which answers lead a reader astray.
"""

from __future__ import annotations

from ..diagnostics import Report, suggest
from ..model.content import Content
from ..model.graph import Graph
from ..model.walk import Step, all_paths, path_outcome
from .flowchart import _closest
from .tiers import tier_hint, tier_rank

FILE = "scenarios.yml"
MAX_PATHS = 100_000
"""A chart with more paths than this is too big to prove; it is reported instead."""


def _quoted(items: list[str]) -> str:
    return ", ".join(f'"{x}"' for x in items)


def _describe(path: tuple[Step, ...]) -> str:
    steps = [f"{q} → “{a}”" for q, a in path[:-1]]
    return " → ".join([*steps, path_outcome(path)])


def _no_tag(tag: str, lists: set[str] | None, known_tags: set[str]) -> str:
    """Why a rule's tag matches no question. A sign list's id is a tag of the questions that
    ask about it, so for one the fix is such a question, not another tag."""
    if lists is not None and tag in lists:
        return (f'no question asks about the sign list "{tag}"; add asks_about: {tag} to the '
                "question that should ask about it.")
    return (f'no question has the tag "{tag}" (tags come from tags: and asks_about: in '
            f"flowchart.yml).{suggest(tag, known_tags)}")


def check_safety(content: Content, report: Report) -> None:
    if not (content.has(FILE) and content.has("flowchart.yml") and content.has("care-tiers.yml")):
        return
    graph = Graph.from_flowchart(content.flowchart)
    if graph.start not in graph.questions or graph.cycles() or graph.dangling():
        return  # the flowchart's own errors come first
    rank = tier_rank(content)
    lists = ({x.id for x in content.red_flags.lists} if content.has("red-flags.yml")
             else None)
    # a question that asks about a sign list that does not exist is reported there (with a
    # "Did you mean"); its tag is not offered as a suggestion, and the list it probably meant
    # is not reported again as a tag no question has
    misspelled = {q.asks_about for q in graph.questions.values()
                  if lists is not None and q.asks_about and q.asks_about not in lists}
    meant = {m for a in misspelled if (m := _closest(a, sorted(lists or ()))) is not None}
    tags: dict[str, set[str]] = {qid: set(q.all_tags) - misspelled
                                 for qid, q in graph.questions.items()}
    known_tags = set().union(*tags.values()) if tags else set()
    paths = list(all_paths(graph, limit=MAX_PATHS + 1))

    def add(loc: tuple[str | int, ...], message: str) -> None:
        path, line, col = content.where(FILE, loc)
        report.add(path, line, col, message)

    if len(paths) > MAX_PATHS:
        add(("rules",), f"the flowchart has more than {MAX_PATHS:,} paths, too many to check "
            "every one; split it into smaller charts.")
        return

    def tier_of(path: tuple[Step, ...]) -> str:
        return graph.outcomes[path_outcome(path)].tier

    for i, rule in enumerate(content.scenarios.rules):
        here = ("rules", i)
        if rule.paths_to is not None and rule.must_ask is not None:
            ok = True
            for j, t in enumerate(rule.paths_to):
                if t not in rank:
                    add((*here, "paths_to", j), f'unknown care tier "{t}"; it is not in '
                        f"care-tiers.yml.{tier_hint(t, rank)}")
                    ok = False
            for j, tag in enumerate(rule.must_ask):
                if tag not in known_tags:
                    ok = False
                    if tag not in meant:
                        add((*here, "must_ask", j), _no_tag(tag, lists, known_tags))
            if not ok:
                continue
            bad = []
            for p in paths:
                if tier_of(p) not in rule.paths_to:
                    continue
                asked = set().union(*(tags[q] for q, _a in p[:-1])) if len(p) > 1 else set()
                missing = [tag for tag in rule.must_ask if tag not in asked]
                if missing:
                    bad.append((len(p), _describe(p), missing))
            if bad:
                _n, shown, missing = min(bad)
                add((*here, "id"), f'the rule "{rule.id}" is broken: {len(bad)} path(s) reach '
                    f"{'/'.join(rule.paths_to)} without asking "
                    f"{_quoted(missing)}. Shortest: {shown}.")
        elif rule.after is not None and rule.reach_at_least is not None:
            if rule.reach_at_least not in rank:
                add((*here, "reach_at_least"), f'unknown care tier "{rule.reach_at_least}"; it '
                    f"is not in care-tiers.yml.{tier_hint(rule.reach_at_least, rank)}")
                continue
            ref = rule.after
            if ref.question is not None:
                questions = [ref.question] if ref.question in graph.questions else []
                if not questions:
                    add((*here, "after", "question"), f'there is no question '
                        f'"{ref.question}".{suggest(ref.question, graph.questions)}')
                    continue
            else:
                questions = [q for q, t in tags.items() if ref.tag in t]
                if not questions:
                    if ref.tag in meant:
                        continue
                    add((*here, "after", "tag"), _no_tag(str(ref.tag), lists, known_tags))
                    continue
            steps = {(q, ref.answer) for q in questions
                     if any(e.label == ref.answer for e in graph.out_edges(q))}
            if not steps:
                labels = list(dict.fromkeys(e.label for q in questions
                                            for e in graph.out_edges(q)))
                add((*here, "after", "answer"), f'"{ref.answer}" is not an answer of '
                    f"{_quoted(questions)}; the answers are {_quoted(labels)}."
                    f"{suggest(ref.answer, labels)}")
                continue
            want = rank[rule.reach_at_least]
            # a path that ends in an outcome with an unknown tier is reported at the outcome
            bad2 = [(len(p), _describe(p), tier_of(p)) for p in paths
                    if steps & set(p[:-1]) and rank.get(tier_of(p), -1) > want]
            if bad2:
                _n, shown, tier = min(bad2)
                add((*here, "id"), f'the rule "{rule.id}" is broken: {len(bad2)} path(s) through '
                    f'"{ref.answer}" end in the tier "{tier}", less urgent than '
                    f'"{rule.reach_at_least}". Shortest: {shown}.')
