"""Synthetic content of any size, shaped like the bundled content.

The vocabularies (site, regions, features, glossary, sources, red flags), the hand-written pages
and the body map are the bundled ones, so every page looks like a real page. Conditions are the
seven bundled ones plus variants of them: each variant takes a template condition's prose (about
80 lines of YAML: every section, several regions and features, sources, review) and varies what a
real library varies between conditions: name, regions, comparison values, related conditions and
the order and number of list items. The flowchart is the bundled one (8 questions, 9 outcomes);
every variant joins the outcomes its template is named in, so the outcomes cover all N conditions
the way a growing library would.

Generation is deterministic and prefix-stable: condition ``i`` is the same whatever ``N`` is, so
a sample of the first ``k`` conditions of a large set is a small set of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from . import ROOT

BUNDLED = ROOT / "content"

LIST_FIELDS = ("feels_like", "worse_with", "better_with", "diagnosis", "self_care", "treatment")
SEED = "hipback-bench-1"

_NAME_WORDS = (
    "acute", "chronic", "recurrent", "left-sided", "right-sided", "early", "late", "mild",
    "persistent", "post-exercise", "night-time", "positional", "bilateral", "intermittent",
)


_FLOW_PLAIN = re.compile(r"[A-Za-z0-9(][\w .;'()\u2013/-]*")


def _scalar(value: Any, *, flow: bool = False) -> str:
    """A YAML scalar as an editor would write it: plain when that reads back the same."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float) or value is None:
        return json.dumps(value)
    text = str(value)
    plain_ok = _FLOW_PLAIN.fullmatch(text) if flow else not text.startswith(
        ("'", '"', "-", "[", "{", "!", "&", "*", "#", "|", ">", "%", "@", "`")) and (
        ": " not in text and " #" not in text)
    if plain_ok and text == text.strip():
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[Any]) -> str:
    return "[" + ", ".join(_scalar(x, flow=True) for x in items) + "]"


def _fold(text: str, indent: str, width: int = 96) -> list[str]:
    lines, current = [], ""
    for w in text.split():
        if current and len(current) + 1 + len(w) > width - len(indent):
            lines.append(indent + current)
            current = w
        else:
            current = f"{current} {w}" if current else w
    return lines + [indent + current]


def _value_lines(key: str, value: Any, indent: str) -> list[str]:
    """One key in the bundled files' style: short lists in flow style, prose folded (>-)."""
    if isinstance(value, dict):
        out = [f"{indent}{key}:"]
        for k, v in value.items():
            if isinstance(v, dict) and all(not isinstance(x, dict | list) for x in v.values()):
                inner = ", ".join(f"{a}: {_scalar(b, flow=True)}" for a, b in v.items())
                out.append(f"{indent}  {k}: {{{inner}}}")
            else:
                out += _value_lines(k, v, indent + "  ")
        return out
    if isinstance(value, list):
        if value and all(isinstance(x, dict) for x in value):
            out = [f"{indent}{key}:"]
            for item in value:
                sub: list[str] = []
                for k, v in item.items():
                    sub += _value_lines(k, v, indent + "    ")
                sub[0] = f"{indent}  - " + sub[0][len(indent) + 4:]
                out += sub
            return out
        flow = f"{indent}{key}: {_flow(value)}"
        if not value or (len(flow) <= 96 and all(len(str(x)) < 40 for x in value)):
            return [flow]
        out = [f"{indent}{key}:"]
        for item in value:
            text = str(item)
            if len(text) + len(indent) < 90:
                out.append(f"{indent}  - {_scalar(text)}")
            else:
                out += [f"{indent}  - >-", *_fold(text, indent + "    ")]
        return out
    if isinstance(value, str) and len(value) > 80:
        return [f"{indent}{key}: >-", *_fold(value, indent + "  ")]
    return [f"{indent}{key}: {_scalar(value)}"]


def _dump(data: dict[str, Any], schema: str) -> str:
    lines = [f"# yaml-language-server: $schema={schema}"]
    for key, value in data.items():
        lines += _value_lines(key, value, "")
    return "\n".join(lines) + "\n"


def _templates() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted((BUNDLED / "conditions").glob("*.yml")):
        out.append((path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))))
    return out


def slugs(n: int) -> list[str]:
    """The condition slugs of an ``n``-condition set, in generation order."""
    templates = _templates()
    out = [slug for slug, _ in templates[:n]]
    for i in range(len(templates), n):
        tslug, _ = templates[i % len(templates)]
        out.append(f"{tslug}-v{i:04d}")
    return out


