"""Links written in content: hand-written pages and YAML prose must link to pages that exist."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from ..diagnostics import Report, suggest
from ..load.yamlio import Loaded, Loc
from ..model.content import Content, Page
from ..model.sitemap import site_map
from ..text.memo import Same, remembered
from ..text.sanitize import render_page

Anchors = Callable[[str], "frozenset[str] | None"]
"""Page path (``about.md``) → the ids of its headings, or ``None`` for a page the site makes."""
_ID = re.compile(r"""\bid=["']([^"']*)["']""")


def page_anchors(page: Page) -> frozenset[str]:
    """The ids a page's HTML will have (its headings, as MkDocs names them), rendered the way
    MkDocs renders it: the build checks every ``#heading`` of a link against these."""
    return frozenset(_ID.findall(render_page(page.body)))


def anchor_lookup(content: Content) -> Anchors:
    """:data:`Anchors` for the pages of ``content`` (each page rendered once, when asked)."""
    written = {f"{p.slug}.md": p for p in content.pages}

    @functools.cache
    def anchors(path: str) -> frozenset[str] | None:
        return page_anchors(written[path]) if path in written else None

    return anchors


def anchor_problem(target: str, anchor: str, ids: frozenset[str] | None) -> str | None:
    """Why ``target#anchor`` leads to no heading, or ``None``. The headings of the pages the
    site makes come from the engine and may change, so no link may name one."""
    if ids is None:
        return (f'the link "{target}" names a heading (#{anchor}) of a page the site makes; '
                "its headings are not written in the content and may change. Link to the "
                "page without #….")
    if anchor in ids:
        return None
    return (f'the link "{target}" goes to a heading that does not exist (#{anchor}).'
            f"{suggest(anchor, sorted(ids))} A heading's name is its words in lowercase, "
            "with hyphens for spaces; only headings written in the page can be linked to.")

_LINK = re.compile(r"\[(?:[^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?([^\s>]+)>?")
"""A reference-style link's definition (``[1]: conditions/sciatica.md``): checked like inline."""


# Pages the generator makes, by Markdown path (relative to the docs folder).
def known_doc_paths(content: Content) -> set[str]:
    """Every page a link may name: the site map's."""
    return set(site_map((p.slug for p in content.pages), content.condition_slugs).pages)


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
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue
            out.append((loc, target))
    return tuple(out)


def _check_prose_links(report: Report, content: Content, known: set[str]) -> None:
    """Links to site pages written inside YAML prose must lead to pages (and headings) that
    exist."""
    anchors = anchor_lookup(content)
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
            elif not path and len(target) > 1:  # "#x": a heading of whatever page it lands on
                report.add(*content.where(key, loc), f'the link "{target}" names a heading of '
                           "the page this text lands on, which the site makes (its headings "
                           "may change, and the text may be shown on more than one page). "
                           "Link to a page instead, for example about.md#who-made-it.")
            elif path and target.split("#", 1)[-1] and "#" in target:
                problem = anchor_problem(target, target.split("#", 1)[1], anchors(path))
                if problem:
                    report.add(*content.where(key, loc), problem)


def _own_page(url: str, public_url: str) -> bool:
    """Whether the web address ``url`` is on the site itself (under its public address)."""
    own, there = urlsplit(public_url), urlsplit(url)
    return (there.hostname or "").lower() == (own.hostname or "").lower() and (
        there.path or "/").startswith(own.path or "/")


def _check_source_links(report: Report, content: Content, known: set[str]) -> None:
    """A source on this site is named by its page (``about.md#…``), which must exist: a full
    address of the site's own would break wherever the site is published elsewhere, and on
    a preview (whose address is a placeholder) lead nowhere."""
    anchors = anchor_lookup(content)
    public_url = getattr(content.site, "public_url", None)  # None: site.yml did not validate
    for i, src in enumerate(content.sources.sources):
        where = content.where("sources.yml", ("sources", i, "url"))
        if "://" in src.url:
            if public_url and _own_page(src.url, public_url):
                report.add(*where, f'the source "{src.id}" is a page of this site '
                           f"({src.url}); name the page by its file from the site root, for "
                           "example about.md#source-article, so the link works wherever the "
                           "site is published.")
            continue
        path, _hash, anchor = src.url.partition("#")
        if path not in known and (content.root / "pages" / path).is_file():
            continue  # a page that did not validate: its own errors say why
        if path not in known:
            report.add(*where, f'the source "{src.id}" goes to a page that does not exist '
                       f'("{path}").{suggest(path, known)} Name a page of this site by its file '
                       "from the site root, for example about.md#source-article.")
        elif anchor and (problem := anchor_problem(src.url, anchor, anchors(path))):
            report.add(*where, problem)


def check_links(content: Content, report: Report) -> None:
    """Prose links resolve and the home page exists (pages: :mod:`.pages`)."""
    known = known_doc_paths(content)
    _check_prose_links(report, content, known)
    _check_source_links(report, content, known)
    slugs = {p.slug for p in content.pages}
    if "index" not in slugs:
        report.add(content.display("pages"), 1, 1, "there is no home page; add pages/index.md.")


def page_link_problems(page: Page, known: set[str],
                       anchors: Anchors = lambda _path: frozenset()
                       ) -> Iterator[tuple[int, int, str]]:
    """``(line, col, message)`` for each link of ``page`` that leads nowhere: to no page, or
    to no heading of that page (``anchors``).

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
            if target.startswith("#") and len(target) > 1:
                problem = anchor_problem(target, target[1:], anchors(f"{page.slug}.md"))
                if problem:
                    yield lineno, col, problem
                continue
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
            elif "#" in target and target.split("#", 1)[1]:
                problem = anchor_problem(target, target.split("#", 1)[1], anchors(resolved))
                if problem:
                    yield lineno, col, problem
