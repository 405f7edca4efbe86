"""The reader-facing pages of format v2: condition pages, care cards, placeholders, the "How we
check this guide" page and the navigation, built from the bundled content and read back the way
MkDocs reads them (Python-Markdown with the site's extensions)."""

from __future__ import annotations

import dataclasses
import json
import re
from html import unescape
from typing import Any

import jinja2
import pytest
from hb_testlib import condition_page_html, signed, site_html

from generator.emit import care
from generator.emit.how_we_check import how_we_check_page
from generator.emit.markdown import condition
from generator.emit.markdown.condition import sections
from generator.emit.markdown.renderer import Renderer
from generator.emit.nav import nav
from generator.model.condition import Cited
from generator.model.content import Content
from generator.resolve import CareTier, Resolved, SignList, resolve
from generator.resolve.bodymap import view_labels
from generator.text.inline import prose_plain
from generator.text.rawhtml import seal


@pytest.fixture(scope="module")
def r(bundled_content: Content) -> Resolved:
    return resolve(bundled_content, readings=())


def page_of(r: Resolved, slug: str) -> tuple[str, str]:
    """A condition page: (its Markdown, the HTML of its body as the reader gets it)."""
    return condition_page_html(r, slug)


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# ------------------------------------------------------------------ condition pages


def test_condition_page_sections_in_order_with_on_this_page_links(r: Resolved) -> None:
    for slug, cond in r.conditions.items():
        md, html = page_of(r, slug)
        assert "hide: [toc]" in md.split("\n---\n", 1)[0]
        expected = sections(r, cond, compared=True)
        ids = re.findall(r'<h2 id="([^"]+)"', html)
        assert ids == [s.id for s in expected], slug
        onpage = re.search(r'<nav class="hb-onpage".*?</nav>', html, re.DOTALL)
        assert onpage, slug
        assert re.findall(r'href="#([^"]+)"', onpage.group(0)) == ids
        # summary, on-this-page list and map come before the first section
        assert html.index("hb-summary") < onpage.start() < html.index("hb-bodymap") < (
            html.index('id="where-felt"'))
        assert "&lt;section" not in html and "&lt;div" not in html  # raw HTML passed through


def test_when_to_get_help_is_every_page_list_then_the_conditions_own_tiers(r: Resolved) -> None:
    _md, html = page_of(r, "sciatica")
    block = html[html.index('id="when-to-get-help"'):html.index('id="self-care"')]
    cards = re.findall(r'<section class="hb-care hb-care--(\w+) hb-care--([\w-]+)[^"]*" '
                       r'id="([^"]+)" data-tier="([^"]+)">', block)
    everywhere = care.by_urgency(r.everywhere)
    own = r.get_help("sciatica")
    assert [c[2] for c in cards] == [f"signs-{x.id}" for x in everywhere] + [
        f"get-help-{t.id}" for t, _items in own]
    assert [c[3] for c in cards] == [x.tier.id for x in everywhere] + [t.id for t, _ in own]
    assert [c[0] for c in cards] == [x.tier.colour for x in everywhere] + [
        t.colour for t, _ in own]
    # the badge says the tier in words; the action leads the condition's own cards
    text = words(block)
    for t, items in own:
        assert f"{t.label} {t.title}" in text
        assert prose_plain(t.action) in text
        for item in items:
            assert prose_plain(item) in text


def test_do_and_dont_side_by_side(r: Resolved) -> None:
    _md, html = page_of(r, "sciatica")
    block = html[html.index('<div class="hb-dodont">'):html.index('id="diagnosis"')]
    assert block.index("hb-dodont__col--do") < block.index("hb-dodont__col--dont")
    cond = r.conditions["sciatica"]
    assert len(re.findall(r"<li>", block)) == len(cond.self_care) + len(cond.avoid)
    assert "✓</span> Do</p>" in block and "✗</span> Don't</p>" in unescape(block)


