"""Flowchart graph and screening checks: one test per rule, comparing the exact lines an editor
would see.

Each test breaks a small, valid chart in one place and expects exactly one message (a cascade of
follow-on messages from one mistake is a failure too).
"""

from __future__ import annotations

from test_flowchart_fixtures import HIP_CONDITIONS, HIP_FLOWCHART_YAML, check_lines

from generator.checks.flowchart import check_flowchart
from generator.checks.screens import check_screens

SMALL = """\
title: Test chart
start: red-flags
questions:
  - id: red-flags
    asks_about: emergency-signs
    answers:
      - label: "Yes"
        next: now
      - label: "No"
        next: where
  - id: where
    question: Where does it hurt most?
    answers:
      - label: Buttock
        next: shooting
      - label: Groin
        next: hip
  - id: shooting
    question: Does pain shoot down your leg?
    answers:
      - label: "Yes"
        next: back
      - label: "No"
        next: hip
outcomes:
  - id: now
    tier: emergency
    title: Get help now
    text: Call 999 now.
  - id: back
    tier: routine
    title: Book an appointment with a doctor or physiotherapist
    text: This is often linked to a nerve in the back. A professional can check it.
    conditions: [sciatica]
  - id: hip
    tier: self-care
    title: Self-care and watch for changes
    text: If you have new pain, rest. This is often linked to the hip joint.
    conditions: [hip-oa]
"""
CONDITIONS = {"sciatica": "Sciatica", "hip-oa": "Hip osteoarthritis"}
P = "content/flowchart.yml"


def lines(text: str, **kw: str) -> list[str]:
    return check_lines(text, CONDITIONS, **kw)


def screens(text: str) -> list[str]:
    return check_lines(text, CONDITIONS, checks=(check_screens,))


def test_small_chart_and_fixture_are_clean() -> None:
    assert lines(SMALL) == []
    assert screens(SMALL) == []
    both = (check_flowchart, check_screens)
    assert check_lines(HIP_FLOWCHART_YAML, HIP_CONDITIONS, checks=both) == []


def test_cycle_is_named_once_where_it_closes() -> None:
    broken = SMALL.replace(
        '      - label: "No"\n        next: hip\noutcomes',
        '      - label: "No"\n        next: where\noutcomes',
    )
    assert lines(broken) == [
        (
            f"{P}:24:9: the flowchart goes round in a circle: where → shooting → where. "
            "Point one of these answers to a later question or an outcome."
        )
    ]


def test_self_loop_is_a_cycle() -> None:
    broken = SMALL.replace("next: shooting", "next: where")
    assert (
        f"{P}:15:9: the flowchart goes round in a circle: where → where. Point one of "
        "these answers to a later question or an outcome." in lines(broken)
    )


def test_dangling_answer_suggests_the_close_id() -> None:
    broken = SMALL.replace("next: shooting", "next: shootng")
    # one message: "shooting" is not reported again as unreachable
    assert lines(broken) == [
        (
            f'{P}:15:9: this answer leads to "shootng", but there is no question or outcome with '
            'that id. Did you mean "shooting"?'
        )
    ]


def test_dangling_answer_without_close_match() -> None:
    broken = SMALL.replace("next: hip\n  - id: shooting", "next: knee-pain\n  - id: shooting")
    assert lines(broken) == [
        (
            f'{P}:17:9: this answer leads to "knee-pain", but there is no question or outcome with '
            "that id. Add it, or point the answer elsewhere."
        )
    ]


def test_unreachable_question_is_reported_where_the_trouble_starts() -> None:
    broken = SMALL.replace("next: shooting", "next: back")
    assert lines(broken) == [
        (
            f'{P}:18:5: the question "shooting" cannot be reached: no answer on the way from the '
            'start leads to it. Point the answer that should lead there to "shooting".'
        )
    ]


def test_unreachable_chain_is_one_message() -> None:
    extra = SMALL.replace(
        "outcomes:\n",
        "  - id: orphan\n    question: Is it worse at night?\n    answers:\n"
        '      - label: "Yes"\n        next: orphan-two\n      - label: "No"\n'
        "        next: hip\n"
        "  - id: orphan-two\n    question: Is it worse in the cold?\n    answers:\n"
        '      - label: "Yes"\n        next: back\n      - label: "No"\n        next: hip\n'
        "outcomes:\n",
    )
    assert lines(extra) == [
        (
            f'{P}:25:5: the question "orphan" cannot be reached: no answer on the way from the '
            'start leads to it. Point the answer that should lead there to "orphan". The steps '
            'after it '
            '("orphan-two") cannot be reached either.'
        )
    ]


def test_dead_end_question_is_one_message() -> None:
    broken = SMALL.replace("next: back\n", "next: bakc\n").replace(
        "        next: hip\noutcomes", "        next: hipp\noutcomes"
    )
    assert lines(broken) == [
        (
            f'{P}:18:5: the question "shooting" is a dead end: none of its answers leads to an '
            'existing question or outcome ("bakc", "hipp"), so a reader who gets here is stuck. '
            'Write the missing steps or point the answers to existing ones. Did you mean "back"?'
        )
    ]


