"""Links written in content: hand-written pages and YAML prose must link to pages that exist."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from ..diagnostics import Report, suggest
from ..load.yamlio import Loaded, Loc
from ..model.content import Content, Page
from ..text.memo import Same, remembered

_LINK = re.compile(r"\[(?:[^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?([^\s>]+)>?")
"""A reference-style link's definition (``[1]: conditions/sciatica.md``): checked like inline."""


# Pages the generator makes, by Markdown path (relative to the docs folder).
GENERATED_PAGES = (
    "compare.md", "where-does-it-hurt.md", "flowchart.md", "handouts.md", "how-we-check.md",
    "hazard-log.md",
)


def known_doc_paths(content: Content) -> set[str]:
    paths = {f"{p.slug}.md" for p in content.pages}
    paths |= {f"conditions/{slug}.md" for slug in content.condition_slugs}
    paths |= set(GENERATED_PAGES)
    paths.add("conditions/index.md")
    return paths


PROSE_KEYS = frozenset({
    "summary", "how_it_causes_pain", "feels_like", "worse_with", "better_with", "diagnosis",
    "self_care", "avoid", "treatment", "help", "text", "intro", "disclaimer", "scope", "action",
})
"""Keys whose values are prose (inline Markdown, links allowed) in any content file; the lists
under ``get_help`` (keyed by care tier) are prose too."""


def _walk_strings(
    data: object, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _walk_strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk_strings(v, loc + (i,))
    elif isinstance(data, str):
        yield loc, data


@remembered
def _site_links(loaded: Same[Loaded]) -> tuple[tuple[Loc, str], ...]:
    """Every link to a site page written in a file's prose: where it is, and its target."""
    out: list[tuple[Loc, str]] = []
    for loc, text in _walk_strings(loaded.obj.data):
        names = [p for p in loc if isinstance(p, str)]
        is_prose = bool(names) and (names[-1] in PROSE_KEYS or "get_help" in names[-2:])
        if "compare" in names or not is_prose:
            continue
        for match in _LINK.finditer(text):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
                continue
            out.append((loc, target))
    return tuple(out)


def _check_prose_links(report: Report, content: Content, known: set[str]) -> None:
    """Links to site pages written inside YAML prose must lead to pages that exist."""
    for key, loaded in sorted(content.files.items()):
        for loc, target in _site_links(Same(loaded)):
            path = target.split("#", 1)[0]
            if path.startswith("/"):
                where, line, col = content.where(key, loc)
                report.add(where, line, col, f'the link "{target}" starts with /; link to '
                           "the .md file relative to the site root, for example compare.md.")
            elif path and path not in known:
                where, line, col = content.where(key, loc)
                report.add(where, line, col, f'the link "{target}" goes to a page that does '
                           f"not exist.{suggest(path, known)} Links in YAML text are "
                           "relative to the site root, for example conditions/sciatica.md.")


def check_links(content: Content, report: Report) -> None:
    """Prose links resolve and the home page exists (pages: :mod:`.pages`)."""
    known = known_doc_paths(content)
    _check_prose_links(report, content, known)
    slugs = {p.slug for p in content.pages}
    if "index" not in slugs:
        report.add(content.display("pages"), 1, 1, "there is no home page; add pages/index.md.")


def page_link_problems(page: Page, known: set[str]) -> Iterator[tuple[int, int, str]]:
    """``(line, col, message)`` for each link of ``page`` that leads nowhere.

    Whether a link is *safe* (its address type) is judged with everything else a page may not
    hold, by :func:`generator.text.sanitize.page_problems`.
    """
    base = posixpath.dirname(page.slug)
    in_fence = False
    for n, line in enumerate(page.body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        matches = list(_LINK.finditer(line))
        definition = _REF_DEFINITION.match(line)
        if definition is not None:
            matches.append(definition)
        for match in matches:
            target = match.group(1)
            lineno, col = page.body_line + n, match.start(1) + 1
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith(
                ("#", "/")
            ):
                if target.startswith("/"):
                    yield lineno, col, (f'the link "{target}" starts with /; use a relative '
                                        "link to the .md file, for example compare.md.")
                continue
            path = target.split("#", 1)[0]
            if not path:
                continue
            resolved = posixpath.normpath(posixpath.join(base, path))
            if resolved.endswith("/"):
                resolved += "index.md"
            if resolved not in known:
                yield lineno, col, (f'the link "{target}" goes to a page that does not exist.'
                                    f"{suggest(resolved, known)}")
