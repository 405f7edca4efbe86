"""/how-we-check/: what the checks prove about this guide, what they cannot, and the stories.

Generated from the same facts the checks prove (:mod:`generator.resolve.safety`, built on
:mod:`generator.model.invariants`) and the walks the resolve stage made, so the page can never
claim a check that was not run. It speaks about the paths through the guide, never about a
reader's health: no sentence reads as a guarantee. In order:

* who reviewed it (from the sign-off file, ``Resolved.guide_checked_by``, or "No clinician has reviewed this guide yet");
* the engine invariants, made concrete: the questions every path to the least urgent tiers asks
  first, where each "yes" to a sign list always leads, and the answers that promise a tier;
* the content's own rules, each once (a rule that repeats an invariant is shown as the
  invariant);
* what the checks cannot show, and a link to the hazard log for clinical safety officers;
* every reader story: the answers it gives and where it ends, linked to that outcome's card.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model.sitemap import FLOWCHART, HAZARD_LOG_PAGE, HOW_WE_CHECK, Place
from ..resolve import CareTier, Resolved
from ..text.escape import md_escape
from ..text.rawhtml import raw_block
from .care import badge_html
from .flowchart.chart import question_text
from .flowchart.mermaid import outcome_anchor
from .fmt import fill_html
from .fragments import render
from .markdown.renderer import Renderer

PAGE = HOW_WE_CHECK.removesuffix(".md")


def _story_html(r: Resolved, scenario_id: str, story: str) -> str:
    """One reader story: the story, the answers it gives, and where it ends."""
    s = r.strings["how_we_check"]
    walk = r.walks[scenario_id]
    end = None
    if walk.outcome is not None:
        outcome = r.graph.outcomes[walk.outcome]
        href = r.links.href(HOW_WE_CHECK, FLOWCHART, outcome_anchor(outcome.id), Place.BODY)
        end = Markup(fill_html(s["story_reaches"],
                               outcome=render("link.html.j2", href=href, text=outcome.title),
                               tier=badge_html(r.tier(outcome.tier))))
    steps = [(Markup(question_html(r, qid)), answer) for qid, answer in walk.steps]
    return render("check-story.html.j2", s=s, id=scenario_id, story=story, steps=steps, end=end)


def question_html(r: Resolved, qid: str) -> str:
    """A question's words, and the heading of the sign list it asks about (lists often share
    the same question, "Do you have any of these signs?")."""
    about = r.graph.questions[qid].asks_about
    return render("check-question.html.j2", text=question_text(r, qid),
                  topic=r.sign_list(about).heading if about else None)


def _check(r: Resolved, qid: str, *, answer: str | None = None, tier: CareTier | None = None,
           scope: str | None = None) -> dict[str, object]:
    """One line of a check list: the question, the answer given, the tier it promises at
    least (a badge), a note on its scope."""
    at_least = None
    if tier is not None:
        at_least = Markup(fill_html(r.strings["how_we_check"]["at_least"],
                                    tier=badge_html(tier)))
    return {"question": Markup(question_html(r, qid)), "answer": answer, "tier": at_least,
            "scope": scope}


def tiers_words(r: Resolved) -> str:
    """The least urgent tiers' labels, for "every path that ends in … first asks"."""
    s = r.strings["how_we_check"]
    labels = [r.tier(t).label for t in r.safety.low]
    if len(labels) < 2:
        return labels[0] if labels else ""
    return str(s["tiers_or"]).format(first=labels[0], second=labels[1])


def screens_html(r: Resolved) -> str:
    """I2 made concrete: the questions every path to the least urgent tiers asks first."""
    s = r.strings["how_we_check"]
    items = [_check(r, qid, scope=s["scope_note"] if screen.kind == "scope" else None)
             for screen in r.safety.screens for qid in screen.questions[:1]]
    if not items:
        return render("check-list.html.j2", intro=s["screens_none"], items=[])
    return render("check-list.html.j2", items=items,
                  intro=str(s["screens_intro"]).format(tiers=tiers_words(r)))


