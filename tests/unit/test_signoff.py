"""The clinical sign-off: fingerprints of the safety parts, the diff the review shows, and the
``hipback review`` / ``hipback check --publish`` commands on a copy of the fixture content."""

from __future__ import annotations

import json
from pathlib import Path

from hb_testlib import FIXTURE, ROOT, copy_content, run_cli, set_public_url

from generator.model.content import Content, load_content
from generator.model.safety_diff import diff
from generator.model.safety_parts import fingerprint, safety_parts, signoff_status, snapshot_text

SAFE_SIGN = "numbness around your genitals or bottom (the area you would sit on a saddle)"
WHO = ["--name", "Ada Example", "--role", "Consultant physiotherapist", "--register", "HCPC",
       "--number", "PH000000", "--date", "2026-12-01"]


def _load(root: Path) -> Content:
    content, report = load_content(root)
    assert content is not None, [d.format() for d in report.errors]
    return content


def _prints(root: Path) -> dict[str, str]:
    return dict(signoff_status(_load(root)).current)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- fingerprints


def test_fingerprints_are_the_same_on_every_run(tmp_path: Path) -> None:
    first, again = _load(FIXTURE), _load(copy_content(tmp_path))
    assert signoff_status(first).current == signoff_status(again).current
    assert snapshot_text(safety_parts(first)) == snapshot_text(safety_parts(again))
    assert set(signoff_status(first).current) == {
        "site", "care-tiers", "red-flags", "red-flags/emergency-signs",
        "red-flags/urgent-signs", "flowchart", "scenarios",
        "conditions/hip-osteoarthritis/get_help", "conditions/sciatica/get_help",
        "conditions/spinal-stenosis/get_help"}
    # the order of keys never matters; the order of a list does
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": [1, 2]}) != fingerprint({"a": [2, 1]})


