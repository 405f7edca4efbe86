"""The engine's safety invariants (generator/checks/invariants.py): exact messages on small
charts, and a property over many generated charts — whatever the content, a chart the checker
accepts keeps every invariant on every path, and a chart it rejects has a path that breaks one.
"""

from __future__ import annotations

import random

from test_flowchart_check import CONDITIONS, SMALL
from test_flowchart_fixtures import SIGNS_YAML, check_lines, make_content

from generator.checks.invariants import check_invariants
from generator.checks.safety import check_safety
from generator.checks.tiers import tier_rank
from generator.diagnostics import Report
from generator.model.chart import graph_of, paths_of
from generator.model.invariants import least_urgent, promises, repeats_invariant, screens
from generator.model.walk import path_outcome

P = "content/flowchart.yml"
MARKED = SMALL.replace('      - label: "No"\n        next: where\n',
                       '      - label: "No"\n        next: where\n        none: true\n')
LOCAL = SIGNS_YAML.replace("    question: Do you have any of these signs?\n",
                           "    question: Do you have any of these signs?\n"
                           "    on_every_page: false\n")
"""The small chart never asks about the signs that need help today: they are flowchart-only."""
RANKS = {"emergency": 0, "today": 1, "soon": 2, "routine": 3, "self-care": 4}


def inv(text: str, signs: str = LOCAL) -> list[str]:
    return check_lines(text, CONDITIONS, checks=(check_invariants,), signs_yaml=signs)


def test_marked_small_chart_keeps_every_invariant() -> None:
    assert inv(MARKED) == []


def test_yes_to_a_sign_list_must_reach_its_tier() -> None:
    broken = MARKED.replace("        next: now\n", "        next: hip\n")
    assert inv(broken) == [
        (f'{P}:7:9: the answer "Yes" of "red-flags" must lead only to outcomes of the tier '
        '"emergency" or more urgent (it is not the none: true answer, so it is a “yes” to the '
        'signs in "emergency-signs", a list of the tier "emergency"), but 1 path(s) through it '
        'end in a less urgent tier ("self-care" on the shortest). Shortest: red-flags → “Yes” '
        '→ hip. Point this answer, or the answers after it on that path, to an outcome of the '
        'tier "emergency" or more urgent.')
    ]


def test_every_path_after_a_yes_counts_not_just_one() -> None:
    # "Yes" → shooting: one path reaches an emergency outcome, the other self-care
    mixed = MARKED.replace("        next: now\n", "        next: shooting\n").replace(
        "  - id: back\n    tier: routine", "  - id: back\n    tier: emergency")
    out = inv(mixed)
    assert len(out) == 1 and '1 path(s) through it' in out[0]
    assert "red-flags → “Yes” → shooting → “No” → hip" in out[0]


def test_promised_tier_holds_on_every_path() -> None:
    promised = MARKED.replace("      - label: Buttock\n        next: shooting\n",
                              "      - label: Buttock\n        next: shooting\n"
                              "        promises: routine\n")
    out = inv(promised)
    assert out == [
        (f'{P}:15:9: the answer "Buttock" of "where" must lead only to outcomes of the tier '
        '"routine" or more urgent (it promises the tier "routine"), but 1 path(s) through it end '
        'in a less urgent tier ("self-care" on the shortest). Shortest: red-flags → “No” → where '
        '→ “Buttock” → shooting → “No” → hip. Point this answer, or the answers after it on that '
        'path, to an outcome of the tier "routine" or more urgent.')
    ]


def test_scope_question_comes_before_the_least_urgent_tiers() -> None:
    scoped = MARKED.replace("    question: Does pain shoot down your leg?\n",
                            "    question: Does pain shoot down your leg?\n    scope: true\n")
    out = inv(scoped)
    assert len(out) == 1
    assert out[0].startswith(f'{P}:17:9: the answer "Groin" of "where" leads past the question '
                             '"shooting" (scope: true, who the guide is for): 1 path(s)')
    assert out[0].endswith('Point this answer to "shooting" (or to a question that leads to it), '
                           'or to an outcome of the tier "soon" or more urgent.')


def test_every_page_list_comes_before_the_least_urgent_tiers() -> None:
    # shown on every page, the signs that need help today must be asked before routine or
    # self-care; the small chart never asks about them
    assert inv(MARKED, SIGNS_YAML) == [
        (f'{P}:9:9: the answer "No" of "red-flags" leads past a question that asks about the sign '
        'list "urgent-signs" (shown on every page; no question asks about it): 3 path(s) through '
        'it reach the tier "routine" or "self-care" without asking it. Shortest: red-flags → '
        '“No” → where → “Groin” → hip. Add a question with asks_about: urgent-signs and point '
        'this answer to it, or to an outcome of the tier "soon" or more urgent.')
    ]


def test_none_marks_exactly_one_answer() -> None:
    assert inv(SMALL)[0] == (
        f'{P}:6:5: the question "red-flags" asks about the sign list "emergency-signs", so exactly '
        'one of its answers says none: true: mark the answer that means “I have none of these '
        'signs” with none: true.')
    twice = MARKED.replace('      - label: "Yes"\n        next: now\n',
                           '      - label: "Yes"\n        next: now\n        none: true\n', 1)
    assert "2 answers have none: true" in inv(twice)[0]


