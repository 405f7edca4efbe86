"""Translations (issue 25): the texts a translation may give, stale/missing/orphan checks, and
the gettext PO round trip translators' tools rely on."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polib
import pytest
from hb_testlib import BUNDLED, ROOT, copy_content, run_cli

from generator.checks import check_folder
from generator.load.folder import load_folder
from generator.model.translatable import fingerprint, source_units

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def units() -> dict[str, dict[str, object]]:
    folder, _report = load_folder(BUNDLED)
    assert folder is not None
    return source_units(folder.yaml)  # type: ignore[return-value]


def test_texts_are_keyed_by_ids_where_the_source_has_them(units: dict) -> None:
    flags = units["red-flags.yml"]
    assert "emergency-signs/signs/both-legs/text" in flags
    assert all(u.safety for u in flags.values())
    chart = units["flowchart.yml"]
    assert "who/question" in chart and "who/answers/child-signs/label" in chart
    sciatica = units["conditions/sciatica.yml"]
    assert {"name", "summary", "feels_like/1", "get_help/today/1"} <= set(sciatica)
    assert sciatica["get_help/today/1"].safety and not sciatica["summary"].safety
    assert units["site.yml"]["scope"].safety and not units["site.yml"]["title"].safety
    # structure is never a text: ids, tiers, where an answer leads, colours, sources
    every = [k for f in units.values() for k in f]
    assert not [k for k in every if k.endswith(("/next", "/tier", "/id", "/colour", "/sources"))]
    assert "sources.yml" not in units


def _translate(root: Path, lang: str, file: str, entries: dict[str, tuple[str, str]]) -> Path:
    path = root / "translations" / lang / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{k}:\n  source: '{fp}'\n  text: {text}\n"
                            for k, (fp, text) in entries.items()), encoding="utf-8")
    return path


def _untranslated(tmp_path: Path) -> Path:
    """A copy of the bundled content without its translations: these tests start a language
    from nothing, whatever the bundled content translates today."""
    root = copy_content(tmp_path, BUNDLED)
    shutil.rmtree(root / "translations", ignore_errors=True)
    return root


def _messages(root: Path, *, publish: bool = False) -> list[str]:
    checked = check_folder(root, "content", today=TODAY, sign_off=publish or None)
    return [d.format() for d in checked.report.sorted()]


def test_stale_missing_and_orphaned(tmp_path: Path) -> None:
    root = _untranslated(tmp_path)
    heading = "Get help now"
    _translate(root, "cy", "red-flags.yml", {
        "emergency-signs/heading": (fingerprint(heading), "Cael help nawr"),
        "emergency-signs/question": ("0" * 12, "Oes gennych chi unrhyw un o'r arwyddion hyn?"),
        "emergency-signs/sings/both-legs/text": (fingerprint("x"), "y"),
    })
    found = _messages(root)
    stale = [m for m in found if "translation-stale" in m]
    assert len(stale) == 1 and "red-flags.yml:5:3" in stale[0], stale
    assert 'the text now reads: "Do you have any of these warning signs?"' in stale[0]
    assert "warning" in stale[0]  # validate: stale is a warning, the build goes on
    orphan = [m for m in found if "sings" in m]
    assert orphan and 'Did you mean "emergency-signs/signs/both-legs/text"?' in orphan[0]
    assert ": warning:" not in orphan[0]  # a key that names no text is an error
    assert any("text(s) of red-flags.yml are not translated into cy" in m for m in found)
    assert any("content file(s) are not translated into cy yet" in m for m in found)


def test_publish_refuses_stale_and_missing_safety_texts_by_name(tmp_path: Path) -> None:
    root = _untranslated(tmp_path)
    _translate(root, "cy", "red-flags.yml", {
        "emergency-signs/question": ("0" * 12, "Oes gennych chi unrhyw un o'r arwyddion hyn?")})
    found = [m for m in _messages(root, publish=True) if "warning" not in m.split(": ")[1]]
    assert any('older version of "emergency-signs/question"' in m for m in found), found[:3]
    assert any('the safety text "emergency-signs/heading" of red-flags.yml has no cy' in m
               for m in found)
    assert any('"get_help/today/1" of conditions/sciatica.yml' in m for m in found)


def test_a_bad_language_folder_and_a_stray_file(tmp_path: Path) -> None:
    root = _untranslated(tmp_path)
    (root / "translations" / "Welsh").mkdir(parents=True)
    (root / "translations" / "cy").mkdir()
    (root / "translations" / "cy" / "notes.txt").write_text("x", encoding="utf-8")
    _translate(root, "cy", "nothing.yml", {"a": (fingerprint("a"), "b")})
    found = _messages(root)
    assert any('"Welsh" is not a language tag' in m for m in found)
    assert any("notes.txt:1:1: a translation folder holds .yml files" in m for m in found)
    assert any("there is no content file nothing.yml" in m for m in found)


def test_po_round_trip_is_byte_identical_and_stale_is_fuzzy(tmp_path: Path) -> None:
    root = _untranslated(tmp_path)
    po_file = tmp_path / "cy.po"
    assert run_cli(["translations", "export", "--lang", "cy", "--content", str(root),
                    "--po", str(po_file)])[0] == 0
    po = polib.pofile(str(po_file))
    entry = po.find("Get help now", msgctxt="red-flags.yml#emergency-signs/heading")
    assert entry is not None and "safety" in entry.comment
    assert entry.occurrences and entry.occurrences[0][0] == "red-flags.yml"
    entry.msgstr = "Cael help nawr"
    other = po.find("Do you have any of these warning signs?",
                    msgctxt="red-flags.yml#emergency-signs/question")
    other.msgstr = "Oes gennych chi unrhyw un o'r arwyddion hyn?"
    po.save(str(po_file))
    code, out, err = run_cli(["translations", "import", "--lang", "cy", "--content", str(root),
                              "--po", str(po_file)])
    assert code == 0, err
    assert "read 2 translation(s)" in out and "1 file(s) changed" in out
    saved = (root / "translations" / "cy" / "red-flags.yml").read_bytes()
    assert saved.startswith(b"# yaml-language-server: $schema=../../../schemas/")
    # export -> import with no edits: nothing changes, byte for byte
    assert run_cli(["translations", "export", "--lang", "cy", "--content", str(root),
                    "--po", str(po_file)])[0] == 0
    code, out, _ = run_cli(["translations", "import", "--lang", "cy", "--content", str(root),
                            "--po", str(po_file)])
    assert "0 file(s) changed" in out
    assert (root / "translations" / "cy" / "red-flags.yml").read_bytes() == saved
    # the source changes: the export marks the translation fuzzy, the import keeps it stale
    flags = root / "red-flags.yml"
    flags.write_text(flags.read_text(encoding="utf-8").replace(
        "heading: Get help now", "heading: Get help straight away", 1), encoding="utf-8")
    run_cli(["translations", "export", "--lang", "cy", "--content", str(root),
             "--po", str(po_file)])
    stale = polib.pofile(str(po_file)).find(
        "Get help straight away", msgctxt="red-flags.yml#emergency-signs/heading")
    assert stale is not None and "fuzzy" in stale.flags and stale.msgstr == "Cael help nawr"
    run_cli(["translations", "import", "--lang", "cy", "--content", str(root),
             "--po", str(po_file)])
    assert (root / "translations" / "cy" / "red-flags.yml").read_bytes() == saved
    assert any("translation-stale" in m for m in _messages(root))


def test_a_bad_language_code_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = run_cli(["translations", "export", "--lang", "Welsh", "--content",
                               str(BUNDLED), "--po", str(tmp_path / "x.po")])
    assert code == 2 and "not a language tag" in err


def _po_translate(root: Path, tmp_path: Path, lang: str, texts: dict[str, str]) -> None:
    """Translate ``texts`` (msgctxt → words) through the PO round trip translators use."""
    po_file = tmp_path / f"{lang}.po"
    run_cli(["translations", "export", "--lang", lang, "--content", str(root), "--po",
             str(po_file)])
    po = polib.pofile(str(po_file))
    for entry in po:
        if entry.msgctxt in texts:
            entry.msgstr = texts[entry.msgctxt]
    po.save(str(po_file))
    code, _out, err = run_cli(["translations", "import", "--lang", lang, "--content", str(root),
                               "--po", str(po_file)])
    assert code == 0, err


def test_each_language_is_its_own_checked_content(tmp_path: Path) -> None:
    root = _untranslated(tmp_path)
    _po_translate(root, tmp_path, "cy", {
        "flowchart.yml#emergency-signs/answers/get-help-now/label": "Ydw",
        "flowchart.yml#emergency-signs/answers/who/label": "Nac ydw",
        "red-flags.yml#emergency-signs/heading": "Cael help nawr",
        "pages/index.md#title": "Clun neu gefn?",
    })
    checked = check_folder(root, "content", today=TODAY)
    assert checked.ok, [d.format() for d in checked.report.errors]
    welsh = checked.localised["cy"]
    assert welsh.site.language == "cy"
    assert welsh.red_flags.lists[0].heading == "Cael help nawr"
    assert [a.label for a in welsh.flowchart.questions[0].answers] == ["Ydw", "Nac ydw"]
    assert next(p for p in welsh.pages if p.slug == "index").title == "Clun neu gefn?"
    # structure is the source's; untranslated texts stay in the source language
    assert [q.id for q in welsh.flowchart.questions] == [
        q.id for q in checked.content.flowchart.questions]
    assert welsh.red_flags.lists[0].intro == checked.content.red_flags.lists[0].intro
    # the reader stories walk the Welsh words to the same ends (checks/languages.py)
    story = next(s for s in welsh.scenarios.scenarios if s.id == "painless-foot-drop")
    assert story.answers["emergency-signs"] == "Nac ydw"
    # a build keeps the languages' content, not the translation files they were made from
    kept = checked.for_build()
    assert kept.localised is checked.localised and checked.translations.files["cy"]
    assert not kept.translations.files and kept.content is checked.content
    assert checked.for_build(languages=False).localised == {}


def test_a_translation_the_rules_refuse_is_reported_at_its_entry(tmp_path: Path) -> None:
    root = _untranslated(tmp_path)
    _po_translate(root, tmp_path, "cy", {
        "conditions/sciatica.yml#summary": "Gweler [y dudalen](there-is-no-such-page.md).",
        "flowchart.yml#who/answers/child-signs/label": "Rhywun arall",
        "flowchart.yml#who/answers/pregnancy-emergencies/label": "Rhywun arall",
    })
    checked = check_folder(root, "content", today=TODAY)
    found = [d.format() for d in checked.report.errors]
    assert any(m.startswith("content/translations/cy/conditions/sciatica.yml:") and
               "in the cy translation:" in m and "there-is-no-such-page.md" in m
               for m in found), found
    assert any('two answers of "who" say "Rhywun arall"' in m for m in found), found
    assert "cy" not in checked.localised  # a language with errors is not built


def test_the_bundled_translations_are_current_and_cover_the_guide() -> None:
    """The bundled Welsh and Arabic follow today's English: nothing stale or orphaned, every
    text of the guide, its sign lists and care tiers translated, and each home page says that no
    qualified translator has checked it (issue 25, item 7)."""
    found = _messages(BUNDLED, publish=True)
    assert not [m for m in found if "translation-stale" in m]
    errors = [m for m in found if "warning" not in m.split(": ")[1]]
    for lang in ("cy", "ar"):
        for file in ("flowchart.yml", "red-flags.yml", "care-tiers.yml", "site.yml",
                     "conditions/sciatica.yml", "pages/index.yml"):
            assert not [m for m in errors if f"translations/{lang}/{file}" in m], (lang, file)
    assert "Nid yw cyfieithydd cymwysedig wedi gwirio" in (
        BUNDLED / "translations/cy/pages/index.yml").read_text(encoding="utf-8")
    assert "لم يراجع مترجم مؤهَّل هذه الترجمة بعد" in (
        BUNDLED / "translations/ar/pages/index.yml").read_text(encoding="utf-8")


def test_a_whole_long_page_can_be_translated(tmp_path: Path) -> None:
    """A page's body is one text: its translation may be as long as the page file may be, not
    just as long as one field of a YAML file (found by translating the synthetic content: the
    bundled "other causes" page is over 9,000 characters)."""
    root = _untranslated(tmp_path)
    longest = max((root / "pages").rglob("*.md"), key=lambda p: p.stat().st_size)
    name = longest.relative_to(root).as_posix()
    po_file = tmp_path / "cy.po"
    run_cli(["translations", "export", "--lang", "cy", "--content", str(root), "--po",
             str(po_file)])
    body = next(e for e in polib.pofile(str(po_file)) if e.msgctxt == f"{name}#body")
    assert len(body.msgid) > 5000, "the test needs a page longer than one YAML field's limit"
    _po_translate(root, tmp_path, "cy", {f"{name}#body": body.msgid})
    assert _messages(root) == [m for m in _messages(root) if "characters long" not in m]
    checked = check_folder(root, "content", today=TODAY)
    assert checked.ok and "cy" in checked.localised, [d.format() for d in checked.report.errors]


def test_one_changed_english_red_flag_names_the_welsh_and_arabic_texts(tmp_path: Path) -> None:
    """The issue's "done when": on the bundled content, one English red-flag sentence changed
    makes ``check --publish`` name the Welsh and the Arabic text that now translate an older
    sentence, each at its own file, line and column, with the new English words."""
    root = copy_content(tmp_path, BUNDLED)
    flags = root / "red-flags.yml"
    old = "new or worsening pain, tingling, numbness or weakness in both legs"
    new = "new or worsening pain, tingling, numbness or weakness in one or both legs"
    assert old in flags.read_text(encoding="utf-8")
    flags.write_text(flags.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, out, err = run_cli(["check", "--publish", "--content", str(root), "--format", "json"])
    stale = [f for f in json.loads(out)["findings"] if f["rule"] == "translation-stale"]
    named = sorted((f["path"].split("translations/")[1].split("/")[0], f["message"])
                   for f in stale)
    assert [lang for lang, _m in named] == ["ar", "cy"], named
    for lang, message in named:
        assert '"emergency-signs/signs/both-legs/text"' in message and new in message, message
    assert all(f["path"].endswith(f"translations/{lang}/red-flags.yml") and f["line"] > 1
               for f, (lang, _m) in zip(sorted(stale, key=lambda f: f["path"]), named,
                                        strict=True))
    assert code == 1, err


def test_a_languages_maps_name_their_views_in_its_own_words() -> None:
    """The artwork's "Front" and "Back" are the source language's words; the Welsh and Arabic
    maps use the language's strings (found on the Arabic home page, which said "Front")."""
    from generator.resolve import resolve

    checked = check_folder(BUNDLED, "content", today=TODAY)
    assert checked.content is not None and checked.content.bodymap is not None
    assert resolve(checked.content).view_labels == checked.content.bodymap.view_labels
    for lang in ("cy", "ar"):
        words = checked.localised[lang].strings["where"]
        assert resolve(checked.localised[lang]).view_labels == (
            words["view_front"], words["view_back"])
    assert resolve(checked.localised["ar"]).view_labels[0] == "من الأمام"


def test_every_content_files_schema_header_points_at_a_schema() -> None:
    """An editor finds a file's JSON Schema through its first line; a path one folder short
    (the translation files had one) gives no autocompletion and no warning. Checked on the
    bundled content and on what ``translations import`` writes."""
    root = ROOT / "content"
    files = sorted(root.rglob("*.yml"))
    pointed = {}
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if "$schema=" in first:
            pointed[path] = (path.parent / first.split("$schema=")[1].strip()).resolve()
    assert len(pointed) >= 20 and any("translations" in p.parts for p in pointed)
    missing = {str(p.relative_to(ROOT)): str(s) for p, s in pointed.items() if not s.is_file()}
    assert not missing, missing
    # what import writes: the same header as the bundled files have
    from generator.cli.translations import schema_line

    for path in (p for p in pointed if "translations" in p.parts and p.name != "signoff.yml"):
        rel = path.relative_to(root / "translations").as_posix().split("/", 1)[1]
        assert path.read_text(encoding="utf-8").startswith(schema_line(rel)), rel