def test_a_sign_reworded_changes_only_its_list(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    before = _prints(root)
    _replace(root / "red-flags.yml", SAFE_SIGN, "numbness around your bottom")
    after = _prints(root)
    assert [n for n in before if before[n] != after[n]] == ["red-flags/emergency-signs"]


def test_a_summary_or_review_date_changes_no_fingerprint(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    before = _prints(root)
    path = root / "conditions" / "sciatica.yml"
    _replace(path, "summary: Sciatica is pain", "summary: Sciatica is often pain")
    _replace(path, "next_review: 2027-11-20", "next_review: 2027-10-20")
    assert _prints(root) == before


def test_a_value_written_out_at_its_default_changes_nothing(tmp_path: Path) -> None:
    """Fingerprints cover what the content says: a new field the content leaves at its
    default does not void every sign-off the day the engine gains it."""
    root = copy_content(tmp_path)
    before = _prints(root)
    _replace(root / "red-flags.yml", "  - id: emergency-signs\n",
             "  - id: emergency-signs\n    on_every_page: true\n")
    assert _prints(root) == before


def test_get_help_and_phone_numbers_are_safety_parts(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    before = _prints(root)
    _replace(root / "site.yml", 'emergency_number: "999"', 'emergency_number: "998"')
    cond = root / "conditions" / "sciatica.yml"
    text = cond.read_text(encoding="utf-8")
    at = text.index("get_help:")
    line = text.index("\n  - ", at) + len("\n  - ")
    cond.write_text(text[:line] + "Not " + text[line:], encoding="utf-8")
    after = _prints(root)
    assert [n for n in before if before[n] != after[n]] == ["site",
                                                          "conditions/sciatica/get_help"]


# ---------------------------------------------------------------- the diff


def test_diff_names_questions_answers_and_outcomes() -> None:
    old = {"questions": [
        {"id": "q1", "question": "Is it bad?", "answers": [
            {"label": "Yes", "next": "help-now"}, {"label": "No", "next": "q2"}]},
        {"id": "q2", "question": "Gone?", "answers": []}],
        "outcomes": [{"id": "help-now", "tier": "emergency", "title": "Get help now"}]}
    new = {"questions": [
        {"id": "q1", "question": "Is it bad?", "answers": [
            {"label": "Yes", "next": "q3"}, {"label": "No", "next": "q2"},
            {"label": "Not sure", "next": "help-now"}]},
        {"id": "q3", "question": "New?", "answers": []}],
        "outcomes": [{"id": "help-now", "tier": "today", "title": "Get help now"}]}
    got = {(c.kind, tuple((s.key, s.item) for s in c.steps), c.loc, str(c.old), str(c.new))
           for c in diff(old, new)}
    q = ("questions", None)
    assert got == {
        ("changed", (q, ("questions", "q1"), ("answers", None), ("answers", "Yes"),
                     ("next", None)),
         ("questions", 0, "answers", 0, "next"), "help-now", "q3"),
        ("added", (q, ("questions", "q1"), ("answers", None), ("answers", "Not sure")),
         ("questions", 0, "answers", 2), "None",
         "{'label': 'Not sure', 'next': 'help-now'}"),
        ("added", (q, ("questions", "q3")), ("questions", 1), "None",
         "{'id': 'q3', 'question': 'New?', 'answers': []}"),
        ("removed", (q, ("questions", "q2")), ("questions",),
         "{'id': 'q2', 'question': 'Gone?', 'answers': []}", "None"),
        ("changed", (("outcomes", None), ("outcomes", "help-now"), ("tier", None)),
         ("outcomes", 0, "tier"), "emergency", "today"),
    }


def test_diff_of_a_part_never_signed_lists_every_item_as_added() -> None:
    got = diff(None, {"lists": [{"id": "a"}, {"id": "b"}], "note": "x"})
    assert [(c.kind, c.loc) for c in got] == [
        ("added", ("lists", 0)), ("added", ("lists", 1)), ("added", ("note",))]
    moved = diff([{"id": "a"}, {"id": "b"}], [{"id": "b"}, {"id": "a"}])
    assert [(c.kind, c.old, c.new) for c in moved] == [("changed", ["a", "b"], ["b", "a"])]


# ---------------------------------------------------------------- the commands


def _check_publish(cwd: Path) -> tuple[int, str]:
    set_public_url(cwd / "content")  # the fixture's placeholder address is refused too
    code, out, err = run_cli(["check", "--content", "content", "--today", "2026-12-07",
                              "--publish"], cwd=cwd)
    return code, out + err


def _approve(cwd: Path) -> None:
    code, out, err = run_cli(["review", "--content", "content", "--approve", *WHO], cwd=cwd)
    assert code == 0, err
    assert out == ("signed off 10 safety part(s) for Ada Example on 2026-12-01: wrote "
                   "content/signoff.yml and content/signoff-snapshot.json\n")


def test_approve_then_a_changed_sign_fails_publish_naming_the_list(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    code, out = _check_publish(tmp_path)
    assert code == 1 and "content/signoff.yml:1:1  no clinician has signed off" in out
    code, out, _err = run_cli(["review", "--content", "content"], cwd=tmp_path)
    assert code == 0 and "No clinician has signed off this content yet" in out
    assert f"      words: {SAFE_SIGN}\n" in out  # everything is new, with its words

    _approve(tmp_path)
    signoff = (root / "signoff.yml").read_text(encoding="utf-8")
    assert signoff.startswith("# yaml-language-server: $schema=../schemas/signoff.schema.json")
    assert "  professional_register: HCPC\n  registration_number: PH000000\ndate: 2026-12-01\n" \
        in signoff
    snapshot = json.loads((root / "signoff-snapshot.json").read_text(encoding="utf-8"))
    assert snapshot["parts"]["red-flags/emergency-signs"]["signs"][0]["text"] == SAFE_SIGN
    code, out = _check_publish(tmp_path)
    assert code == 0 and "clinical-review" not in out, out
    code, out, _err = run_cli(["review", "--content", "content"], cwd=tmp_path)
    assert "Nothing in the safety content has changed since it was signed off by Ada " \
        "Example, Consultant physiotherapist (HCPC PH000000), on 1 December 2026." in out

    _replace(root / "red-flags.yml", SAFE_SIGN, "numbness around your bottom")
    code, out = _check_publish(tmp_path)
    assert code == 1
    rows = [line for line in out.splitlines() if "clinical-review" in line]
    assert rows == [
        ('error     clinical-review-changed  content/red-flags.yml:11:9  the sign list '
         '"emergency-signs" changed since the clinical sign-off on 2026-12-01; run hipback '
         "review and have a clinician sign it.")]
    code, out, _err = run_cli(["validate", "--content", "content"], cwd=tmp_path)
    assert code == 0 and "clinical" not in out  # validate and build still pass

    code, out, _err = run_cli(["review", "--content", "content"], cwd=tmp_path)
    assert code == 0
    assert ('== The sign list "emergency-signs" (content/red-flags.yml): changed since the '
            'sign-off ==\n* Changed: sign "saddle-numbness" › words  '
            f"[content/red-flags.yml:11:9]\n    was: {SAFE_SIGN}\n"
            "    now: numbness around your bottom\n") in out
    assert out.count("== ") == 1  # only the part that changed


def test_review_writes_html_and_markdown(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    _approve(tmp_path)
    _replace(root / "red-flags.yml", SAFE_SIGN, 'numbness & "pins" around your bottom')
    code, out, _err = run_cli(["review", "--content", "content", "--out", "r.html"],
                              cwd=tmp_path)
    assert code == 0 and out == "wrote the review of 1 changed part(s) to r.html\n"
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<div class="now">numbness &amp; &quot;pins&quot; around your bottom</div>' in page
    assert f'<div class="was">{SAFE_SIGN}</div>' in page and "<script" not in page
    code, _out, _err = run_cli(["review", "--content", "content", "--out", "r.md"],
                               cwd=tmp_path)
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert code == 0 and "- **Changed:** sign \"saddle\\-numbness\" › words" in md
    assert "numbness &amp; \"pins\" around your bottom" in md
    code, _out, err = run_cli(["review", "--content", "content", "--out", "r.pdf"],
                              cwd=tmp_path)
    assert code == 2 and "must end in .html or .md" in err


def test_a_hand_edited_snapshot_is_not_shown_as_what_was_signed(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    _approve(tmp_path)
    snap = root / "signoff-snapshot.json"
    snap.write_text(snap.read_text(encoding="utf-8").replace(SAFE_SIGN, "forged words"),
                    encoding="utf-8")
    _replace(root / "red-flags.yml", SAFE_SIGN, "numbness around your bottom")
    code, out, _err = run_cli(["review", "--content", "content"], cwd=tmp_path)
    assert "forged words" not in out and "the signed words are not kept" in out
    code, out = _check_publish(tmp_path)
    assert "content/signoff-snapshot.json:1:1" in out and code == 1


def test_approve_never_invents_a_person_nor_signs_broken_content(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    code, _out, err = run_cli(["review", "--content", "content", "--approve", "--name", "Ada",
                               "--role", " ", "--register", "HCPC"], cwd=tmp_path)
    assert code == 2 and "--approve needs --role, --number" in err
    code, _out, err = run_cli(["review", "--content", "content", "--approve", *WHO[:-2],
                               "--date", "2999-01-01"], cwd=tmp_path)
    assert code == 2 and "is after today" in err
    assert not (root / "signoff.yml").exists()
    _replace(root / "flowchart.yml", "next: get-help-now", "next: nowhere")
    code, _out, err = run_cli(["review", "--content", "content", "--approve", *WHO],
                              cwd=tmp_path)
    assert code == 1 and "review stopped" in err
    assert not (root / "signoff.yml").exists() and not (root / "signoff-snapshot.json").exists()


def test_pages_say_checked_only_while_unchanged(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    _approve(tmp_path)
    args = ["generate", "--content", str(root), "--out", str(tmp_path / "docs"), "--cache",
            str(tmp_path / "cache")]
    code, _out, err = run_cli(args, cwd=ROOT)
    assert code == 0, err
    page = (tmp_path / "docs" / "conditions" / "sciatica.md").read_text(encoding="utf-8")
    assert ("Checked by Ada Example, Consultant physiotherapist (HCPC PH000000) on 1 December "
            "2026") in page
    api = json.loads((tmp_path / "docs" / "api" / "conditions.json").read_text("utf-8"))
    assert api["conditions"][0]["review"]["clinical_reviewer"] == {
        "name": "Ada Example", "role": "Consultant physiotherapist",
        "registration": "HCPC PH000000", "date": "2026-12-01"}
    _replace(root / "red-flags.yml", SAFE_SIGN, "numbness around your bottom")
    code, _out, err = run_cli(args, cwd=ROOT)
    assert code == 0, err
    page = (tmp_path / "docs" / "conditions" / "sciatica.md").read_text(encoding="utf-8")
    assert "Not yet reviewed by a clinician." in page and "Checked by" not in page
    api = json.loads((tmp_path / "docs" / "api" / "conditions.json").read_text("utf-8"))
    assert all(c["review"]["clinical_reviewer"] is None for c in api["conditions"])
    assert "No clinician has reviewed this guide yet." in (
        tmp_path / "docs" / "how-we-check.md").read_text(encoding="utf-8")


def test_a_broken_or_hostile_snapshot_is_no_snapshot(tmp_path: Path) -> None:
    from generator.model.signoff import parse_snapshot

    assert parse_snapshot("[" * 200_000) is None
    assert parse_snapshot("{not json") is None
    assert parse_snapshot('{"format": 99, "parts": {}}') is None
    assert parse_snapshot('{"format": 1, "parts": {"site": {}}}') == {"site": {}}
    root = copy_content(tmp_path)
    (root / "signoff-snapshot.json").write_text("[" * 200_000, encoding="utf-8")
    code, _out, err = run_cli(["validate", "--content", "content"], cwd=tmp_path)
    assert code == 0 and "Traceback" not in err


def test_the_bundled_content_can_be_signed_and_then_passes_the_signoff_rule(tmp_path: Path
                                                                            ) -> None:
    from hb_testlib import BUNDLED

    copy_content(tmp_path, BUNDLED)
    code, out = _check_publish(tmp_path)
    assert "clinical-review-missing" in out and code == 1
    code, _out, err = run_cli(["review", "--content", "content", "--approve", *WHO],
                              cwd=tmp_path)
    assert code == 0, err
    _code, out = _check_publish(tmp_path)
    assert "clinical-review" not in out
