"""The hazard log: the guide's clinical hazards in the form DCB0129 asks for, from the content.

For a clinical safety officer, not for readers: a page at /hazard-log/ (linked from "How we check
this guide", left out of the reader's navigation) and ``handouts/hazard-log.pdf`` (laid out by the
handout pipeline). Both show the same fragment, rendered once by a Jinja2 template with
autoescape on, so every content value is escaped where it lands.

It opens with the intended purpose and scope (site.yml ``description`` and ``scope``), the
clinical review status and the engine invariants, then has one row per sign list, per answer
that promises a tier, and per scope question: the hazard, its causes, its controls (the
invariants and the content's rules that prove the route, the question that screens it), the
evidence (the reader stories whose walks pass through it) and the residual risk (what the
proofs do not cover). A rule that repeats an invariant is listed once, as the invariant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..model.chart import paths_of
from ..model.invariants import Promise, Screen
from ..model.scenarios import Rule
from ..model.sitemap import HAZARD_LOG_PAGE
from ..resolve import Resolved
from ..text.escape import md_escape
from ..text.inline import prose_html
from ..text.rawhtml import raw_block
from .flowchart.chart import question_text
from .how_we_check import review_sentence, tiers_words
from .markdown.renderer import Renderer

PAGE = HAZARD_LOG_PAGE.removesuffix(".md")
TEMPLATES = Path(__file__).resolve().parent / "pdf" / "templates"
"""Where ``_hazard_log.html.j2`` lives (beside the handout templates, so it ships with them)."""


@dataclass(frozen=True, kw_only=True)
class Row:
    """One hazard (plain text everywhere: the template escapes it)."""

    id: str
    hazard: str
    causes: tuple[str, ...]
    controls: tuple[str, ...]
    evidence: tuple[str, ...]
    residual: tuple[str, ...]


class _Log:
    """Builds the rows of one guide's log."""

    def __init__(self, r: Resolved) -> None:
        self.r = r
        self.s: Mapping[str, Any] = r.strings["hazard_log"]
        self.paths = paths_of(r.content.flowchart)
        self.tiers = tiers_words(r)

    def t(self, key: str, **kw: object) -> str:
        return str(self.s[key]).format(**kw) if kw else str(self.s[key])

    def label(self, tier_id: str) -> str:
        return self.r.tier(tier_id).label

    def q(self, qid: str) -> str:
        """A question's words, with the heading of its sign list (lists share questions such
        as "Do any of these apply to you?")."""
        about = self.r.graph.questions[qid].asks_about
        words = question_text(self.r, qid)
        return f"{words} ({self.r.sign_list(about).heading})" if about else words

    def asked(self, qid: str) -> str:
        count = sum(1 for p in self.paths if any(q == qid for q, _a in p[:-1]))
        return self.t("control_asked", question=self.q(qid), count=count,
                      total=len(self.paths))

    def rules(self, found: tuple[Rule, ...]) -> list[str]:
        """Own rules in full; a rule that repeats an invariant only by its id, beside it."""
        repeated = set(map(id, self.r.safety.repeated))
        out = [self.t("control_same_rule", id=x.id) for x in found if id(x) in repeated]
        out += [self.t("control_rule", id=x.id, says=x.says) for x in found
                if id(x) not in repeated]
        return out

    def evidence(self, steps: list[tuple[str, str]]) -> tuple[str, ...]:
        seen = dict.fromkeys(sid for st in steps for sid in self.r.safety.stories_through(*st))
        out = []
        for sid in seen:
            outcome = self.r.walks[sid].outcome
            tier = self.label(self.r.graph.outcomes[outcome].tier) if outcome else ""
            out.append(self.t("evidence_story", id=sid, tier=tier))
        return tuple(out) or (self.t("evidence_none"),)

    def sign_list(self, list_id: str) -> Row:
        sl = self.r.sign_list(list_id)
        held = [p for p in self.r.safety.promises if p.sign_list == list_id]
        qids = list(dict.fromkeys(p.question for p in held))
        screen = next((x for x in self.r.safety.screens if x.kind == "list" and x.id == list_id),
                      None)
        causes = [self.t("cause_route")] if qids else [self.t("cause_not_asked")]
        if screen is not None and qids:
            causes.append(self.t("cause_skip", tiers=self.tiers))
        causes.append(self.t("cause_reader_list"))
        controls: list[str] = []
        for q in qids:
            controls.append(self.t("control_i1", question=self.q(q),
                                   tier=sl.tier.label))
            controls += self.rules(self._guarding([p for p in held if p.question == q]))
        if screen is not None and qids:
            controls.append(self.t("control_i2", tiers=self.tiers,
                                   question=self.q(qids[0])))
            controls += self.rules(self.r.safety.screening(screen, self.r.graph))
        controls += [self.asked(q) for q in qids]
        return Row(id="", hazard=self.t("hazard_list", heading=sl.heading, tier=sl.tier.label),
                   causes=tuple(causes), controls=tuple(dict.fromkeys(controls)),
                   evidence=self.evidence([(p.question, p.label) for p in held]),
                   residual=(self.t("residual_list"), self.t("residual_facts")))

    def _guarding(self, held: list[Promise]) -> tuple[Rule, ...]:
        found = [x for p in held for x in self.r.safety.guarding(p, self.r.graph)]
        return tuple({id(x): x for x in found}.values())

    def promise(self, p: Promise) -> Row:
        assert p.promised is not None
        question = self.q(p.question)
        tier = self.label(p.promised)
        controls = [self.t("control_i3", tier=tier), *self.rules(self._guarding([p])),
                    self.asked(p.question)]
        return Row(id="", hazard=self.t("hazard_promise", answer=p.label, question=question,
                                        tier=tier),
                   causes=(self.t("cause_answer_route"), self.t("cause_reader_answer")),
                   controls=tuple(controls), evidence=self.evidence([(p.question, p.label)]),
                   residual=(self.t("residual_answer"), self.t("residual_facts")))

    def scope(self, screen: Screen) -> Row:
        question = self.q(screen.id)
        controls = [self.t("control_i2", tiers=self.tiers, question=question),
                    *self.rules(self.r.safety.screening(screen, self.r.graph)),
                    self.asked(screen.id)]
        steps = [(screen.id, e.label) for e in self.r.graph.out_edges(screen.id)]
        return Row(id="", hazard=self.t("hazard_scope", question=question, tiers=self.tiers),
                   causes=(self.t("cause_skip", tiers=self.tiers), self.t("cause_scope")),
                   controls=tuple(controls), evidence=self.evidence(steps),
                   residual=(self.t("residual_scope"), self.t("residual_facts")))


