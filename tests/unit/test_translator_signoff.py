"""A translator's sign-off (issue 25, item 6) and texts shown untranslated (item 2): the
fingerprint of a source text and its translation, the sign-off file's schema, ``hipback
translations approve`` → ``check --publish``, and what pages and handouts say."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hb_testlib import BUNDLED, condition_page_html, copy_content, run_cli

from generator.checks import check_folder
from generator.emit.nav import disclaimer_html
from generator.model.signoff import TranslatorSignOff
from generator.model.translatable import content_units, fingerprint, translation_file
from generator.model.translation_signoff import text_fingerprint
from generator.resolve import resolve

TODAY = dt.date(2026, 12, 7)
WHO = ["--name", "Rhian Example", "--qualification", "MCIL CL", "--body", "CIOL",
       "--number", "123456", "--date", "2026-12-01"]


def test_the_fingerprint_binds_the_source_and_the_translation_together() -> None:
    base = text_fingerprint("Get help now", "Cael help nawr")
    assert re.fullmatch(r"[0-9a-f]{64}", base)
    assert base == text_fingerprint("Get help now", "Cael help nawr")
    assert base != text_fingerprint("Get help now!", "Cael help nawr")  # the source changed
    assert base != text_fingerprint("Get help now", "Cael help ar unwaith")  # the translation
    # no separator can make two pairs read alike
    assert text_fingerprint("a b", "c") != text_fingerprint("a", "b c")


def test_the_signoff_model_refuses_unknown_keys() -> None:
    doc = {"checked_by": {"name": "A", "qualification": "MITI", "professional_body": "ITI",
                          "membership_number": "1"},
           "date": "2026-12-01", "fingerprints": {"red-flags.yml#a/heading": "0" * 64}}
    assert TranslatorSignOff.model_validate(doc).checked_by.membership == "ITI 1"
    with pytest.raises(ValueError, match="extra"):
        TranslatorSignOff.model_validate({**doc, "signed_by": "A"})


def _errors(root: Path, *, publish: bool | None = None) -> list[str]:
    checked = check_folder(root, "content", today=TODAY, sign_off=publish)
    return [d.format() for d in checked.report.sorted()]


def test_a_bad_signoff_file_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    root = copy_content(tmp_path, BUNDLED)
    (root / "translations/cy/signoff.yml").write_text(
        "checked_by:\n  name: TBD\n  qualification: MCIL\n  professional_body: CIOL\n"
        "  membership_number: '1'\n  email: x@example.org\ndate: 2026-12-01\n"
        "fingerprints:\n  red-flags.yml#emergency-signs/heading: abc\n", encoding="utf-8")
    found = _errors(root)
    assert any(m.startswith("content/translations/cy/signoff.yml:6:3: ")
               and 'unknown key "email"' in m for m in found), found
    assert any(m.startswith("content/translations/cy/signoff.yml:9:3: ") for m in found), found
    # the file is the translator's sign-off, not a translation of a content file
    assert not [m for m in found if "there is no content file signoff.yml" in m]


def test_a_placeholder_translator_is_refused(tmp_path: Path) -> None:
    root = copy_content(tmp_path, BUNDLED)
    code, _out, _err = run_cli(["translations", "approve", "--lang", "cy", *WHO], cwd=tmp_path)
    assert code == 0
    path = root / "translations/cy/signoff.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Rhian Example", "TBD"),
                    encoding="utf-8")
    found = _errors(root)
    assert any(m.startswith("content/translations/cy/signoff.yml:8:3: ") and "TBD" in m
               for m in found), [m for m in found if "signoff" in m]


def _unchecked(err: str, lang: str) -> list[str]:
    return [line for line in err.splitlines() if "translation-unchecked" in line
            and f"translations/{lang}/" in line and line.split()[0] == "error"]


def test_approve_then_an_edited_welsh_red_flag_is_named_again(tmp_path: Path) -> None:
    root = copy_content(tmp_path, BUNDLED)
    check = ["check", "--publish", "--today", TODAY.isoformat()]
    _code, out, _err = run_cli(check, cwd=tmp_path)
    assert any("no qualified translator has checked the cy translation" in x
               for x in _unchecked(out, "cy"))
    assert _unchecked(out, "ar")  # the bundled Arabic has no sign-off either

    assert run_cli(["translations", "approve", "--lang", "cy"], cwd=tmp_path)[0] == 2  # nobody
    code, out, err = run_cli(["translations", "approve", "--lang", "cy", *WHO], cwd=tmp_path)
    assert code == 0, err
    signoff = yaml.safe_load((root / "translations/cy/signoff.yml").read_text(encoding="utf-8"))
    assert signoff["checked_by"]["name"] == "Rhian Example"
    assert "red-flags.yml#emergency-signs/heading" in signoff["fingerprints"]
    _code, out, _err = run_cli(check, cwd=tmp_path)
    assert not _unchecked(out, "cy"), _unchecked(out, "cy")
    assert _unchecked(out, "ar")

    flags = root / "translations/cy/red-flags.yml"
    text = flags.read_text(encoding="utf-8")
    assert "text: Cael help nawr\n" in text
    flags.write_text(text.replace("text: Cael help nawr\n", "text: Cael help ar unwaith\n", 1),
                     encoding="utf-8")
    _code, out, _err = run_cli(check, cwd=tmp_path)
    named = _unchecked(out, "cy")
    assert len(named) == 1, named
    assert "content/translations/cy/red-flags.yml:4:3" in named[0]
    assert '"emergency-signs/heading" of red-flags.yml changed since Rhian Example' in named[0]
    # without --publish it is a warning, not an error
    _code, out, _err = run_cli(check[:1] + check[2:], cwd=tmp_path)
    assert not _unchecked(out, "cy") and "translation-unchecked" in out


def test_an_english_red_flag_change_makes_both_translations_stale(tmp_path: Path) -> None:
    """Changing one English red-flag sentence names the Welsh and Arabic texts now stale, and
    voids the Welsh sign-off for it (the fingerprint covers the source text too)."""
    root = copy_content(tmp_path, BUNDLED)
    assert run_cli(["translations", "approve", "--lang", "cy", *WHO], cwd=tmp_path)[0] == 0
    flags = root / "red-flags.yml"
    text = flags.read_text(encoding="utf-8")
    flags.write_text(text.replace("heading: Get help now", "heading: Get help at once", 1),
                     encoding="utf-8")
    found = _errors(root, publish=True)
    for lang in ("cy", "ar"):
        assert any(f"translations/{lang}/red-flags.yml" in m and "translation-stale" in m
                   and '"emergency-signs/heading"' in m for m in found), lang
    cy = check_folder(root, "content", today=TODAY).localised["cy"]
    assert cy.translation is not None
    assert "red-flags.yml#emergency-signs/heading" in cy.translation.check.unchecked_safety


def _fill_safety_texts(root: Path, lang: str) -> None:
    """Give every safety text the language lacks a translation (its own words, for the test):
    a translator's sign-off names someone on the pages only once it covers every safety text."""
    checked = check_folder(root, "content", today=TODAY)
    assert checked.content is not None
    have = checked.translations.files[lang]
    for file, texts in content_units(checked.content).items():
        name = translation_file(file)
        done = have[name].data if name in have else {}
        extra = {k: {"source": fingerprint(u.text), "text": u.text}
                 for k, u in texts.items() if u.safety and k not in done}
        if extra:
            path = root / "translations" / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            old = path.read_text(encoding="utf-8") if path.is_file() else ""
            path.write_text(old + yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")


def test_pages_and_handouts_say_whether_a_translator_checked_them(tmp_path: Path) -> None:
    from generator.emit.flowchart import FlowchartBuild
    from generator.emit.pdf.html import build_html

    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>x</title></svg>'
    stub = FlowchartBuild(svg=svg, json="{}", markdown="", raw_svg=svg)  # drawn elsewhere
    root = copy_content(tmp_path, BUNDLED)
    before = resolve(check_folder(root, "content", today=TODAY).localised["cy"])
    assert "Nid yw cyfieithydd cymwysedig wedi gwirio" in disclaimer_html(before)
    assert "translation-check--none" in build_html(before, stub, only="sciatica")["sciatica"]
    english = resolve(check_folder(root, "content", today=TODAY).content)  # type: ignore[arg-type]
    assert english.translator_line is None and "hb-translation" not in disclaimer_html(english)

    _fill_safety_texts(root, "cy")
    assert run_cli(["translations", "approve", "--lang", "cy", *WHO], cwd=tmp_path)[0] == 0
    after = resolve(check_folder(root, "content", today=TODAY).localised["cy"])
    line = "Gwiriwyd y cyfieithiad hwn gan Rhian Example (MCIL CL, CIOL 123456)"
    assert line in disclaimer_html(after)
    handout = build_html(after, stub, only="sciatica")["sciatica"]
    assert line in handout and "translation-check--signed" in handout
    # and the language may now be published: no error names a Welsh file
    welsh = [m for m in _errors(root, publish=True) if "translations/cy" in m]
    assert not [m for m in welsh if m.split(": ")[1] != "warning"], welsh[:3]


def test_a_missing_text_shows_the_source_marked_as_not_yet_translated(tmp_path: Path) -> None:
    root = copy_content(tmp_path, BUNDLED)
    path = root / "translations/cy/conditions/sciatica.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    del entries["summary"]  # one non-safety text not translated
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    checked = check_folder(root, "content", today=TODAY)
    assert checked.content is not None and "cy" in checked.localised
    english = checked.content.conditions["sciatica"].summary
    r = resolve(checked.localised["cy"])
    assert r.conditions["sciatica"].summary == english
    _markdown, page = condition_page_html(r, "sciatica")
    marked = re.search(r'<span class="hb-untranslated" lang="en" dir="ltr">(.*?)</span>',
                       page, re.DOTALL)
    assert marked, page[:2000]
    assert english.split()[0] in marked.group(1)
    # said in words once, at the top of the page, not after every text
    assert page.count("Nid yw rhannau o&#x27;r dudalen hon wedi&#x27;u cyfieithu eto. Fe&#x27;u "
                      "dangosir yn Saesneg.") == 1, page[:1500]
    assert "hb-untranslated__note" not in page
    # with every text translated, no such sentence (the English site's page, here)
    _md, whole = condition_page_html(resolve(checked.content), "spinal-stenosis")
    assert "hb-untranslated" not in whole and "Nid yw rhannau" not in whole
    assert "<h1" in page and "Sciatica" in page
    # a translated text is not marked, and the English site marks nothing
    name = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert name and "hb-untranslated" not in name.group(1)
    _md, source_page = condition_page_html(resolve(checked.content), "sciatica")
    assert "hb-untranslated" not in source_page


def test_the_home_cards_say_once_that_some_are_not_yet_translated() -> None:
    """The bundled Welsh translates a few condition names and summaries: the untranslated cards
    are marked English, and the list says so once above them, not twice on every card."""
    from generator.emit.home import condition_cards_html

    checked = check_folder(BUNDLED, "content", today=TODAY)
    assert checked.content is not None
    welsh = condition_cards_html(resolve(checked.localised["cy"]), "index.md", level=2)
    marked = welsh.count('class="hb-untranslated" lang="en" dir="ltr"')
    assert marked >= 4, welsh[:1500]
    assert "hb-untranslated__note" not in welsh
    sentence = ("Nid yw rhai eitemau yn y rhestr hon wedi&#x27;u cyfieithu eto. Fe&#x27;u "
                "dangosir yn Saesneg.")
    assert welsh.count(sentence) == 1
    assert welsh.index(sentence) < welsh.index('class="hb-card"')
    english = condition_cards_html(resolve(checked.content), "index.md", level=2)
    assert "hb-untranslated" not in english and "not yet translated" not in english


def test_a_page_not_yet_translated_says_so_in_the_readers_language() -> None:
    from hb_testlib import site_page

    from generator.emit.markdown.renderer import Renderer
    from generator.emit.untranslated import mark_page
    from generator.text.rawhtml import seal

    checked = check_folder(BUNDLED, "content", today=TODAY)
    r = resolve(checked.localised["cy"])  # the bundled Welsh has no "about" page yet
    about = next(p for p in r.content.pages if p.slug == "about")
    page = Renderer(r).render_page(about.slug, about.title, about.description,
                                   mark_page(r, about.body))
    _meta, html = site_page(seal(page, "about.md"))
    assert html.startswith('<p class="hb-untranslated-page">Nid yw&#x27;r dudalen hon wedi&#x27;i '
                           "chyfieithu eto, felly fe&#x27;i dangosir yn Saesneg.</p>"), html[:300]
    assert '<div class="hb-untranslated" dir="ltr" lang="en">\n<h1' in html
    home = next(p for p in r.content.pages if p.slug == "index")  # translated: as it is
    assert mark_page(r, home.body) == home.body


def test_handouts_write_dates_the_languages_way() -> None:
    """A Welsh handout's review dates and a Welsh booklet's are in Welsh ("7 Rhagfyr 2026"),
    as the Welsh pages' are; the English ones as before."""
    from generator.emit.flowchart import FlowchartBuild
    from generator.emit.pdf.html import build_html
    from generator.resolve import format_date

    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'
    stub = FlowchartBuild(svg=svg, json="{}", markdown="", raw_svg=svg)
    checked = check_folder(BUNDLED, "content", today=TODAY)
    assert checked.content is not None
    reviewed = checked.content.conditions["sciatica"].review.last_reviewed
    welsh, english = format_date(reviewed, "cy"), format_date(reviewed, "en")
    assert welsh != english
    cy = build_html(resolve(checked.localised["cy"]), stub, only="sciatica")["sciatica"]
    en = build_html(resolve(checked.content), stub, only="sciatica")["sciatica"]
    assert welsh in cy and english not in cy
    assert english in en


def test_an_overview_without_its_diagram_says_so_in_papers_words() -> None:
    """Where the diagram's renderer cannot set the script (Arabic), the printed overview says so
    and points at the questions below it, not at the web page's step-by-step guide "above"."""
    from generator.emit.flowchart import FlowchartBuild
    from generator.emit.pdf.html import build_html

    undrawn = FlowchartBuild(svg="", json="{}", markdown="", raw_svg="")
    checked = check_folder(BUNDLED, "content", today=TODAY)
    arabic = build_html(resolve(checked.localised["ar"]), undrawn, only="overview")["overview"]
    missing = re.search(r'<p class="flow-missing">(.*?)</p>', arabic, re.DOTALL)
    assert missing, arabic[:2000]
    assert "الأسئلة المكتوبة أدناه" in missing.group(1)
    assert "الدليل خطوة بخطوة في الأعلى" not in arabic  # the web page's words
    assert arabic.index('class="flow-missing"') < arabic.index('class="steps-section"')
