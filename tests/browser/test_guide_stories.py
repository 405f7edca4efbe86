"""Every reader story in content/scenarios.yml, walked through the step-by-step guide in Chromium.

The checks stage walks the same stories through the flowchart data; this test walks them the way a
reader does: it reads the question on screen, clicks the answer the story gives, and reads the
result card. It proves that the published page (guide.js + graph.json) behaves like the data
that was checked: the expected outcome, a tier at least as urgent as expected, never an outcome
the story must not reach, and "Start again" returning to the first question each time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hb_browser import DESKTOP, open_page, wait_ready
from hb_testlib import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]



def _walk(page: Any, graph: dict[str, Any], answers: dict[str, str]) -> tuple[str, list[str]]:
    """Click through the guide with ``answers``; return the outcome id and the questions asked."""
    guide = page.locator(".hb-guide")
    asked: list[str] = []
    nxt = graph["start"]
    for _ in range(len(graph["questions"]) + 1):
        if guide.locator(".hb-outcome").count():
            break
        # the step on screen is the node graph.json leads to from the answers so far
        assert nxt in graph["questions"], f"graph.json leads to {nxt}, the page shows a question"
        question = graph["questions"][nxt]
        text = guide.locator(".hb-guide__question").inner_text().strip()
        assert text == question["question"], f"{nxt}: the page asks {text!r}"
        qid = question["id"]
        asked.append(qid)
        assert qid in answers, f"the story has no answer for {qid!r} (asked so far: {asked})"
        labels = [b.strip() for b in guide.locator(".hb-guide__answer").all_inner_texts()]
        exact = [i for i, label in enumerate(labels) if label == answers[qid]]
        assert exact, f"{qid}: no answer button {answers[qid]!r}; the page offers {labels}"
        guide.locator(".hb-guide__answer").nth(exact[0]).click()
        nxt = next(a["next"] for a in question["answers"] if a["label"] == answers[qid])
    title = (guide.locator(".hb-outcome__title").text_content() or "").strip()
    tier_label = (guide.locator(".hb-outcome__action").text_content() or "").strip()
    # the card on screen is the outcome the last answer leads to in graph.json
    assert nxt in graph["outcomes"], f"the guide shows a result after {asked}, graph says {nxt}"
    outcome = graph["outcomes"][nxt]
    assert (title, tier_label) == (outcome["title"], outcome["tier_label"]), (title, outcome)
    return nxt, asked


def _judge(story: dict[str, Any], graph: dict[str, Any], outcome: str,
           asked: list[str]) -> list[str]:
    """What is wrong with where ``story`` ended (nothing: an empty list)."""
    tiers = [t["id"] for t in graph["tiers"]]  # most urgent first
    tier = graph["outcomes"][outcome]["tier"]
    expect = story["expect"]
    wrong = []
    if expect.get("outcome") and outcome != expect["outcome"]:
        wrong.append(f"{story['id']}: reached {outcome}, expected {expect['outcome']}")
    if expect.get("tier_at_least") and tiers.index(tier) > tiers.index(expect["tier_at_least"]):
        wrong.append(f"{story['id']}: {tier} is less urgent than {expect['tier_at_least']}")
    if outcome in expect.get("never", []):
        wrong.append(f"{story['id']}: reached {outcome}, which it must never reach")
    unused = sorted(set(story["answers"]) - set(asked))
    if unused:
        wrong.append(f"{story['id']}: answers for questions never asked: {unused}")
    return wrong


def _walk_all(browser: Any, url: str, graph: dict[str, Any],
              stories: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Walk every story on the guide at ``url``; return the report lines and what was wrong."""
    report: list[str] = []
    wrong: list[str] = []
    with open_page(browser, viewport=DESKTOP) as (page, _rec):
        page.goto(url)
        wait_ready(page)
        guide = page.locator(".hb-guide")
        guide.locator(".hb-guide__answer").first.wait_for(state="visible")
        first = guide.locator(".hb-guide__question").inner_text().strip()
        for story in stories:
            outcome, asked = _walk(page, graph, story["answers"])
            wrong += _judge(story, graph, outcome, asked)
            report.append(f"  {story['id']:38} {len(asked)} questions -> {outcome} "
                          f"({graph['outcomes'][outcome]['tier']})")
            guide.locator(".hb-guide__again").click()
            assert guide.locator(".hb-guide__question").inner_text().strip() == first
    return report, wrong


def _stories() -> list[dict[str, Any]]:
    stories = yaml.safe_load((ROOT / "content" / "scenarios.yml").read_text(encoding="utf-8"))
    return list(stories["scenarios"])


def test_every_reader_story_reaches_its_expected_care(
    browser: Any, base_url: str, site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = json.loads((site_dir / "flowchart" / "graph.json").read_text(encoding="utf-8"))
    stories = _stories()
    assert len(stories) >= 10
    report, wrong = _walk_all(browser, base_url + "/flowchart/", graph, stories)
    with capsys.disabled():
        print(f"\nreader stories walked in the browser ({len(stories)}):\n" + "\n".join(report))
    assert not wrong, "\n".join(wrong)


def _in_language(story: dict[str, Any], source: dict[str, Any],
                 graph: dict[str, Any]) -> dict[str, Any]:
    """The story with each answer given in the language's words: the answer at the same place
    of the same question (a translation changes words, never the answers' order or ends)."""
    by_id = {q["id"]: (key, q) for key, q in source["questions"].items()}
    answers = {}
    for qid, label in story["answers"].items():
        key, question = by_id[qid]
        place = [a["label"] for a in question["answers"]].index(label)
        answers[qid] = graph["questions"][key]["answers"][place]["label"]
    return {**story, "answers": answers}


@pytest.mark.parametrize("lang", ["cy", "ar"])
def test_every_reader_story_reaches_the_same_care_in_each_language(
    browser: Any, languages_url: str, languages_dir: Path, lang: str,
    capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's "every scenario walked in every language reaches the same outcome", in
    Chromium: the language's own guide, clicked by its own words."""
    source = json.loads((languages_dir / "flowchart" / "graph.json").read_text(encoding="utf-8"))
    graph = json.loads((languages_dir / lang / "flowchart" / "graph.json").read_text(
        encoding="utf-8"))
    stories = [_in_language(story, source, graph) for story in _stories()]
    changed = sum(s["answers"] != o["answers"] for s, o in zip(stories, _stories(), strict=True))
    assert changed == len(stories), "every story should be clicked in the language's words"
    report, wrong = _walk_all(browser, f"{languages_url}/{lang}/flowchart/", graph, stories)
    with capsys.disabled():
        print(f"\nreader stories walked in {lang} ({len(stories)}):\n" + "\n".join(report))
    assert not wrong, "\n".join(wrong)