def hazard_rows(r: Resolved) -> list[Row]:
    """Every row, numbered H1, H2 …: sign lists, promising answers, scope questions (file
    order, so a number only moves when the content does)."""
    log = _Log(r)
    rows = [log.sign_list(x.id) for x in r.sign_lists]
    rows += [log.promise(p) for p in r.safety.promises if p.promised is not None]
    rows += [log.scope(x) for x in r.safety.screens if x.kind == "scope"]
    return [Row(id=f"H{i}", hazard=x.hazard, causes=x.causes, controls=x.controls,
                evidence=x.evidence, residual=x.residual) for i, x in enumerate(rows, 1)]


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def hazard_log_html(r: Resolved, *, heading_level: int = 2) -> str:
    """The log's body as HTML (the page and the PDF both show it)."""
    s = r.strings["hazard_log"]
    link = r.links.public_resolver(r.site.public_url)
    scope = Markup(prose_html(r.site.scope, link=link)) if r.site.scope else None
    invariants = [s["invariant_1"], str(s["invariant_2"]).format(tiers=tiers_words(r)),
                  s["invariant_3"]]
    return _env().get_template("_hazard_log.html.j2").render(
        s=s, h=max(2, min(heading_level, 5)), purpose=r.site.description, scope=scope,
        review=review_sentence(r), invariants=invariants,
        invariants_intro=str(s["invariants_intro"]).format(paths=r.path_count),
        rows=hazard_rows(r))


def hazard_log_page(m: Renderer) -> str:
    """/hazard-log/: the title, the intro, then the log (a finished HTML block)."""
    r = m.r
    s = r.strings["hazard_log"]
    body = (f"# {md_escape(s['title'])}\n\n{md_escape(s['intro'])}\n\n"
            + raw_block(hazard_log_html(r)) + "\n")
    return m.render_page(PAGE, s["title"], s["description"], body, kind="hazard-log")