def promises_html(r: Resolved) -> str:
    """I1 and I3 made concrete: where each "yes" always leads, and what answers promise."""
    s = r.strings["how_we_check"]
    yes: dict[str, dict[str, object]] = {}
    promised: list[dict[str, object]] = []
    for p in r.safety.promises:
        if p.sign_list is not None:
            # keyed by the list: a list asked on two branches is one promise, shown once
            yes.setdefault(p.sign_list,
                           _check(r, p.question, tier=r.sign_list(p.sign_list).tier))
        if p.promised is not None:
            promised.append(_check(r, p.question, answer=p.label, tier=r.tier(p.promised)))
    out = []
    if yes:
        out.append(render("check-list.html.j2", intro=s["yes_intro"], items=list(yes.values())))
    if promised:
        out.append(render("check-list.html.j2", intro=s["promise_intro"], items=promised))
    return "\n".join(out)


def review_sentence(r: Resolved) -> str:
    """Whether a clinician has signed off the guide as it is now (from signoff.yml only): who and
    when while every safety part is as it was signed, else that no clinician has reviewed it."""
    s = r.strings["how_we_check"]
    signed = r.guide_checked_by
    if signed is None:
        return str(s["not_reviewed"])
    return str(s["reviewed"]).format(name=signed.signed_by.name, role=signed.signed_by.role,
                                     date=r.date(signed.date))


def how_we_check_page(m: Renderer) -> str:
    """The page's Markdown (see the module docstring for its parts)."""
    r = m.r
    s = r.strings["how_we_check"]
    scenarios = r.content.scenarios
    rules = "\n".join(f"- {md_escape(rule.says)}" for rule in r.safety.rules)
    if r.safety.repeated:
        rules += ("\n\n" if rules else "") + md_escape(
            str(s["rules_repeated"]).format(count=len(r.safety.repeated)))
    rules_part = (f"{md_escape(s['rules_intro'])}\n\n{rules}" if r.safety.rules
                  else f"{md_escape(s['rules_none'])}" + (f"\n\n{rules}" if rules else ""))
    limits = "\n".join(f"- {md_escape(x)}" for x in s["limits"])
    stories = render("blocks.html.j2", name="hb-stories", parts=[
        Markup(_story_html(r, x.id, x.story)) for x in scenarios.scenarios])
    checks = render("blocks.html.j2", name="hb-invariants",
                    parts=[Markup(screens_html(r)), Markup(promises_html(r))])
    body = (
        f"# {md_escape(s['title'])}\n\n"
        f"{md_escape(str(s['intro']).format(paths=r.path_count))}\n\n"
        f"## {md_escape(s['review_heading'])} {{#review}}\n\n"
        f"{md_escape(review_sentence(r))}\n\n"
        f"## {md_escape(s['invariants_heading'])} {{#invariants}}\n\n"
        f"{md_escape(s['invariants_intro'])}\n\n"
        + raw_block(checks) + "\n\n"
        f"## {md_escape(s['rules_heading'])} {{#rules}}\n\n{rules_part}\n\n"
        f"## {md_escape(s['limits_heading'])} {{#limits}}\n\n"
        f"{md_escape(s['limits_intro'])}\n\n{limits}\n\n"
        f"{md_escape(s['hazard_log'])} [{md_escape(s['hazard_log_link'])}]"
        f"({m.r.links.href(HOW_WE_CHECK, HAZARD_LOG_PAGE, place=Place.MARKDOWN)})\n\n"
        f"## {md_escape(s['stories_heading'])} {{#stories}}\n\n"
        f"{md_escape(str(s['stories_intro']).format(count=len(scenarios.scenarios)))}\n\n"
        + raw_block(stories) + "\n"
    )
    return m.render_page(PAGE, s["title"], s["description"], body, kind="how-we-check")