def test_no_message_offers_to_remove_anything() -> None:
    broken = MARKED.replace("        next: now\n", "        next: hip\n")
    scoped = MARKED.replace("    question: Does pain shoot down your leg?\n",
                            "    question: Does pain shoot down your leg?\n    scope: true\n")
    for text in (broken, scoped):
        for line in inv(text):
            assert "remove" not in line.lower() and "delete" not in line.lower()


def test_a_rule_that_repeats_an_invariant_is_recognised() -> None:
    rules = """\
rules:
  - id: same-as-invariant
    says: A reader with an emergency sign is told to get help now.
    after: {question: red-flags, answer: "Yes"}
    reach_at_least: emergency
  - id: adds-something
    says: A reader with buttock pain that shoots is seen routinely.
    after: {question: shooting, answer: "Yes"}
    reach_at_least: routine
  - id: screen-same
    says: Every path to self-care asks about the emergency signs.
    paths_to: [self-care]
    must_ask: [emergency-signs]
scenarios:
  - id: s
    story: A story.
    answers: {red-flags: "Yes"}
    expect: {outcome: now}
"""
    content = make_content(MARKED, CONDITIONS, scenarios_yaml=rules, signs_yaml=LOCAL)
    graph = graph_of(content.flowchart)
    rank = tier_rank(content)
    held = promises(graph, {x.id: x.tier for x in content.red_flags.lists}, rank)
    needed = screens(graph, ["emergency-signs"])
    low = least_urgent(list(rank))
    got = [repeats_invariant(r, graph, rank, held, needed, low) for r in content.scenarios.rules]
    assert got == [True, False, True]
    # the repeated rule is not proved twice: breaking the route gives one message, at the answer
    broken = MARKED.replace("        next: now\n", "        next: hip\n")
    content = make_content(broken, CONDITIONS, scenarios_yaml=rules, signs_yaml=LOCAL)
    report = Report()
    check_invariants(content, report)
    check_safety(content, report)
    msgs = [d.format() for d in report.sorted()]
    assert [m.split(":")[0] for m in msgs] == [P]


# ---------------------------------------------------------------- property: generated charts

def _random_chart(rng: random.Random) -> str:
    """A small random acyclic chart: the two sign lists first (q0, q1), 1–4 more questions, an
    outcome of every tier, answers pointing only forward, some with promises: or scope:. Its
    "yes" answers mostly go where they should, so both kept and broken charts come up."""
    n = rng.randint(2, 5)
    outcomes = ["o-emergency", "o-today", "o-soon", "o-routine", "o-self-care"]
    lines = ["title: T", "start: q0", "questions:"]
    for i in range(n + 1):
        later = [f"q{j}" for j in range(i + 1, n + 1)] + outcomes
        lines.append(f"  - id: q{i}")
        sign = {0: "emergency", 1: "today"}.get(i) if i < 2 or rng.random() < 0.2 else None
        if sign is not None or i < 2:
            sign = sign or "today"
            lines.append(f"    asks_about: {'emergency-signs' if sign == 'emergency' else 'urgent-signs'}")
        else:
            lines.append(f"    question: Question {i}?")
        if i > 1 and rng.random() < 0.1:
            lines.append("    scope: true")
        lines.append("    answers:")
        for k in range(rng.randint(2, 3)):
            target = rng.choice(later)
            if sign is not None and k > 0 and rng.random() < 0.85:
                target = f"o-{sign}"
            if sign is not None and k == 0 and i < 2 and rng.random() < 0.9:
                target = f"q{i + 1}"
            lines.append(f'      - label: "Answer {k}"')
            lines.append(f"        next: {target}")
            if sign is not None and k == 0:
                lines.append("        none: true")
            if rng.random() < 0.1:
                lines.append(f"        promises: {rng.choice(list(RANKS))}")
    lines.append("outcomes:")
    for o in outcomes:
        lines += [f"  - id: {o}", f"    tier: {o[2:]}", "    title: Do this",
                  "    text: Do this next."]
    return "\n".join(lines) + "\n"


def _breaks(text: str) -> bool:
    """Brute force, independent of the checker: does any path break an invariant?"""
    content = make_content(text, {})
    graph = graph_of(content.flowchart)
    list_tier = {x.id: x.tier for x in content.red_flags.lists}
    for path in paths_of(content.flowchart):
        end = RANKS[graph.outcomes[path_outcome(path)].tier]
        asked = {q for q, _a in path[:-1]}
        for q, label in path[:-1]:
            question = graph.questions[q]
            answer = next(a for a in question.answers if a.label == label)
            if question.asks_about and not answer.none and end > RANKS[list_tier[question.asks_about]]:
                return True
            if answer.promises and end > RANKS[answer.promises]:
                return True
        if end >= 3:
            lists = {graph.questions[q].asks_about for q in asked}
            if not {"emergency-signs", "urgent-signs"} <= lists:
                return True
            if any(x.scope and qid not in asked for qid, x in graph.questions.items()):
                return True
    return False


def test_property_checker_agrees_with_brute_force() -> None:
    rng = random.Random(21)
    seen = {True: 0, False: 0}
    for _ in range(300):
        text = _random_chart(rng)
        reported = bool(inv(text, SIGNS_YAML))
        assert reported == _breaks(text), text
        seen[reported] += 1
    assert seen[True] > 20 and seen[False] > 20  # both kinds of chart were tried
