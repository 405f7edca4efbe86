"""``hipback translations export|import``: the translation files as gettext PO, for translators.

Translators work in their own tools (Poedit, Weblate, a translation agency's CAT tool), which all
read and write gettext PO. ``export --lang cy`` writes one PO file with every text of the source
content (``model/translatable.py``):

* ``msgctxt`` is where the text lives, ``red-flags.yml#emergency-signs/heading`` (the same key
  as in ``translations/cy/red-flags.yml``), ``msgid`` the source text, ``msgstr`` the
  translation so far (empty when missing);
* the reference comment (``#:``) is the source file and line; an extracted comment (``#.``)
  marks the safety texts, which a language cannot be published without;
* a translation of an older version of the source text carries the ``fuzzy`` flag: tools show
  it for review, and the translator clears the flag once it follows the new text.

``import --lang cy`` reads the PO back into ``translations/cy/``: a translation without the
fuzzy flag records the fingerprint of its ``msgid`` (the text it was made from, so a PO file
exported before the source changed still imports as stale); a fuzzy one keeps the fingerprint it
had (a new fuzzy translation records none that matches, so it stays stale until reviewed).
A file is written only when what it holds changes, so export → import with no edits leaves the
content folder byte-identical. polib reads and writes the PO format.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polib
import yaml

from ..checks import Checked
from ..load.translations import LANGUAGE_RE, TRANSLATIONS
from ..model.translatable import Unit, content_units, fingerprint, translation_file
from ..write import atomic_write
from .approve import approve_translation
from .common import check_args, print_report

__all__ = ["export_po", "import_po", "po_path", "run_translations", "schema_line"]

SAFETY_NOTE = "safety text: the language cannot be published without it"
NO_SOURCE = fingerprint("")
"""What a fuzzy translation with no earlier one records: matches no text, so it shows stale."""


def po_path(lang: str) -> Path:
    """Where export writes and import reads by default."""
    return Path("build") / TRANSLATIONS / f"{lang}.po"


def _translations(content_root: Path, lang: str) -> dict[str, dict[str, Any]]:
    """The language's translation files as they are: file → key → {source, text}."""
    out: dict[str, dict[str, Any]] = {}
    folder = content_root / TRANSLATIONS / lang
    for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict):
            out[path.relative_to(folder).as_posix()] = {
                str(k): v for k, v in data.items() if isinstance(v, dict)}
    return out


def _by_source(units: Mapping[str, Any], files: Mapping[str, Any]) -> dict[str, Any]:
    """Translation files keyed by the source file each translates (a page's is .yml)."""
    names = {translation_file(f): f for f in units}
    return {names.get(name, name): data for name, data in files.items()}


def _entry(unit: Unit, done: Mapping[str, Any] | None, line: int) -> polib.POEntry:
    text = str(done.get("text", "")) if done is not None else ""
    stale = done is not None and str(done.get("source")) != unit.fingerprint
    return polib.POEntry(
        msgctxt=f"{unit.file}#{unit.key}", msgid=unit.text, msgstr=text,
        occurrences=[(unit.file, str(line))], comment=SAFETY_NOTE if unit.safety else "",
        flags=["fuzzy"] if stale else [])


def export_po(checked: Checked, lang: str, out: Path, content_root: Path) -> int:
    """Write the PO file of ``lang``; return how many texts it holds."""
    assert checked.content is not None
    units = content_units(checked.content)
    done = _by_source(units, _translations(content_root, lang))
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": checked.content.site.title,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": checked.content.site.language,
    }
    for file, texts in units.items():
        loaded = checked.content.files.get(file)
        for unit in texts.values():
            line = loaded.pos(unit.loc)[0] if loaded is not None else 1
            po.append(_entry(unit, done.get(file, {}).get(unit.key), line))
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, str(po).encode("utf-8"))
    return len(po)


def schema_line(file: str) -> str:
    depth = file.count("/") + 3  # content/translations/<lang>/, then the file's own folders
    return f"# yaml-language-server: $schema={'../' * depth}schemas/translation.schema.json\n"


class _Dumper(yaml.SafeDumper):
    """Writes a text of several lines (a page's body) as a block a person can read and a diff
    can show line by line."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value.startswith(" ") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(file: str, entries: Mapping[str, Mapping[str, str]]) -> bytes:
    body = yaml.dump({k: {"source": v["source"], "text": v["text"]} for k, v in entries.items()},
                     Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return (schema_line(file) + body).encode("utf-8")


def _imported(entry: polib.POEntry, before: Mapping[str, Any] | None) -> dict[str, str]:
    if "fuzzy" not in entry.flags:
        return {"source": fingerprint(entry.msgid), "text": entry.msgstr}
    kept = str(before.get("source")) if before else NO_SOURCE
    return {"source": kept, "text": entry.msgstr}


def import_po(checked: Checked, lang: str, source: Path, content_root: Path) -> tuple[int, int]:
    """Read the PO file of ``lang`` into its translation files; return (texts taken, files
    written). Entries that name no text of the source are reported and left out."""
    assert checked.content is not None
    units = content_units(checked.content)
    po = polib.pofile(str(source), wrapwidth=0)
    before = _by_source(units, _translations(content_root, lang))
    after = {file: dict(entries) for file, entries in before.items()}
    taken = 0
    for entry in po:
        file, _, key = (entry.msgctxt or "").partition("#")
        if entry.obsolete or not entry.msgstr.strip():
            continue
        if key not in units.get(file, {}):
            print(f"{source}: skipped {entry.msgctxt!r}: no such text in the content (it may "
                  "have been removed since the export)", file=sys.stderr)
            continue
        after.setdefault(file, {})[key] = _imported(entry, before.get(file, {}).get(key))
        taken += 1
    written = 0
    for file, entries in sorted(after.items()):
        if entries == before.get(file):
            continue  # unchanged: the file stays exactly as it is
        order = list(units.get(file, {}))
        ranked = dict(sorted(entries.items(), key=lambda kv: (
            order.index(kv[0]) if kv[0] in order else len(order), kv[0])))
        name = translation_file(file)
        atomic_write(content_root / TRANSLATIONS / lang / name, _dump(name, ranked))
        written += 1
    return taken, written


def check_language(lang: str) -> str | None:
    if not LANGUAGE_RE.match(lang):
        return (f'"{lang}" is not a language tag; give the language\'s code as HTML\'s lang '
                "attribute takes it (for example cy, ar, pt-BR).")
    return None


def run_translations(args: argparse.Namespace) -> int:
    """``hipback translations export|import|approve --lang LANG``."""
    why = check_language(args.lang)
    if why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    checked = check_args(args)
    if args.action == "approve":
        return approve_translation(args, checked, dt.date.today())
    if checked.content is None:
        print_report(checked.report)
        return 1
    po = Path(args.po) if args.po else po_path(args.lang)
    if args.action == "export":
        count = export_po(checked, args.lang, po, Path(args.content))
        print(f"wrote {count} text(s) to {po}: open it in a PO editor (Poedit, Weblate, …), "
              f"then hipback translations import --lang {args.lang}")
        return 0
    if not po.is_file():
        print(f"error: there is no {po}; export it first (hipback translations export --lang "
              f"{args.lang}) or name the file with --po FILE.", file=sys.stderr)
        return 1
    taken, written = import_po(checked, args.lang, po, Path(args.content))
    print(f"read {taken} translation(s) from {po}; {written} file(s) changed in "
          f"{args.content}/translations/{args.lang}/")
    return 0
