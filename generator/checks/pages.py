"""Hand-written pages: what they link to, and what they may contain.

A page is Markdown that MkDocs renders, raw HTML included, so it is checked twice:

* its links lead to pages that exist (:func:`.links.page_link_problems`);
* nothing in it would be removed by the one allow-list sanitiser: raw ``<script>``,
  ``<iframe>``, ``<meta http-equiv>``, ``on*=`` attributes, ``javascript:`` and other refused
  addresses (inline, reference-style or in raw ``<a href>``), images from other sites, snippet
  includes, note boxes and abbreviation definitions
  (:func:`generator.text.sanitize.page_problems`).

Both report at ``path:line:col``. Where both find the same spot (a link that starts with ``/``)
the link check's advice is kept: it knows that a page links relative to its own file.
"""

from __future__ import annotations

from ..diagnostics import Report, suggest
from ..model.content import Content
from ..model.sitemap import site_map
from ..text.placeholders import LINE, LOOKS_LIKE
from ..text.placeholders import NAMES as PLACEHOLDERS
from ..text.sanitize import page_problems
from .links import anchor_lookup, known_doc_paths, page_link_problems


def check_pages(content: Content, report: Report) -> None:
    """Every page's links resolve and its body holds only what the allow-list keeps, and no
    page takes the address of a page the site makes itself."""
    known = known_doc_paths(content)
    made = set(site_map((), content.condition_slugs).pages)  # every page but the content's
    # by address: pages/compare/index.md would take /compare/ as surely as pages/compare.md
    made_at = {_address(m.removesuffix(".md")): m.removesuffix(".md") for m in made}
    shadowed = _shadowed(content, report)
    anchors = anchor_lookup(content)
    for page in content.pages:
        if page.slug in shadowed:
            continue
        address = _address(page.slug)
        if address in made_at:
            report.add(page.display, 1, 1, f"the site makes a page at /{address} itself "
                       f"({_what(made_at[address])}), so this page would replace it or be "
                       "lost. Rename the file.")
            continue
        taken: set[tuple[int, int]] = set()
        for line, col, message in page_link_problems(page, known, anchors):
            taken.add((line, col))
            report.add(page.display, line, col, message)
        for line, col, message in page_problems(page.body, page.body_line):
            if (line, col) not in taken:
                report.add(page.display, line, col, message)
        _placeholders(content, page.display, page.body, page.body_line, report)


def _address(slug: str) -> str:
    """The web address a page gets: ``about`` and ``about/index`` both become ``/about/``."""
    return "" if slug == "index" else slug.removesuffix("/index") + "/"


def _shadowed(content: Content, report: Report) -> set[str]:
    """Two pages that get the same address (``pages/about.md`` and ``pages/about/index.md``):
    MkDocs would keep one and drop the other, and the build failed on the links to the lost
    one without naming either file. Reported at the second, naming the first; the slugs of
    the pages reported are returned (their links are not checked again)."""
    first: dict[str, str] = {}
    out: set[str] = set()
    for page in sorted(content.pages, key=lambda p: p.slug):
        address = _address(page.slug)
        if address in first:
            other = content.display(f"pages/{first[address]}.md")
            report.add(page.display, 1, 1, f"this page and {other} both become the page "
                       f"/{address}, so one of them would be lost. Rename or remove one of "
                       "them.")
            out.add(page.slug)
        first.setdefault(address, page.slug)
    return out


def _placeholders(content: Content, display: str, body: str, first: int,
                  report: Report) -> None:
    """Unknown placeholders and sign lists are errors here, not blanks on the page."""
    lists = [x.id for x in content.red_flags.lists] if content.has("red-flags.yml") else []
    for n, line in enumerate(body.splitlines()):
        found = LOOKS_LIKE.match(line)
        if not found:
            continue
        name, arg = found.group(1), found.group(2)
        where = (display, first + n, 1)
        if name in PLACEHOLDERS and not LINE.match(line):
            written = f"{{{{ {name}{f': {arg}' if arg is not None else ''} }}}}"
            report.add(*where, f"write this placeholder as {written}, with one space inside "
                       "each pair of braces; as it is, the page would show the braces.")
        elif name not in PLACEHOLDERS:
            report.add(*where, f'there is no placeholder "{{{{ {name} }}}}".'
                       f"{suggest(name, PLACEHOLDERS)} Placeholders: "
                       + ", ".join(f"{{{{ {p} }}}}" for p in PLACEHOLDERS) + ".")
        elif arg is not None and name != "red-flags":
            report.add(*where, f'"{{{{ {name} }}}}" takes nothing after a colon; remove '
                       f'": {arg}".')
        elif arg is not None and lists and arg not in lists:
            report.add(*where, f'there is no sign list "{arg}" in red-flags.yml.'
                       f"{suggest(arg, lists)}")


def _what(slug: str) -> str:
    if slug.startswith("conditions/"):
        return "the list of conditions" if slug == "conditions/index" else "a condition page"
    return {"compare": "the comparison table", "where-does-it-hurt": "the body map",
            "flowchart": "the flowchart", "handouts": "the list of handouts",
            "how-we-check": "how we check this guide",
            "hazard-log": "the hazard log for clinical safety officers"}.get(slug,
                                                                            "a page of its own")