def test_a_heading_missing_from_the_list_of_sections_cannot_be_written(
    r: Resolved, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The template writes each heading's words and {#id} from sections(): a heading the list
    lacks stops the page instead of shipping without its "On this page" link."""
    real = condition.sections
    monkeypatch.setattr(condition, "sections", lambda *a, **k: [
        x for x in real(*a, **k) if x.key != "diagnosis"])
    with pytest.raises(jinja2.UndefinedError):
        page_of(r, "sciatica")


def test_a_condition_without_avoid_has_only_do(r: Resolved, bundled_content: Content) -> None:
    cond = bundled_content.conditions["sciatica"].model_copy(update={"avoid": []})
    plain = dataclasses.replace(bundled_content,
                                conditions={**bundled_content.conditions, "sciatica": cond})
    _md, html = page_of(resolve(plain, readings=()), "sciatica")
    assert "hb-dodont__col--dont" not in html and 'id="avoid"' not in html
    assert 'href="#avoid"' not in html


def test_treatment_items_cite_their_sources(r: Resolved, bundled_content: Content) -> None:
    _md, html = page_of(r, "hip-osteoarthritis")
    block = html[html.index('id="treatment"'):html.index('<h2', html.index('id="treatment"') + 5)]
    items = [unescape(x) for x in re.findall(r"<li>(.*?)</li>", block, re.DOTALL)]
    cond = bundled_content.conditions["hip-osteoarthritis"]
    assert len(items) == len(cond.treatment)
    by_id = {s.id: s for s in bundled_content.sources.sources}
    for item, t in zip(items, cond.treatment, strict=True):
        if isinstance(t, Cited):
            cite = re.search(r'<span class="hb-cite">Source: (.*?)</span>', item)
            assert cite, item
            assert re.findall(r'href="([^"]+)"', cite.group(1)) == [by_id[i].url for i in t.sources]
        else:
            assert "hb-cite" not in item
    assert ">NICE NG226</a>" in block


def test_where_felt_says_one_side_or_both(r: Resolved) -> None:
    s = r.strings["condition"]
    for slug, cond in r.conditions.items():
        _md, html = page_of(r, slug)
        block = html[html.index('id="where-felt"'):html.index('id="how-it-causes"')]
        assert s[f"sides_{cond.where_felt.sides}"] in block, slug
    _md, html = page_of(r, "sciatica")  # the heading comes from the content's strings.yml
    assert '<h2 id="how-it-causes">How it causes pain around the hip</h2>' in html


def _jsonld(md: str) -> dict[str, Any]:
    ld = json.loads(re.search(r"hb_jsonld: (.*)", md).group(1))  # type: ignore[union-attr]
    out: dict[str, Any] = json.loads(
        ld.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&"))
    return out


def test_clinical_reviewer_line_comes_only_from_the_signoff(
        r: Resolved, bundled_content: Content) -> None:
    md, html = page_of(r, "sciatica")
    assert ('<p class="hb-clinical hb-clinical--none">Not yet reviewed by a clinician.</p>'
            in html)
    assert not any(x.get("@type") == "Person" for x in _jsonld(md)["reviewedBy"]
                   if isinstance(x, dict))
    r2 = resolve(signed(bundled_content), readings=())
    md2, html2 = page_of(r2, "sciatica")
    assert ('<p class="hb-clinical hb-clinical--signed">Checked by Ada Example, Consultant '
            "physiotherapist (HCPC PH000000) on 1 December 2026</p>") in html2
    assert {"@type": "Person", "name": "Ada Example",
            "jobTitle": "Consultant physiotherapist"} in _jsonld(md2)["reviewedBy"]


def test_a_change_after_the_signoff_takes_the_line_off_the_pages_it_touches(
        bundled_content: Content) -> None:
    """A get-help line of one condition changed after signing: that page is no longer checked,
    the others still are; a sign list shown on every page changed: none is."""
    before = signed(bundled_content)
    cond = before.conditions["sciatica"]
    tier = next(iter(cond.get_help))
    changed = cond.model_copy(update={"get_help": {
        **cond.get_help, tier: ["A new reason to get help.", *cond.get_help[tier]]}})
    after = dataclasses.replace(before, conditions={**before.conditions, "sciatica": changed})
    r = resolve(after, readings=())
    assert r.checked_by("sciatica") is None and r.guide_checked_by is None
    assert "Not yet reviewed by a clinician." in page_of(r, "sciatica")[1]
    other = next(s for s in bundled_content.conditions if s != "sciatica")
    assert "Checked by Ada Example" in page_of(r, other)[1]
    first = before.red_flags.lists[0]
    sign = first.signs[0].model_copy(update={"text": first.signs[0].text + " today"})
    flags = before.red_flags.model_copy(update={"lists": [
        first.model_copy(update={"signs": [sign, *first.signs[1:]]}),
        *before.red_flags.lists[1:]]})
    r3 = resolve(dataclasses.replace(before, red_flags=flags), readings=())
    assert all(r3.checked_by(slug) is None for slug in bundled_content.conditions)


def test_jsonld_stays_valid_schema_org(r: Resolved) -> None:
    md, _html = page_of(r, "sciatica")
    ld = json.loads(re.search(r"hb_jsonld: (.*)", md).group(1))  # type: ignore[union-attr]
    data = json.loads(ld)
    assert data["@type"] == "MedicalWebPage" and data["about"]["@type"] == "MedicalCondition"
    assert data["reviewedBy"] == {"@type": "Organization", "name": "Hip or Back? editorial team"}
    assert all("*" not in x["name"] for x in data["about"]["signOrSymptom"])


# ------------------------------------------------------------------ care cards


TIER = CareTier(id="t", rank=0, label="Urgent <now>", title='Get "help"', action="Call **111**.",
                colour="orange")


def test_card_escapes_plain_text_and_renders_prose() -> None:
    sl = SignList(id="x", tier=TIER, heading="A & B", intro="If <any>:", question="Q?",
                  on_every_page=True, signs=("**bold** sign", "[link](compare.md)"))
    html = care.sign_list_card(sl, link=lambda t: "../compare/", level=2)
    assert '<section class="hb-care hb-care--orange hb-care--signs" id="signs-x" data-tier="t">'\
        in html
    assert ('<h2 class="hb-care__title"><span class="hb-care__badge">Urgent &lt;now&gt;</span> '
            '<span class="hb-care__heading">A &amp; B</span></h2>') in html
    assert '<p class="hb-care__intro">If &lt;any&gt;:</p>' in html
    assert "<li><strong>bold</strong> sign</li>" in html
    assert '<li><a href="../compare/">link</a></li>' in html
    assert "\n\n" not in html  # one raw HTML block


def test_long_lists_are_marked_for_two_columns() -> None:
    sl = SignList(id="x", tier=TIER, heading="H", intro="I", question="Q?", on_every_page=True,
                  signs=tuple(f"sign {i}" for i in range(care.LONG_LIST)))
    assert "hb-care__list--long" in care.sign_list_card(sl, link=None)
    short = dataclasses.replace(sl, signs=sl.signs[:2])
    assert "--long" not in care.sign_list_card(short, link=None)


# ------------------------------------------------------------------ placeholders


def test_red_flag_and_care_tier_placeholders(r: Resolved) -> None:
    m = Renderer(r)
    body = "# Title\n\nIntro\n\n{{ red-flags }}\n\n## Levels\n\n{{ care-tiers }}\n\n" \
           "## One\n\n{{ red-flags: serious-causes }}\n"
    out = seal(m.render_page("when", "T", "D", body))
    html = site_html(out)
    ids = re.findall(r'<section class="hb-care[^"]*" id="([^"]+)"', html)
    lists = care.by_urgency(r.sign_lists)
    assert ids == ([f"signs-{x.id}" for x in lists] + [f"tier-{t}" for t in r.tiers]
                   + ["signs-serious-causes"])
    # heading levels follow the page: under the h1 the cards are h2, under an h2 they are h3
    first = html[html.index('id="signs-'):]
    assert first.index('<h2 class="hb-care__title">') < first.index("</section>")
    tiers = html[html.index('id="tier-'):]
    assert tiers.index('<h3 class="hb-care__title">') < tiers.index("</section>")
    assert 'aria-label="How urgent is it?"' in html
    assert "{{" not in html


# ------------------------------------------------------------------ how we check this guide


def test_how_we_check_page(r: Resolved) -> None:
    md = how_we_check_page(Renderer(r))
    html = site_html(md)
    text = words(html)
    sc = r.content.scenarios
    for rule in r.safety.rules:  # a rule that repeats an invariant is shown as the invariant
        assert " ".join(rule.says.split()) in text
    assert f"every possible path through the step-by-step guide, {r.path_count} in all" in text
    assert "No clinician has reviewed this guide yet." in text
    for sl in r.sign_lists:  # where each "yes" leads, by the tier's label
        if any(p.sign_list == sl.id for p in r.safety.promises):
            assert f"({sl.heading}) : at least {sl.tier.label}" in text
    for bad in ("must never", "always safe", "guarantee"):
        assert bad not in text.lower()
    assert f"{len(sc.scenarios)} stories are walked" in text
    stories = re.findall(r'<section class="hb-story" id="story-([^"]+)">(.*?)</section>',
                         html, re.DOTALL)
    assert [s for s, _ in stories] == [x.id for x in sc.scenarios]
    for (sid, block), scenario in zip(stories, sc.scenarios, strict=True):
        walk = r.walks[sid]
        assert walk.outcome is not None, sid
        assert f'href="../flowchart/#outcome-{walk.outcome}"' in block
        tier = r.tier(r.graph.outcomes[walk.outcome].tier)
        assert f'class="hb-badge hb-care--{tier.colour}" data-tier="{tier.id}">{tier.label}<' \
            in block
        assert len(re.findall(r"<li>", block)) == len(walk.steps)
        assert " ".join(scenario.story.split()) in words(block)
    assert "hb_kind: how-we-check" in md


def test_how_we_check_says_whether_a_clinician_signed_the_guide(
        r: Resolved, bundled_content: Content) -> None:
    assert "No clinician has reviewed this guide yet." in how_we_check_page(Renderer(r))
    md = how_we_check_page(Renderer(resolve(signed(bundled_content), readings=())))
    assert "No clinician has reviewed" not in md
    assert ("The safety content of this guide was checked by Ada Example, Consultant "
            "physiotherapist, on 1 December 2026.") in md.replace("\\", "")


def test_about_lists_a_clinician_only_from_the_signoff(
        r: Resolved, bundled_content: Content) -> None:
    assert "No page has been checked by a clinician yet." in Renderer(r).review_process()
    about = Renderer(resolve(signed(bundled_content), readings=())).review_process()
    assert "**Pages checked by a clinician&#58;** Ada Example (Consultant physiotherapist), " \
        "1 December 2026" in about and "No page has been checked" not in about


def test_nav_has_how_we_check_after_the_flowchart(r: Resolved) -> None:
    entries = [next(iter(e.values())) for e in nav(r)]
    assert entries.index("how-we-check.md") == entries.index("flowchart.md") + 1
    # the hazard log is for clinical safety officers: linked from how-we-check, not in the nav
    assert "hazard-log.md" not in json.dumps(nav(r))
    assert "(hazard-log.md)" in how_we_check_page(Renderer(r))


# ------------------------------------------------------------------ body map words


def test_view_labels_come_from_the_artwork_unless_the_content_says_otherwise(
    r: Resolved, bundled_content: Content,
) -> None:
    assert r.view_labels == r.bodymap.view_labels == ("Front", "Back")
    assert all(tuple(x.text for x in m.labels) == ("Front", "Back") for m in r.maps.values())
    # the content's strings.yml decides, even when it repeats the engine's own default words
    for front in ("Devant", r.strings["where"]["view_front"]):
        where = {**r.strings["where"], "view_front": front}
        own = dataclasses.replace(bundled_content, strings={**r.strings, "where": where},
                                  own_strings={"where": {"view_front": front}})
        assert view_labels(own, r.bodymap) == (front, r.strings["where"]["view_back"])
    no_words = dataclasses.replace(r.bodymap, view_labels=None)
    assert view_labels(bundled_content, no_words) == (
        r.strings["where"]["view_front"], r.strings["where"]["view_back"])
