"""Fill a sentence from the strings file with pieces of markup, escaping only the words around them.

A string such as ``"Ends at: {outcome} ({tier})"`` is reader text (escaped for the output), while
the values put into it are finished markup (a link, a badge). ``str.format`` on escaped text would
escape the markup too, and escaping after filling would let the template's own characters pass
unescaped into a raw HTML block; these functions escape each literal piece of the template and
nothing else.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from ..text.escape import html_escape, md_escape

_FORMATTER = string.Formatter()

NOT_SEARCHED = ' data-search-exclude="1"'
"""The attribute that keeps an element out of the site's search index (Material's search plugin
reads it, then takes it off the page): for blocks that repeat what is indexed elsewhere, such as
the "On this page" list (the headings) and the comparison table (the condition pages' words), and
for tables and diagrams whose cells and labels the index would glue into one unreadable run
("SciaticaGroinUpper…", "YesNoYesNo…"): the where-does-it-hurt table and body maps, the flowchart
diagram. Their pages' sentences (intro, region sections, the text version) are indexed instead."""


def _fill(template: str, escape: Callable[[str], str], parts: dict[str, str]) -> str:
    out: list[str] = []
    for literal, name, _spec, _conv in _FORMATTER.parse(template):
        if literal:
            out.append(escape(literal))
        if name is not None:
            out.append(parts[name] if name in parts else escape("{" + name + "}"))
    return "".join(out)


def fill_html(template: str, **parts: str) -> str:
    """``template`` as HTML, with each ``{name}`` replaced by the HTML in ``parts``."""
    return _fill(template, html_escape, parts)


def fill_markdown(template: str, **parts: str) -> str:
    """``template`` as Markdown, with each ``{name}`` replaced by the Markdown in ``parts``."""
    return _fill(template, md_escape, parts)


def md_url(url: str) -> str:
    """An external address (sources.yml checked its shape) as a Markdown link destination."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def _bracketed(text: str) -> str | None:
    """The short code in brackets at the end of ``text`` ("… (NG59)" → "NG59"), if any."""
    text = text.rstrip()
    head, sep, code = text.rpartition("(")
    code = code[:-1].strip() if text.endswith(")") else ""
    if sep and head.strip() and code and " " not in code and len(code) <= 12:
        return code
    return None


def short_citation(title: str, publisher: str) -> str:
    """How a treatment line names its source: "NICE NG59" for a guideline whose title ends in a
    short code in brackets (the publisher by its own bracketed short name when it has one),
    otherwise the source's title (the full entry is under Sources)."""
    code = _bracketed(title)
    if code is None:
        return title
    return f"{_bracketed(publisher) or publisher} {code}"
