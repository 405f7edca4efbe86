"""/how-we-check/: the safety rules and reader stories the flowchart is tested with, for readers.

Generated entirely from ``scenarios.yml`` and the walks the resolve stage made (the same walks the
checks proved), so the page can never claim a test that was not run: each story shows the answers
it gives, question by question, and the outcome it reaches with its tier's label, linked to that
outcome's card on /flowchart/.
"""

from __future__ import annotations

from ..resolve import Resolved, format_date
from ..text.escape import html_escape as e
from ..text.escape import md_escape
from ..text.rawhtml import raw_block
from .care import badge_html
from .flowchart.chart import question_text
from .fmt import fill_html
from .markdown.renderer import Renderer

PAGE = "how-we-check"


def _story_html(r: Resolved, scenario_id: str, story: str) -> str:
    """One reader story: the story, the answers it gives, and where it ends."""
    s = r.strings["how_we_check"]
    walk = r.walks[scenario_id]
    lines = [f'<section class="hb-story" id="story-{e(scenario_id)}">',
             f'<p class="hb-story__text">{e(story)}</p>']
    if walk.steps:
        lines.append('<details class="hb-story__answers">')
        lines.append(f"<summary>{e(s['story_answers'])}</summary>")
        lines.append("<ol>")
        for qid, answer in walk.steps:
            about = r.graph.questions[qid].asks_about
            topic = (f' <span class="hb-story__list">({e(r.sign_list(about).heading)})</span>'
                     if about else "")
            lines.append(f'<li><span class="hb-story__q">{e(question_text(r, qid))}</span>'
                         f'{topic} <strong class="hb-story__a">{e(answer)}</strong></li>')
        lines.append("</ol>")
        lines.append("</details>")
    if walk.outcome is not None:
        outcome = r.graph.outcomes[walk.outcome]
        tier = r.tier(outcome.tier)
        target = f'<a href="../flowchart/#outcome-{e(outcome.id)}">{e(outcome.title)}</a>'
        end = fill_html(s["story_reaches"], outcome=target, tier=badge_html(tier))
        lines.append(f'<p class="hb-story__end">{end}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def signoff_sentence(r: Resolved) -> str:
    """Whether a clinician has signed off the guide as it is now (from signoff.yml only)."""
    s = r.strings["how_we_check"]
    signed = r.guide_checked_by
    if signed is None:
        return str(s["not_reviewed"])
    return str(s["reviewed"]).format(name=signed.signed_by.name, role=signed.signed_by.role,
                                     date=format_date(signed.date))


def how_we_check_page(m: Renderer) -> str:
    """The page's Markdown: intro, the rules, the number of paths, then every story."""
    r = m.r
    s = r.strings["how_we_check"]
    scenarios = r.content.scenarios
    rules = "\n".join(f"- {md_escape(rule.says)}" for rule in scenarios.rules)
    stories = "\n".join(_story_html(r, x.id, x.story) for x in scenarios.scenarios)
    body = (
        f"# {md_escape(s['title'])}\n\n{md_escape(s['intro'])}\n\n"
        f"{md_escape(signoff_sentence(r))}\n\n"
        f"## {md_escape(s['rules_heading'])} {{#rules}}\n\n"
        f"{md_escape(s['rules_intro'].format(paths=r.path_count))}\n\n{rules}\n\n"
        f"## {md_escape(s['stories_heading'])} {{#stories}}\n\n"
        f"{md_escape(s['stories_intro'].format(count=len(scenarios.scenarios)))}\n\n"
        + raw_block(f'<div class="hb-stories">\n{stories}\n</div>') + "\n"
    )
    return m.render_page(PAGE, s["title"], s["description"], body, kind="how-we-check")
