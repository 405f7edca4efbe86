"""A :class:`~generator.emit.flowchart.Chart` for the emitter tests: the golden flowchart
(``tests/golden/flowchart/flowchart.yml``) with five care tiers and the sign list its first
question asks about. Built straight from YAML text, so no other content file is needed."""

from __future__ import annotations

from typing import Any

import yaml
from test_flowchart_fixtures import FIXTURE_CONDITIONS, FIXTURE_YAML, STRINGS, condition_url

from generator.emit.flowchart import Chart
from generator.model import Flowchart
from generator.model.graph import Graph
from generator.model.sitemap import Place, SiteMap
from generator.resolve import CareTier, SignList

TIERS = {
    t.id: t
    for t in (
        CareTier(id="emergency", rank=0, label="Emergency", title="Get help now",
                 action="Call 999 or go to A&E now.", colour="red"),
        CareTier(id="today", rank=1, label="Urgent", title="Get medical help today",
                 action="Call 111 or your GP surgery **today**.", colour="orange"),
        CareTier(id="soon", rank=2, label="Soon", title="See someone soon",
                 action="Ask to be seen this week.", colour="yellow"),
        CareTier(id="routine", rank=3, label="Routine", title="Book a routine appointment",
                 action="Book an appointment with your GP or a physiotherapist.", colour="blue"),
        CareTier(id="self-care", rank=4, label="Self-care", title="Look after yourself",
                 action="Look after yourself and watch for changes; see "
                 "[when to get help](when-to-get-help.md).", colour="green"),
    )
}

EMERGENCY_SIGNS = SignList(
    id="emergency-signs",
    tier=TIERS["emergency"],
    heading="Get help now",
    intro="Call 999 or go to A&E straight away if you have any of these:",
    question="Do you have any of these warning signs?",
    on_every_page=True,
    signs=(
        "numbness around your bottom or genitals",
        "new trouble peeing or pooing",
        "weakness in **both** legs",
        "pain after a bad fall (see [broken hip](conditions/hip-osteoarthritis.md))",
    ),
)


def fixture_chart(flowchart_yaml: str = FIXTURE_YAML, strings: Any = STRINGS) -> Chart:
    fc = Flowchart.model_validate(yaml.safe_load(flowchart_yaml))
    return Chart(
        fc=fc,
        graph=Graph.from_flowchart(fc),
        tiers=TIERS,
        sign_lists={EMERGENCY_SIGNS.id: EMERGENCY_SIGNS},
        condition_names=FIXTURE_CONDITIONS,
        condition_url=condition_url,
        data_condition_url=condition_url,
        strings=strings,
        link=SiteMap(pages=(), handouts=()).resolver("flowchart.md", Place.BODY),
        data_link=SiteMap(pages=(), handouts=()).resolver("flowchart.md", Place.PAGE),
    )
