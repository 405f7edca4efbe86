"""``hipback new condition SLUG``: a valid condition file with every field explained.

The file is built from the model's field descriptions and the content's own vocabularies (first
group, regions, features, sources), so it validates as soon as it is written and an editor only
has to replace the placeholder sentences.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..load.folder import load_folder
from ..model import SLUG_RE, Condition
from ..model.content import Content, build_content


def _desc(name: str) -> str:
    field = Condition.model_fields[name]
    return field.description or ""


def _content(content_dir: Path) -> Content | None:
    """The folder's vocabularies when they validate (to offer real ids), else ``None``."""
    folder, report = load_folder(content_dir)
    if folder is None:
        return None
    content = build_content(folder, report)
    needed = ("site.yml", "regions.yml", "features.yml", "sources.yml", "care-tiers.yml")
    return content if all(content.has(k) for k in needed) else None


def scaffold_text(content_dir: Path, slug: str, today: dt.date) -> str:
    """The new condition file, field by field in the order an editor fills them in.

    Ids come from the folder's own vocabularies when it validates, else from a fresh project's
    (so the template is still useful in an empty or broken folder).
    """
    content = _content(content_dir)
    name = slug.replace("-", " ").capitalize()
    lines = _about_lines(content, name) + _care_lines(content) + _compare_lines(content)
    return "\n".join(lines + _review_lines(content, today))


def _source(content: Content | None) -> str:
    """The source id the template cites: the first in sources.yml."""
    return content.sources.sources[0].id if content else "seed"


def _about_lines(content: Content | None, name: str) -> list[str]:
    """The header, then what the condition is and where its pain is felt."""
    group = content.site.groups[0].id if content else "back"
    regions = [r.id for r in content.regions.regions] if content else ["lower-back"]
    return [
        "# yaml-language-server: $schema=../../schemas/condition.schema.json",
        f"# New condition: {name}. Replace every sentence below, then run `hipback validate`.",
        "# Prose fields may use **bold**, *italic* and [links](https://…) — nothing else.",
        "",
        f"# {_desc('name')}",
        f"name: {name}",
        f"# {_desc('also_called')} (a list; leave [] if none)",
        "also_called: []",
        f"# {_desc('group')} One of: {', '.join(g.id for g in content.site.groups) if content else group}",
        f"group: {group}",
        f"# {_desc('summary')}",
        "summary: >-",
        f"  {name} is … . It can cause this pain because … . A doctor or",
        "  physiotherapist can check what is causing your pain.",
        f"# {_desc('how_it_causes_pain')}",
        "how_it_causes_pain: >-",
        "  Explain in plain words how this condition leads to the pain.",
        f"# {_desc('nerves')} (optional)",
        "nerves: []",
        "# Where pain is felt: region ids from regions.yml:",
        f"#   {', '.join(regions)}",
        "where_felt:",
        f"  # {Condition.model_fields['where_felt'].annotation.model_fields['main'].description}",  # type: ignore[union-attr]
        f"  main: [{regions[0]}]",
        "  # Region ids where pain may spread (optional)",
        "  sometimes: []",
        "  # one: usually one side of the body (the map shades one side); both: usually both",
        "  sides: one",
    ]


def _care_lines(content: Content | None) -> list[str]:
    """The bullet lists, treatment and when to get help. Help placeholders go at the second tier
    and the one before last: with the usual tiers (emergency … self-care) the emergency signs
    are the red-flag lists shown on every page, and self-care is not a reason to get help."""
    tiers = [t.id for t in content.tiers.tiers] if content else ["today", "routine"]
    urgent = tiers[1] if len(tiers) > 2 else tiers[0]
    routine = tiers[-2] if len(tiers) > 2 else tiers[-1]
    lines: list[str] = []
    for field in ("feels_like", "worse_with", "better_with", "diagnosis", "self_care"):
        lines += [f"# {_desc(field)} One short sentence per bullet.", f"{field}:",
                  "  - Write a short sentence here."]
    return lines + [
        f"# {_desc('avoid')} (optional; leave [] if no source supports one)",
        "avoid: []",
        f"# {_desc('treatment')}",
        "treatment:",
        "  - text: Write a short sentence here on what a professional may offer.",
        f"    sources: [{_source(content)}]",
        "# When to get help, by care tier (care-tiers.yml). The sign lists in red-flags.yml",
        "# are shown on every page automatically. Tiers: " + ", ".join(tiers),
        "get_help:",
        f"  {urgent}:",
        "    - Write a sign that needs help at this level.",
        f"  {routine}:",
        "    - Write a reason to see a doctor or physiotherapist.",
    ]


def _compare_lines(content: Content | None) -> list[str]:
    """One comparison-table value per feature (region features come from ``where_felt``)."""
    features = list(content.features.features) if content else []
    scale = content.features.scale[-1].id if content else "varies"
    lines = [
        "# Comparison table: one value per feature in features.yml.",
        "# Scale features take a scale id; text features take {text: a short phrase}.",
        "compare:",
    ]
    for f in features:
        if f.kind == "regions":
            continue
        if f.kind == "text":
            lines.append(f"  {f.id}: {{text: Write a short phrase}}  # {f.label}")
        else:
            lines.append(f"  {f.id}: {scale}  # {f.label}")
    return lines


def _review_lines(content: Content | None, today: dt.date) -> list[str]:
    """Related conditions, sources and the review record; the next review is due after the
    site's review interval (months of about 30.4 days), counted from ``today``."""
    reviewer = content.site.publisher if content else "Editorial team"
    interval = content.site.review_policy.interval_months if content else 12
    next_review = today + dt.timedelta(days=int(interval * 30.4))
    return [
        "# Related condition slugs (file names in conditions/ without .yml).",
        "related: []",
        "# Source ids from sources.yml. Every condition cites at least one source.",
        f"sources: [{_source(content)}]",
        "review:",
        "  # A real person or a named team — never an invented name. A clinician's sign-off",
        "  # is not written here: hipback review --approve records it in signoff.yml.",
        f"  reviewed_by: {reviewer}",
        f"  last_reviewed: {today.isoformat()}",
        f"  next_review: {next_review.isoformat()}",
        "",
    ]


def new_condition(content_dir: Path, slug: str, *, force: bool = False,
                  today: dt.date | None = None) -> int:
    if not SLUG_RE.match(slug):
        print(f'error: "{slug}" is not URL-safe; use lowercase letters, digits and hyphens, '
              "for example hip-bursitis.", file=sys.stderr)
        return 2
    path = content_dir / "conditions" / f"{slug}.yml"
    if path.exists() and not force:
        print(f"error: {path} already exists; use --force to overwrite it.", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold_text(content_dir, slug, today or dt.date.today()), encoding="utf-8")
    print(f"created {path}. Fill it in, then add it to a flowchart outcome and run "
          "`hipback validate`.")
    return 0
