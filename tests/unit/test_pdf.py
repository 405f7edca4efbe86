"""PDF handouts, the fast parts: the HTML each handout is made from, escaping, the cache.

WeasyPrint is not run here (tests/e2e/test_handouts.py renders the real PDFs). The flowchart SVG
is replaced by a stub so these tests never wait for the Mermaid renderer.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hb_testlib import ROOT, copy_content, signed

import generator.emit.pdf.booklet as pdfbooklet
import generator.emit.pdf.fonts as pdffonts
import generator.emit.pdf.html as pdfhtml
import generator.emit.pdf.views as pdfviews
import generator.emit.pdf.volumes as pdfvolumes
import generator.publish.handouts as pdfpub
from generator.checks import load_and_check
from generator.emit.flowchart import FlowchartBuild
from generator.emit.fmt import short_citation
from generator.model import sitemap
from generator.model.condition import Cited
from generator.model.content import Content
from generator.publish import pdfwork
from generator.resolve import Resolved, format_date
from generator.resolve import resolve as resolve_checked
from generator.text.escape import css_string
from generator.text.inline import prose_plain as prose_to_text

EVIL = '<script>alert("x")</script>'
STUB_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" id="my-svg" viewBox="0 0 10 10">'
    "<title>stub flowchart</title><text>stub</text></svg>"
)


PUBLIC_URL = "https://hip-or-back.org/"
"""A public address: the bundled placeholder (example.org) prints none (see the tests at the end)."""


def at_address(content: Content, url: str) -> Content:
    return dataclasses.replace(content, site=content.site.model_copy(update={"public_url": url}))


@pytest.fixture(scope="module")
def content(bundled_content: Content) -> Content:
    return at_address(bundled_content, PUBLIC_URL)


def resolve(content: Content) -> Resolved:
    return resolve_checked(content, readings=())  # handouts show no reading grade


STUB_FC = FlowchartBuild(svg=STUB_SVG, json="{}", markdown="", raw_svg=STUB_SVG)
"""The diagram itself is tested elsewhere (Mermaid takes seconds a render)."""


def html_of(content: Content, only: str | None = None) -> dict[str, str]:
    return pdfhtml.build_html(resolve(content), STUB_FC, only=only)


def render(content: Content, cache_dir: Path, **kw: Any) -> pdfpub.Handouts:
    return pdfpub.render_handouts(resolve(content), STUB_FC, cache_dir=cache_dir, **kw)


def ctx_of(content: Content) -> pdfviews.Ctx:
    return pdfviews.Ctx(r=resolve(content), flowchart=STUB_FC)


@pytest.fixture
def htmls(content: Content) -> dict[str, str]:
    return html_of(content)


def text_of(markup: str) -> str:
    """Visible text of an HTML string (tags dropped, entities decoded, whitespace folded)."""
    markup = re.sub(r"<style>.*?</style>", " ", markup, flags=re.DOTALL)
    markup = re.sub(r"</?(?:span|a|strong|em|time)\b[^>]*>", "", markup)  # inline: no gap
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def with_condition(content: Content, slug: str, **changes: Any) -> Content:
    cond = content.conditions[slug].model_copy(update=changes)
    return dataclasses.replace(content, conditions={**content.conditions, slug: cond})


# ------------------------------------------------------------------------------------ names


def test_handout_names_are_sorted_slugs_then_overview_hazard_log_and_booklet(
        content: Content) -> None:
    names = list(resolve(content).links.handouts)  # the site map's, which the handouts use
    assert names == sorted(content.conditions) + ["overview", "hazard-log", "booklet"]


@pytest.mark.parametrize("name", ["overview", "booklet", "hazard-log", "booklet-2", "booklet-17"])
def test_a_condition_named_like_a_general_handout_is_refused_at_validate(
        name: str, tmp_path: Path) -> None:
    """The clash is a validate error at the file (checks/names.py: the site map's reserved
    names), not a failure when the handouts are made."""
    root = copy_content(tmp_path)
    shutil.copy(root / "conditions" / "sciatica.yml", root / "conditions" / f"{name}.yml")
    _content, report = load_and_check(root)
    messages = [d.format() for d in report.errors]
    assert any(f'conditions/{name}.yml:1:1: the file name "{name}.yml" cannot be used' in m
               and f"/handouts/{name}.pdf" in m for m in messages), messages


def test_only_must_name_a_handout(content: Content, tmp_path: Path) -> None:
    with pytest.raises(pdfhtml.HandoutError, match="no handout"):
        html_of(content, only="sciatic")
    assert list(html_of(content, only="sciatica")) == ["sciatica"]


# ------------------------------------------------------------------------- condition HTML


def test_condition_handout_has_everything_a_reader_needs(
    content: Content, htmls: dict[str, str]
) -> None:
    site = content.site
    for slug, cond in content.conditions.items():
        page = htmls[slug]
        text = text_of(page)
        url = f"{site.public_url}conditions/{slug}/"
        assert cond.name in text
        assert prose_to_text(cond.summary) in text
        for item in [*cond.feels_like, *cond.worse_with, *cond.better_with, *cond.diagnosis,
                     *cond.self_care, *cond.avoid]:
            assert prose_to_text(item) in text, item
        for treatment in cond.treatment:
            said = treatment.text if isinstance(treatment, Cited) else treatment
            assert prose_to_text(said) in text, said
        # the red-flag box: every on-every-page sign list, as a care card of its tier
        for sl in content.red_flags.lists:
            if sl.on_every_page:
                assert f'id="condition-{slug}-signs-{sl.id}"' in page
                for sign in sl.signs:
                    assert prose_to_text(sign.text) in text
        # the condition's own reasons to get help, one card per tier
        for tier_id, items in cond.get_help.items():
            assert f'id="condition-{slug}-get-help-{tier_id}"' in page
            for item in items:
                assert prose_to_text(item) in text
        assert site.emergency_number in text
        assert "Emergency" in text and "Not yet reviewed by a clinician." in text
        assert format_date(cond.review.last_reviewed) in text
        assert format_date(cond.review.next_review) in text
        assert cond.review.reviewed_by in text
        assert url.removeprefix("https://") in text
        assert f'href="{url}"' in page
        assert 'class="qr"' in page  # the QR code
        assert f'id="map-{slug}"' in page  # the body map
        assert prose_to_text(site.disclaimer) in text
        by_id = {s.id: s for s in content.sources.sources}
        for source_id in cond.sources:
            assert by_id[source_id].title in text


def test_the_handout_and_the_web_map_print_the_one_resolved_legend(content: Content) -> None:
    """The map's own legend (cropped away on paper) and the handout's printed rows are the same
    rows, in the same words, with the same "one side" note: both come from ``Resolved.maps``."""
    both = with_condition(content, "sciatica", where_felt=content.conditions[
        "sciatica"].where_felt.model_copy(update={"sides": "both", "sometimes": []}))
    r = resolve(both)
    for slug in ("sciatica", "hip-osteoarthritis"):  # both sides, main only; one side, both rows
        legend = r.maps[slug].legend
        page = pdfhtml.build_html(r, STUB_FC, only=slug)[slug]
        printed = re.findall(r'<p class="legend-row legend-(\w+)">([^<]*)</p>', page)
        assert printed == [(row.kind, html.escape(row.label)) for row in legend.rows], slug
        svg = page[page.index(f'id="map-{slug}"'):page.index("</svg>", page.index(
            'class="bodymap-legend"'))]
        drawn = [" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", x))
                 for x in re.findall(r"<text>(.*?)</text>", svg)]
        assert drawn == [html.escape(row.label) for row in legend.rows], slug
        sides = r.strings["condition"][f"sides_{r.conditions[slug].where_felt.sides}"]
        said = f"{sides} {legend.note}".strip()
        assert f'<p class="side-note">{html.escape(said)}</p>' in page, slug
    assert [len(r.maps[x].legend.rows) for x in ("sciatica", "hip-osteoarthritis")] == [1, 2]
    assert r.maps["sciatica"].legend.note == ""
    assert r.maps["hip-osteoarthritis"].legend.note == r.strings["where"]["legend_one_side"]


def test_care_cards_say_their_tier_in_words_in_urgency_order(htmls: dict[str, str]) -> None:
    page = htmls["sciatica"]
    badges = re.findall(r'<span class="hb-care__badge">([^<]+)</span>', page)
    assert badges[:3] == ["Emergency", "Urgent", "Urgent"]  # the three on-every-page lists
    assert badges[3:] == ["Emergency", "Urgent", "Routine"]  # sciatica's own get_help
    assert (page.index('id="condition-sciatica-signs-emergency-signs"')
            < page.index('id="condition-sciatica-get-help-emergency"'))
    assert 'class="hb-care hb-care--red hb-care--signs hb-care--long"' in page


def test_treatment_lines_cite_their_sources(content: Content, htmls: dict[str, str]) -> None:
    page = htmls["sciatica"]
    nice = next(s for s in content.sources.sources if s.id == "nice-ng59")
    assert short_citation(nice.title, nice.publisher) == "NICE NG59"
    link = f'<a href="{html.escape(nice.url)}">NICE NG59</a>'
    treatment = [t for t in content.conditions["sciatica"].treatment if isinstance(t, Cited)]
    alone = f'<span class="cite">Source: {link}</span>'
    assert page.count(alone) == sum(1 for t in treatment if t.sources == ["nice-ng59"])
    assert page.count(link) == sum(1 for t in treatment if "nice-ng59" in t.sources)
    assert any(len(t.sources) > 1 for t in treatment)  # a line with two sources names both


def test_clinical_reviewer_line(content: Content) -> None:
    cond = content.conditions["sciatica"]
    assert "Not yet reviewed by a clinician" in html_of(content, only="sciatica")["sciatica"]
    page = html_of(signed(content), only="sciatica")["sciatica"]
    assert ("Checked by Ada Example, Consultant physiotherapist (HCPC PH000000) on "
            "1 December 2026" in text_of(page))
    assert "Not yet reviewed by a clinician" not in page
    # a get-help line changed after signing: the handout no longer claims the check
    later = with_condition(signed(content), "sciatica", get_help={
        **cond.get_help, "routine": ["Pain that has not eased after a month.",
                                     *cond.get_help.get("routine", [])]})
    assert "Not yet reviewed by a clinician" in html_of(later, only="sciatica")["sciatica"]


def test_condition_handout_metadata(content: Content, htmls: dict[str, str]) -> None:
    cond = content.conditions["sciatica"]
    page = htmls["sciatica"]
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">")
    assert re.search(r"<title>Sciatica – Hip or Back\?</title>", page)
    assert f'<meta name="author" content="{html.escape(content.site.publisher)}">' in page
    description = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert description and html.unescape(description.group(1)) == prose_to_text(cond.summary)
    iso = cond.review.last_reviewed.isoformat()
    assert f'<meta name="dcterms.created" content="{iso}">' in page
    assert f'<meta name="dcterms.modified" content="{iso}">' in page
    keywords = re.search(r'<meta name="keywords" content="([^"]*)">', page)
    assert keywords and "Sciatica" in keywords.group(1)


def test_the_font_is_the_sites_full_atkinson_hyperlegible_next(htmls: dict[str, str]) -> None:
    page = htmls["sciatica"]
    faces = re.findall(r"src: url\(\"([^\"]+)\"\)", page)
    assert [Path(f).name for f in faces] == [f.file for f in pdffonts.faces("en")]
    assert all(f.family == pdffonts.LATIN for f in pdffonts.faces("en"))
    site_fonts = ROOT / "overrides" / "assets" / "fonts"
    for face in faces:
        # relative to the base URL (the templates folder of whichever machine renders it)
        assert face.startswith("fonts/"), face
        assert (pdffonts.TEMPLATES / face).read_bytes() == (site_fonts / Path(face).name).read_bytes()
    assert 'font-family: "Atkinson Hyperlegible Next"' in page
    assert pdffonts.ARABIC not in page  # the Arabic font only where the language needs it


def test_no_path_of_this_machine_is_in_any_handout(content: Content,
                                                   htmls: dict[str, str]) -> None:
    """A job may run on another machine (Dask): nothing in it may point into this one."""
    fronts = [v.front for v in pdfbooklet.booklet_volumes(resolve(content), STUB_FC)]
    for page in [*htmls.values(), *fronts]:
        assert "file:" not in page
        assert str(ROOT) not in page


def test_fonts_are_package_data() -> None:
    """The font folder is shipped in the wheel (pyproject's package-data names it)."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = data["tool"]["setuptools"]["package-data"]["generator"]
    rel = pdffonts.FONT_DIR.relative_to(ROOT / "generator").as_posix()
    assert f"{rel}/*" in patterns
    for face in pdffonts.FACES:
        assert (pdffonts.FONT_DIR / face.file).is_file()


def test_paper_size_comes_from_site_settings(content: Content, tmp_path: Path) -> None:
    a4 = html_of(content, only="sciatica")["sciatica"]
    assert "size: A4;" in a4 and "size: A4 landscape;" in a4
    letter_site = content.site.model_copy(update={"paper_size": "Letter"})
    letter = html_of(dataclasses.replace(content, site=letter_site),
                            only="sciatica")["sciatica"]
    assert "size: letter;" in letter and "size: letter landscape;" in letter


def test_compact_layout_is_the_same_page_with_a_class(content: Content,
                                                      htmls: dict[str, str]) -> None:
    page = htmls["sciatica"]
    compact = pdfhtml.compact_html(resolve(content), STUB_FC, "sciatica")
    assert compact != page
    assert '<body class="doc-condition compact">' in compact
    assert compact.replace(' compact"', '"', 1) == page
    assert ".compact {" in page  # its styles travel with every condition handout


def test_page_numbers_and_running_header(htmls: dict[str, str]) -> None:
    page = htmls["sciatica"]
    assert 'content: "Page " counter(page) " of " counter(pages);' in page
    assert "content: string(run-title);" in page and "content: string(run-url);" in page
    assert 'data-run-title="Sciatica"' in page
    assert 'data-run-url="hip-or-back.org/conditions/sciatica/"' in page


def test_every_page_gets_a_running_title_and_url(htmls: dict[str, str]) -> None:
    for name, page in htmls.items():
        assert "data-run-title=" in page and "data-run-url=" in page, name
        # string-set is one property: an element setting both would lose one of them
        for tag in re.findall(r"<[a-z0-9]+\s[^>]*>", page):
            assert not ("data-run-title=" in tag and "data-run-url=" in tag), tag
        # WeasyPrint reports an ancestor's string on every page: never set them on the body
        assert not re.search(r"<(html|body)[^>]*data-run-", page)


# ---------------------------------------------------------------------------------- escaping


def test_content_text_is_escaped_everywhere(content: Content, tmp_path: Path) -> None:
    cond = content.conditions["sciatica"]
    evil = with_condition(
        content,
        "sciatica",
        name=f"Sciatica {EVIL}",
        also_called=[EVIL],
        # prose is validated on load; this bypasses validation to prove output escaping too
        summary=f"Plain words {EVIL} and a [bad link](javascript:alert(1)).",
        feels_like=[f"**Bold** {EVIL}"],
        review=cond.review.model_copy(update={"reviewed_by": EVIL}),
    )
    site = content.site.model_copy(update={"title": f"Hip {EVIL}", "publisher": EVIL})
    evil = dataclasses.replace(evil, site=site)
    out = html_of(evil)
    for volume in pdfbooklet.booklet_volumes(resolve(evil), STUB_FC):
        out[volume.name] = volume.front
    assert "booklet" in out
    for name, page in out.items():
        assert "<script" not in page.lower(), name
        assert "javascript:" not in page.lower(), name
        assert page.count("</style>") == 1, name  # nothing closes the style element early
    page = out["sciatica"]
    assert "&lt;script&gt;" in page
    assert "<strong>Bold</strong>" in page  # inline Markdown still works
    assert "Sciatica <script>" in text_of(page)  # …and the reader sees the words as written


def test_css_strings_cannot_escape(content: Content) -> None:
    assert css_string('a"b\\c</style>\n') == '"a\\22 b\\5c c\\3c /style\\3e \\a "'
    assert pdfhtml._page_of("Page {page} of {pages}") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert pdfhtml._page_of("{page}/{pages}") == 'counter(page) "/" counter(pages)'


def test_printed_urls_wrap_only_after_a_slash() -> None:
    parts = pdfhtml._url_parts("https://example.org/conditions/a-long-name/")
    assert text_of(str(parts)) == "example.org/conditions/a-long-name/"
    assert re.findall(r'<span class="url-part">([^<]*)</span>', parts) == [
        "example.org/", "conditions/", "a-long-name/"]


# ---------------------------------------------------------------------------------- overview


def test_overview_has_differences_table_flowchart_and_red_flags(
    content: Content, htmls: dict[str, str]
) -> None:
    page = htmls["overview"]
    text = text_of(page)
    for group in content.site.groups:
        assert group.title in text
    assert 'class="hb-compare-table"' in page
    assert 'class="wide compare-section"' in page  # the landscape page
    assert "@page wide" in page
    # the site's own diagram (one render), with the handout's ids
    assert "<title id=\"pdf-fc-title\">stub flowchart</title>" in page and 'id="pdf-fc"' in page
    for sl in content.red_flags.lists:
        for sign in sl.signs:
            assert prose_to_text(sign.text) in text
    assert content.site.emergency_number in text
    tiers = {t.id: t for t in content.tiers.tiers}
    for outcome in content.flowchart.outcomes:
        assert outcome.title in text
        assert f'data-tier="{outcome.tier}"><p class="outcome-title">' in page
        assert tiers[outcome.tier].label in text
        for slug in outcome.conditions:
            assert f"hip-or-back.org/conditions/{slug}/" in text
    lists = {sl.id: sl for sl in content.red_flags.lists}
    for question in content.flowchart.questions:
        assert (lists[question.asks_about].question if question.asks_about
                else str(question.question)) in text


def test_sign_list_questions_print_their_signs_right_under_them(content: Content) -> None:
    """Never "the warning signs listed below" pages away: the signs follow the question."""
    ctx = ctx_of(content)
    steps = pdfviews._steps(ctx)
    questions, _q, _o = pdfviews._flow_numbers(ctx)
    lists = {sl.id: sl for sl in content.red_flags.lists}
    assert len(steps) == len(questions) == len(content.flowchart.questions)
    for q, step in zip(questions, steps, strict=True):
        if q.asks_about:
            assert step["question"] == lists[q.asks_about].question
            assert [text_of(str(x)) for x in step["signs"]] == [
                prose_to_text(s.text) for s in lists[q.asks_about].signs]
        else:
            assert step["question"] == q.question and step["signs"] == []
    page = html_of(content, only="overview")["overview"]
    first = page.index('<ul class="step-signs">')
    assert page.index("Do you have any of these warning signs?") < first
    assert "listed below" not in page


def test_flowchart_steps_only_point_forward(content: Content, tmp_path: Path) -> None:
    ctx = ctx_of(content)
    steps = pdfviews._steps(ctx)
    assert [s["number"] for s in steps] == list(range(1, len(content.flowchart.questions) + 1))
    start = next(q for q in content.flowchart.questions if q.id == content.flowchart.start)
    assert start.asks_about
    assert steps[0]["question"] == next(
        sl.question for sl in content.red_flags.lists if sl.id == start.asks_about)
    for step in steps:
        for answer in step["answers"]:
            m = re.match(r"go to question (\d+)\.", answer["target"])
            if m:
                assert int(m.group(1)) > step["number"]
            else:
                assert answer["target"].startswith("see result ")


def test_clues_come_from_the_comparison_data(content: Content, tmp_path: Path) -> None:
    ctx = ctx_of(content)
    back, hip = pdfviews._clues(ctx, "back"), pdfviews._clues(ctx, "hip-joint")
    assert "Where it hurts: Pain travels down the leg" in back
    assert "What makes it worse: Putting weight on the leg" in hip
    assert not set(back) & set(hip)
    assert len(back) <= 5 and len(hip) <= 5


# ------------------------------------------------------------------------------------ booklet


def test_booklet_front_has_cover_and_a_contents_entry_per_part(content: Content) -> None:
    r = resolve(content)
    (volume,) = pdfbooklet.booklet_volumes(r, STUB_FC)
    assert volume.name == "booklet"
    front = volume.front
    assert 'class="cover"' in front and "Contents" in text_of(front)
    # the overview first, then every condition in table order (by group, then by name)
    assert [p.name for p in volume.parts] == ["overview", *r.order]
    assert volume.parts[0].group is None
    for part in volume.parts[1:]:
        cond = content.conditions[part.name]
        assert part.title == cond.name
        assert part.group == r.group_title(cond.group)
        assert part.url == f"{content.site.public_url}conditions/{part.name}/"
    # one slot per part, in order, each inside the link to the part's address (a span, not
    # the link's ::after, which WeasyPrint would tag as a second link inside the first)
    slots = re.findall(r'<a href="([^"]+)">[^<]*<span class="toc-page" data-page="@(\d+)">'
                       r'</span></a>', front)
    assert [(html.unescape(u), int(i)) for u, i in slots] == [
        (p.url, i) for i, p in enumerate(volume.parts)]
    for group in content.site.groups:
        if r.in_group(group.id):
            assert f'<span class="toc-heading">{html.escape(group.title)}</span>' in front
    # the front is numbered i, ii, …: the numbers never depend on its own length
    assert "counter(page, lower-roman)" in front
    filled = pdfbooklet.fill_pages(front, [1, 9, 11] + [13 + 2 * i for i in range(len(r.order) - 2)])
    assert 'data-page="@' not in filled
    assert (f'>{html.escape(volume.parts[1].title)}<span class="toc-page" data-page="9"></span>'
            '</a>') in filled
    with pytest.raises(ValueError, match="slots"):
        pdfbooklet.fill_pages(front, [1, 2])


def test_contents_slots_cannot_be_forged_by_content(content: Content) -> None:
    """A condition name that looks like a slot is escaped, so it is never filled in."""
    evil = with_condition(content, "sciatica", name='Sciatica data-page="@0"')
    (volume,) = pdfbooklet.booklet_volumes(resolve(evil), STUB_FC)
    assert 'data-page="@0"' in volume.front  # the real slot of the overview …
    assert volume.front.count('data-page="@') == len(volume.parts)  # … and no forged one


def test_volumes_split_the_conditions_evenly() -> None:
    assert sitemap.MAX_PER_VOLUME == 200
    assert pdfvolumes.volume_names(1) == pdfvolumes.volume_names(200) == ["booklet"]
    assert pdfvolumes.volume_names(201) == ["booklet-1", "booklet-2"]
    assert pdfvolumes.volume_names(1000) == [f"booklet-{i}" for i in range(1, 6)]
    order = [f"c{i:04d}" for i in range(1001)]
    runs = pdfvolumes.split(order)
    assert [len(x) for x in runs] == [167, 167, 167, 167, 167, 166]
    assert [x for run in runs for x in run] == order
    assert pdfvolumes.split(order[:7]) == [order[:7]]


def test_a_big_booklet_comes_in_volumes(content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemap, "MAX_PER_VOLUME", 5)
    r = resolve(content)
    n = len(content.conditions)
    count = -(-n // 5)
    names = [f"booklet-{i}" for i in range(1, count + 1)]
    assert list(r.links.handouts) == sorted(content.conditions) + [
        "overview", "hazard-log", *names]
    volumes = pdfbooklet.booklet_volumes(r, STUB_FC)
    assert [v.name for v in volumes] == names
    assert [p.name for v in volumes for p in v.parts if p.name != "overview"] == list(r.order)
    for i, v in enumerate(volumes, 1):
        assert v.parts[0].name == "overview"  # every volume starts with the overview
        assert len(v.parts) - 1 <= 5
        first, last = (content.conditions[v.parts[1].name].name,
                       content.conditions[v.parts[-1].name].name)
        assert f"Volume {i} of {count}: {html.escape(first)} to {html.escape(last)}" in v.front
        assert f"volume {i} of {count}" in v.front.split("</title>")[0]
    # the handouts page links every volume
    from generator.emit.tree import build_tree

    page = build_tree(r, STUB_FC)["handouts.md"].decode()
    for i, name in enumerate(names, 1):
        assert f'<a href="{name}.pdf" download>The complete booklet, volume {i} of {count}</a>' in page
    assert 'href="booklet.pdf"' not in page


# ------------------------------------------------------------------------- overview at large N


def test_overview_prints_the_whole_table_up_to_the_limit(content: Content) -> None:
    assert len(content.conditions) <= pdfviews.OVERVIEW_TABLE_MAX == 60
    page = html_of(content, only="overview")["overview"]
    assert 'class="hb-compare-table"' in page and "too many to compare" not in page
    for cond in content.conditions.values():
        assert page.count(html.escape(cond.name)) >= 2  # the table and the group's list
    assert not re.search(r"and \d+ more", text_of(page))


def test_the_printed_table_is_split_into_readable_tables(content: Content) -> None:
    """19 conditions in one printed table ran their names into each other; the overview prints
    tables of at most PRINT_COLUMNS_MAX conditions, each condition once, ids never repeated."""
    page = html_of(content, only="overview")["overview"]
    tables = re.findall(r'<table class="hb-compare-table">.*?</table>', page, re.DOTALL)
    columns = [re.findall(r'data-condition="([a-z0-9-]+)" data-group', t) for t in tables]
    assert len(tables) > 1 and all(0 < len(c) <= pdfviews.PRINT_COLUMNS_MAX for c in columns)
    assert sorted(s for c in columns for s in c) == sorted(content.conditions)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for table in tables:  # every cell names headers of its own table
        own = set(re.findall(r'\bid="([^"]+)"', table))
        named = {h for hs in re.findall(r'headers="([^"]+)"', table) for h in hs.split()}
        assert named <= own, sorted(named - own)


def test_print_columns_keep_groups_whole_where_they_fit() -> None:
    cols = [(f"a{i}", "a") for i in range(6)] + [(f"b{i}", "b") for i in range(9)] + [
        ("c0", "c"), (("d0", "d"))]
    tables = pdfviews.print_columns(cols, most=7)
    assert [len(t) for t in tables] == [6, 5, 6]  # a | b split evenly (5 + 4) | b's 4 + c + d
    assert tables[1] == [f"b{i}" for i in range(5)]
    assert [s for t in tables for s in t] == [s for s, _g in cols]


def test_overview_summarises_above_the_limit(content: Content,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfviews, "OVERVIEW_TABLE_MAX", 5)
    r = resolve(content)
    page = html_of(content, only="overview")["overview"]
    text = text_of(page)
    assert 'class="hb-compare-table"' not in page and "@page wide" in page
    assert 'class="wide compare-section"' not in page  # no landscape page left
    n = len(content.conditions)
    assert (f"This guide has {n} conditions, too many to compare side by side on paper. The "
            "full comparison table is online at hip-or-back.org/compare/") in text
    assert "listed at hip-or-back.org/conditions/" in text
    for group in content.site.groups:
        items = r.in_group(group.id)
        if len(items) > pdfviews.NAMES_SHOWN:
            shown = ", ".join(c.name for _s, c in items[:pdfviews.NAMES_SHOWN])
            assert f"{shown} and {len(items) - pdfviews.NAMES_SHOWN} more" in text
            assert items[-1][1].name not in page.split('class="pair groups"')[1].split(
                "</div>")[0]
    # outcomes name at most NAMES_SHOWN conditions, as links, then how many more
    for outcome in content.flowchart.outcomes:
        if len(outcome.conditions) > pdfviews.NAMES_SHOWN:
            extra = len(outcome.conditions) - pdfviews.NAMES_SHOWN
            last = content.conditions[outcome.conditions[pdfviews.NAMES_SHOWN - 1]].name
            assert f"{last} and {extra} more" in text
    # the warning signs and the flowchart stay whole
    for sl in content.red_flags.lists:
        for sign in sl.signs:
            assert prose_to_text(sign.text) in text


def test_the_overview_limit_is_documented() -> None:
    docs = (ROOT / "CONTENT-FORMAT.md").read_text(encoding="utf-8")
    limit = pdfviews.OVERVIEW_TABLE_MAX
    assert re.search(rf"more than {limit}\s+conditions", docs), "CONTENT-FORMAT.md"
    assert re.search(rf"{sitemap.MAX_PER_VOLUME}\s+conditions", docs)


# -------------------------------------------------------------------------------------- cache


def test_same_content_gives_the_same_html(content: Content, tmp_path: Path) -> None:
    assert html_of(content) == html_of(content)


def test_cache_key_follows_the_content(content: Content, tmp_path: Path) -> None:
    fp = pdfpub.environment_fingerprint("A4")

    def keys(c: Content) -> dict[str, str]:
        return {n: pdfpub.cache_key(h, fp) for n, h in html_of(c).items()}

    before = keys(content)
    after = keys(with_condition(content, "sciatica", summary="A different summary."))
    differ = {n for n in before if before[n] != after[n]}
    assert differ == {"sciatica"}
    assert pdfpub.environment_fingerprint("Letter") != fp
    assert pdfpub.cache_key("<html>", fp) != pdfpub.cache_key("<html>", pdfpub.environment_fingerprint(
        "Letter"))


# Stand-ins for the WeasyPrint and join steps. Rendering always happens in worker processes
# (forked, so the monkeypatched module attribute is what they run); module-level, to pickle.
def tiny_pdf(name: str) -> bytes:
    """A real one-page PDF naming ``name`` (the booklet counts its parts' pages)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Title"] = name
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def fake_render(job: Any) -> pdfwork.Done:
    return pdfwork.Done(name=job.name, pdf=tiny_pdf(job.name), pages=1,
                        compact=False, seconds=0.01, peak_mb=1.0)


def fake_join(job: Any) -> pdfwork.Done:
    body = b"+".join([job.front, *(p.pdf for p in job.parts)])
    return pdfwork.Done(name=job.name, pdf=b"%PDF-joined " + body, pages=len(job.parts),
                        compact=False, seconds=0.01, peak_mb=1.0)


def broken_render(job: Any) -> pdfwork.Done:
    raise RuntimeError("boom")


@pytest.fixture
def fake_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfpub, "_render_job", fake_render)
    monkeypatch.setattr(pdfpub, "_join_job", fake_join)


@pytest.mark.usefixtures("fake_workers")
def test_render_handouts_caches_and_prunes(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    names = resolve(content).links.handouts

    first = render(content, tmp_path, workers=1)
    assert sorted(first) == sorted(names)
    assert first.rendered == sorted(names) and first.cached == []
    for name, path in first.items():
        assert path.parent == tmp_path / "handouts" and path.name.startswith(f"{name}-")
        if name != "booklet":
            assert path.read_bytes() == tiny_pdf(name)
    # the booklet: its front laid out like a handout, then the cached handouts joined behind
    # it (the overview, then the conditions)
    order = resolve(content).order
    assert first["booklet"].read_bytes() == b"%PDF-joined " + b"+".join(
        [tiny_pdf("booklet.front"), *(first[n].read_bytes() for n in ["overview", *order])])
    assert set(first.worker_peak_mb) == set(names)

    second = render(content, tmp_path, workers=1)
    assert second.rendered == [] and second.cached == sorted(names)
    assert dict(second) == dict(first)

    changed = with_condition(content, "sciatica", summary="A different summary.")
    third = render(changed, tmp_path, workers=1)
    assert third.rendered == ["booklet", "sciatica"]
    assert third["sciatica"] != first["sciatica"]
    assert not first["sciatica"].exists()  # the old version was pruned
    assert len(list((tmp_path / "handouts").glob("*.pdf"))) == len(names)

    only = render(content, tmp_path, only="sciatica", workers=1)
    assert list(only) == ["sciatica"] and only.rendered == ["sciatica"]
    assert capsys.readouterr().err == ""  # no progress bar unless asked for


@pytest.mark.usefixtures("fake_workers")
def test_only_the_booklet_renders_its_missing_parts(content: Content, tmp_path: Path) -> None:
    first = render(content, tmp_path, only="booklet", workers=1)
    assert list(first) == ["booklet"]
    assert first.rendered == sorted([*content.conditions, "overview", "booklet"])
    again = render(content, tmp_path, only="booklet", workers=1)
    assert again.rendered == [] and again.cached == ["booklet"]
    # one part gone from the cache: only it is rendered again, and the booklet (same key) not
    sciatica = render(content, tmp_path, only="sciatica", workers=1)["sciatica"]
    sciatica.unlink()
    third = render(content, tmp_path, only="booklet", workers=1)
    assert third.rendered == [] and third.cached == ["booklet"]
    first["booklet"].unlink()
    fourth = render(content, tmp_path, only="booklet", workers=1)
    assert fourth.rendered == ["booklet", "sciatica"]
    assert fourth["booklet"].read_bytes() == first["booklet"].read_bytes()


def test_any_executor_runs_the_jobs(content: Content, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The jobs are plain data: a thread pool (no fork, no pickling) gives the same cache."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(pdfpub, "_render_job", fake_render)
    monkeypatch.setattr(pdfpub, "_join_job", fake_join)
    with ThreadPoolExecutor(2) as pool:
        threaded = render(content, tmp_path / "a", executor=pool)
        assert not pool._shutdown  # the caller's executor is left running
    local = render(content, tmp_path / "b", workers=2)
    assert {n: p.name for n, p in threaded.items()} == {n: p.name for n, p in local.items()}
    for name in local:
        assert threaded[name].read_bytes() == local[name].read_bytes()


def test_a_worker_with_other_fonts_or_versions_refuses(content: Content) -> None:
    html = html_of(content, only="sciatica")["sciatica"]
    job = pdfwork.RenderJob(name="sciatica", html=html, paper="A4", fingerprint="0" * 64)
    with pytest.raises(pdfhtml.HandoutError, match="differ from those of the machine"):
        pdfwork.render_job(job)


@pytest.mark.usefixtures("fake_workers")
def test_progress_bar_goes_to_stderr(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    render(content, tmp_path, workers=1, progress=True)
    out = capsys.readouterr()
    assert out.out == ""
    total = len(resolve(content).links.handouts)
    assert f"{total}/{total}" in out.err and "\r" in out.err and out.err.endswith("\n")


def test_a_failed_render_names_the_handout(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfpub, "_render_job", broken_render)
    with pytest.raises(pdfhtml.HandoutError, match="could not render the handout sciatica: boom"):
        render(content, tmp_path, only="sciatica", workers=1)


# ------------------------------------------------------------- no public address (placeholder)


@pytest.mark.parametrize("placeholder", ["https://hiporback.example.org/",
                                         "http://localhost:8000/"])
def test_a_placeholder_address_is_never_printed(content: Content, placeholder: str) -> None:
    """The bundled example.org address builds a preview, but a QR code or footer pointing at
    it would send a reader nowhere: handouts then print no address at all."""
    offline = at_address(content, placeholder)
    host = placeholder.split("/")[2]
    pages = html_of(offline)
    assert set(pages) >= {"overview", "hazard-log", *content.conditions}
    for name, page in pages.items():
        assert host not in page, name  # neither printed nor as a link's address
        assert 'class="qr"' not in page and 'class="online"' not in page, name
        runs = re.findall(r'data-run-url="([^"]*)"', page)
        assert runs and set(runs) == {""}, name
    overview = text_of(pages["overview"])
    assert "Each cell shows a symbol and a word." in overview
    assert "online at" not in overview and "answer the questions online" not in overview
    assert 'class="condition-pages"' not in pages["overview"]
    (volume,) = pdfbooklet.booklet_volumes(resolve(offline), STUB_FC)
    assert 'class="cover-url"' not in volume.front and host not in text_of(volume.front)


def test_a_public_address_is_printed_with_its_qr_code(htmls: dict[str, str]) -> None:
    page = htmls["sciatica"]
    assert 'class="qr"' in page and "hip-or-back.org/conditions/sciatica/" in text_of(page)
    assert "<title>QR code that opens https://hip-or-back.org/conditions/sciatica/</title>" in page


def test_prose_links_to_pages_keep_only_their_words_without_an_address() -> None:
    from generator.model.sitemap import SiteMap

    public_resolver = SiteMap(pages=(), handouts=()).public_resolver
    assert public_resolver(PUBLIC_URL)("compare.md#x") == PUBLIC_URL + "compare/#x"
    assert public_resolver(None)("compare.md") is None
    assert public_resolver(None)("https://www.nhs.uk/") == "https://www.nhs.uk/"


def test_a_conditions_compact_layouts_are_made_when_its_job_is_handed_out(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Planning every render makes no compact or tight copy of any handout (three copies of
    each at N=1,000 in three languages held about a gigabyte); handing one out makes its own."""
    from generator.publish import handoutsets

    made: list[str] = []
    real = handoutsets.compact_html

    def counting(r: Resolved, fc: FlowchartBuild, slug: str) -> str:
        made.append(slug)
        return real(r, fc, slug)

    monkeypatch.setattr(handoutsets, "compact_html", counting)
    laid = handoutsets.lay_out(
        handoutsets.HandoutSet(prefix="", r=resolve(content), flowchart=STUB_FC), None)
    paths = handoutsets.cache_paths(tmp_path, laid, "fp")
    planned = handoutsets.jobs(laid, set(laid.htmls), paths, paper="A4", fingerprint="fp")
    assert len(planned) == len(laid.htmls) and made == []
    # held packed until then: the same text back, in a fraction of the memory
    whole = pdfhtml.build_html(resolve(content), STUB_FC)
    assert {name: laid.html(name) for name in laid.htmls} == whole
    assert sum(map(len, laid.htmls.values())) * 2 < sum(map(len, whole.values()))
    sciatica = next(p for p in planned if p.name == "sciatica").make()
    assert made == ["sciatica"]
    assert sciatica.max_pages == pdfhtml.MAX_CONDITION_PAGES
    assert sciatica.compact and sciatica.tight and sciatica.compact != sciatica.html
    overview = next(p for p in planned if p.name == "overview").make()
    assert overview.compact is None and overview.max_pages is None and made == ["sciatica"]


def test_each_language_is_laid_out_when_its_turn_comes(
        content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A translation's content is made, and its handouts laid out, only once every job of the
    sets before it has been handed out: the build holds one language's at a time, not every
    language's for the whole pass (publish/handoutsets.py). The result is the same."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(pdfpub, "_render_job", fake_render)
    monkeypatch.setattr(pdfpub, "_join_job", fake_join)
    events: list[str] = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            events.append(args[0].name)
            return super().submit(fn, *args, **kwargs)

    def maker(lang: str) -> Any:
        def make() -> tuple[Resolved, FlowchartBuild]:
            events.append(f"make {lang}")
            return resolve(content), STUB_FC
        return make

    with Recording(2) as pool:
        lazy = render(content, tmp_path / "lazy", executor=pool, progress=True,
                      languages={"cy": maker("cy"), "ar": maker("ar")})
    handouts = [e for e in events if not e.endswith(pdfpub.FRONT)]  # fronts jump the queue
    ar, cy = handouts.index("make ar"), handouts.index("make cy")
    assert 0 < ar < cy < len(handouts) - 1
    assert all("/" not in name for name in handouts[:ar])  # the source's, then Arabic's, …
    assert all(name.startswith("ar/") for name in handouts[ar + 1:cy])
    assert all(name.startswith("cy/") for name in handouts[cy + 1:])
    done = len(lazy.rendered)  # every handout and booklet of every set
    assert f" {done}/{done} " in capsys.readouterr().err  # the bar counted every set
    eager = render(content, tmp_path / "eager", workers=1,
                   languages={lang: (resolve(content), STUB_FC) for lang in ("cy", "ar")})
    assert {n: p.name for n, p in lazy.items()} == {n: p.name for n, p in eager.items()}
    assert {lang: {n: p.name for n, p in pdfs.items()} for lang, pdfs in lazy.languages.items()} \
        == {lang: {n: p.name for n, p in pdfs.items()} for lang, pdfs in eager.languages.items()}
    assert sorted(lazy.rendered) == sorted(eager.rendered)