def test_unknown_condition() -> None:
    broken = SMALL.replace("conditions: [sciatica]", "conditions: [sciatic, hip-oa]")
    # one message: "sciatica" is not reported again as uncovered
    assert lines(broken) == [
        (
            f'{P}:34:18: there is no condition "sciatic" (no file conditions/sciatic.yml). '
            'Did you mean "sciatica"?'
        )
    ]


def test_uncovered_condition_is_an_error_by_default() -> None:
    broken = SMALL.replace("conditions: [hip-oa]", "conditions: []")
    assert lines(broken) == [
        (
            f'{P}:25:1: no outcome names the condition "hip-oa" (conditions/hip-oa.yml), so the '
            "flowchart never points readers to it. Add it to the conditions: list of the outcome "
            "it is most often linked to."
        )
    ]


def test_uncovered_condition_is_a_warning_when_site_says_so() -> None:
    broken = SMALL.replace("conditions: [hip-oa]", "conditions: []")
    assert lines(broken, uncovered="warning") == [
        (
            f'{P}:25:1: warning: no outcome names the condition "hip-oa" (conditions/hip-oa.yml), '
            "so the flowchart never points readers to it. Add it to the conditions: list of the "
            "outcome it is most often linked to."
        )
    ]


def test_start_must_ask_about_the_most_urgent_list() -> None:
    message = (
        f'{P}:2:1: the first question ("red-flags") must ask about the warning signs of the most '
        'urgent tier, "emergency": give it asks_about: with a sign list of that tier (for '
        'example "emergency-signs"). Signs that need help now come before anything else.'
    )
    own_words = SMALL.replace("asks_about: emergency-signs", "question: Any warning signs?")
    assert screens(own_words) == [message]
    less_urgent = SMALL.replace("asks_about: emergency-signs", "asks_about: urgent-signs")
    assert screens(less_urgent) == [message]


def test_unknown_sign_list_is_one_message() -> None:
    # the start question asks about a misspelled list: reported there, not again as "the first
    # question must ask about the warning signs"
    broken = SMALL.replace("asks_about: emergency-signs", "asks_about: emergency-sign")
    assert screens(broken) == [
        (
            f'{P}:5:5: there is no sign list "emergency-sign" in red-flags.yml. Did you mean '
            '"emergency-signs"?'
        )
    ]


def test_unknown_outcome_tier() -> None:
    broken = SMALL.replace("tier: self-care", "tier: selfcare")
    assert screens(broken) == [
        (
            f'{P}:36:5: unknown care tier "selfcare"; it is not in care-tiers.yml. Did you mean '
            '"self-care"?'
        )
    ]
    broken = SMALL.replace("tier: self-care", "tier: whenever")
    assert screens(broken) == [
        (
            f'{P}:36:5: unknown care tier "whenever"; it is not in care-tiers.yml. The tiers are '
            '"emergency", "today", "soon", "routine", "self-care".'
        )
    ]


def test_start_must_exist() -> None:
    broken = SMALL.replace("start: red-flags", "start: red-flag")
    assert lines(broken) == [
        (
            f'{P}:2:1: start is "red-flag", but there is no question with that id. '
            'Did you mean "red-flags"?'
        )
    ]


def test_start_must_be_a_question() -> None:
    broken = SMALL.replace("start: red-flags", "start: now")
    assert lines(broken) == [
        (
            f'{P}:2:1: start is the outcome "now"; the flowchart must start with a question. '
            "Point start at the red-flag question."
        )
    ]


def test_duplicate_ids() -> None:
    broken = SMALL.replace("  - id: hip\n", "  - id: back\n")
    assert (
        f'{P}:35:5: the id "back" is already used on line 30; give each outcome its own '
        "id." in lines(broken)
    )
    clash = SMALL.replace("  - id: now\n", "  - id: where\n").replace("next: now", "next: where")
    assert (
        f'{P}:26:5: the id "where" names both a question (line 11) and an outcome, so '
        "answers cannot tell which one they lead to. Rename one of them." in lines(clash)
    )


def test_outcome_must_not_diagnose() -> None:
    broken = SMALL.replace("text: Call 999 now.", "text: You have cauda equina syndrome.")
    assert lines(broken) == [
        (
            f'{P}:29:5: the outcome "now" says "You have cauda equina syndrome"; a flowchart '
            "result must never tell the reader they have a condition. Say what to do, and that "
            "this pattern is often linked to the conditions listed, which a professional can "
            "confirm."
        )
    ]


def test_conditional_you_have_is_allowed() -> None:
    # "If you have new pain" (in SMALL) and "you have to" are not diagnoses
    ok = SMALL.replace("text: Call 999 now.", "text: If you have these signs, you have to call.")
    assert lines(ok) == []


def test_readability_warnings() -> None:
    same = SMALL.replace("next: shooting", "next: hip")
    assert (
        f'{P}:13:5: warning: every answer of "where" leads to "hip", so the question '
        "changes nothing. Point the answers to different steps, or remove the question."
        in lines(same)
    )
    two = SMALL.replace("Where does it hurt most?", "Where does it hurt? When?")
    assert lines(two) == [
        (
            f'{P}:12:5: warning: "where" asks more than one question; ask one thing per step so '
            "every answer is clear."
        )
    ]
    twice = SMALL.replace("label: Groin", "label: buttock")
    assert lines(twice) == [
        f'{P}:16:9: two answers of "where" say "buttock"; give each answer different words.'
    ]