def _variant(i: int, templates: list[tuple[str, dict[str, Any]]], all_slugs: list[str],
             regions: list[str], features: list[dict[str, Any]], scale: list[str]) -> dict[str, Any]:
    _tslug, template = templates[i % len(templates)]
    rng = random.Random(f"{SEED}-{i}")
    condition = dict(template)
    word = _NAME_WORDS[(i // len(templates)) % len(_NAME_WORDS)]
    condition["name"] = f"{template['name']}, {word} pattern {i}"
    picked = rng.sample(regions, k=rng.randint(3, 6))
    n_main = rng.randint(1, min(3, len(picked) - 1))
    condition["where_felt"] = {"main": picked[:n_main], "sometimes": picked[n_main:]}
    for field in LIST_FIELDS:
        items = list(template[field])
        rng.shuffle(items)
        condition[field] = items[: max(3, len(items) - rng.randint(0, 1))]
    compare: dict[str, Any] = {}
    for feature in features:
        if feature["kind"] == "scale":
            value = rng.choice(scale)
            old = template.get("compare", {}).get(feature["id"])
            if isinstance(old, dict) and "note" in old and rng.random() < 0.5:
                compare[feature["id"]] = {"value": value, "note": old["note"]}
            else:
                compare[feature["id"]] = value
        elif feature["kind"] == "text":
            old = template.get("compare", {}).get(feature["id"])
            compare[feature["id"]] = (old if old is not None
                                      else {"text": "Varies from person to person"})
    condition["compare"] = compare
    # related: only conditions generated before this one, so the set stays prefix-stable
    earlier = all_slugs[:i]
    condition["related"] = (sorted(set(rng.sample(earlier, k=min(3, len(earlier)))))
                            if earlier else [])
    return condition


def generate(dest: Path, n: int) -> Path:
    """Write an ``n``-condition content folder to ``dest`` (created or replaced); return it."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(BUNDLED, dest, ignore=shutil.ignore_patterns("conditions", "flowchart.yml"))
    (dest / "conditions").mkdir()
    templates = _templates()
    all_slugs = slugs(n)
    keep = set(all_slugs)
    regions = [r["id"] for r in yaml.safe_load((BUNDLED / "regions.yml").read_text())["regions"]]
    feats = yaml.safe_load((BUNDLED / "features.yml").read_text(encoding="utf-8"))
    scale = [s["id"] for s in feats["scale"]]
    by_template: dict[str, list[str]] = {}
    for i, slug in enumerate(all_slugs):
        if i < len(templates):
            data = templates[i][1]
            data = {**data, "related": [r for r in data.get("related", []) if r in keep]}
        else:
            data = _variant(i, templates, all_slugs, regions, feats["features"], scale)
        by_template.setdefault(templates[i % len(templates)][0], []).append(slug)
        (dest / "conditions" / f"{slug}.yml").write_text(
            _dump(data, "../../schemas/condition.schema.json"), encoding="utf-8")

    flow = yaml.safe_load((BUNDLED / "flowchart.yml").read_text(encoding="utf-8"))
    for outcome in flow["outcomes"]:
        grown: list[str] = []
        for tslug in outcome.get("conditions", []):
            grown += [s for s in by_template.get(tslug, []) if s not in grown]
        outcome["conditions"] = grown
    # a template named in no outcome would leave its variants uncovered: give them the last one
    covered = {s for o in flow["outcomes"] for s in o["conditions"]}
    missing = [s for s in all_slugs if s not in covered]
    if missing:
        flow["outcomes"][-1]["conditions"] += missing
    (dest / "flowchart.yml").write_text(
        _dump(flow, "../schemas/flowchart.schema.json"), encoding="utf-8")

    # hand-written pages link to the bundled conditions; with fewer than seven, point them at one
    first = all_slugs[0]
    for page in (dest / "pages").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        fixed = re.sub(r"conditions/([a-z0-9-]+)\.md",
                       lambda m: m.group(0) if m.group(1) in keep else f"conditions/{first}.md",
                       text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    return dest


def yaml_lines(content: Path) -> dict[str, float]:
    """Average and total lines of the condition files (for the report)."""
    files = sorted((content / "conditions").glob("*.yml"))
    lines = [len(p.read_text(encoding="utf-8").splitlines()) for p in files]
    return {"files": len(files), "mean_lines": sum(lines) / max(1, len(lines)),
            "total_lines": float(sum(lines))}


_REVIEWED = re.compile(r"^[ \t]+last_reviewed:[ \t]*['\"]?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


def latest_review(folder: Path) -> dt.date:
    """The latest review date in a content folder, read from its files without loading it: the
    fixed "today" of the benchmark's quality rules (builds never read the clock)."""
    found = [dt.date.fromisoformat(match.group(1))
             for path in sorted((folder / "conditions").glob("*.yml"))
             for match in _REVIEWED.finditer(path.read_text(encoding="utf-8"))]
    if not found:
        raise SystemExit(f"no review dates found in {folder / 'conditions'}")
    return max(found)


def translate(content: Path, languages: tuple[str, ...]) -> dict[str, int]:
    """Fill in every text of ``content`` in each of ``languages``, the way a translator's tool
    would: the PO file exported, each empty or stale entry given a text, imported back. The
    bundled translations (copied with the vocabularies) are kept; every other text is the source
    text itself (a pseudo-translation: the same length and words, so each language's pages
    weigh what a real translation's would). Return the texts each language holds."""
    import polib

    from generator.checks import check_folder
    from generator.cli.translations import export_po, import_po

    checked = check_folder(content, today=latest_review(content))
    assert checked.content is not None, checked.report.sorted()
    held: dict[str, int] = {}
    for lang in languages:
        po_file = content.parent / f"{lang}.po"
        held[lang] = export_po(checked, lang, po_file, content)
        po = polib.pofile(str(po_file), wrapwidth=0)
        for entry in po:
            if not entry.msgstr.strip() or "fuzzy" in entry.flags:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(po_file))
        import_po(checked, lang, po_file, content)
        po_file.unlink()
    return held
