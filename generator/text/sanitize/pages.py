"""The safety check of hand-written page bodies, with the line and column of each problem.

Pages are Markdown that MkDocs renders, raw HTML included. A body is rendered the same way,
run through the allow-list (:mod:`.policy`), and whatever nh3 would remove is reported at the
place in the source that made it: a raw ``<iframe``, an ``onclick=``, a ``{: .class}``, the URL
of a link or a reference definition. Markdown features the engine keeps for itself are refused
as well: note boxes (``!!!``/``???``), abbreviation definitions (``*[term]: …``), snippet
includes (``--8<--``), the ``[TOC]`` marker and the comment lines that mark the generator's own
HTML blocks (:mod:`generator.text.rawhtml`).
"""

from __future__ import annotations

import re

from ..rawhtml import forged_markers
from ..urls import is_safe_href, link_problem
from .policy import ALLOWED_CLASSES, Removed, removed_from, render_page

__all__ = ["page_problems"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SNIPPET = re.compile(r"-+8<-+")
_FENCE = re.compile(r"^(`{3,}|~{3,})")  # fenced_code: at the start of a line, closed by the same
_CODE_SPAN = re.compile(r"(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_LINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^[ \t]*(!!!|\?\?\?\+?)", re.MULTILINE),
        ('"{0}" starts a note box (admonition); pages may not make their own, because the site '
        "makes its warning boxes from the content files. Write a heading and a paragraph instead."),
    ),
    (
        re.compile(r"^[ \t]{0,3}\*\[[^\]\n]*\]:", re.MULTILINE),
        ("an abbreviation definition (*[term]: …) is not allowed in pages; the site makes the "
        "glossary tooltips from glossary.yml: add the term there."),
    ),
    (
        re.compile(r"^[ \t]*\[TOC\][ \t]*$", re.MULTILINE),
        ("the marker [TOC] is not supported; the site shows a page's contents beside it. "
        "Remove it."),
    ),
)
_REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)

_ELEMENT_HELP = {
    "script": "content cannot run code. Remove it.",
    "style": "the site's look comes from its theme. Remove it.",
    "iframe": "it shows another site inside the page. Link to the page instead.",
    "frame": "it shows another site inside the page. Link to the page instead.",
    "object": "it embeds another file or site. Link to it instead.",
    "embed": "it embeds another file or site. Link to it instead.",
    "form": "the site collects nothing from readers. Remove it.",
    "input": "the site collects nothing from readers. Remove it.",
    "button": "the site collects nothing from readers; a link can look like a button: "
              "[Start](flowchart.md){ .md-button }.",
    "select": "the site collects nothing from readers. Remove it.",
    "textarea": "the site collects nothing from readers. Remove it.",
    "meta": "it changes the whole page; a page's title and description go in its front matter.",
    "link": "it loads files into the whole page. Remove it.",
    "base": "it changes where every link of the page goes. Remove it.",
    "b": "write **bold** in Markdown instead.",
    "strong": "write **bold** in Markdown instead.",
    "i": "write *italic* in Markdown instead.",
    "u": "underlined words look like links; use **bold** or *italic* instead.",
    "svg": "save the picture as an image file and show it with ![description](file.svg).",
    "img": "show images with ![description](file.png).",
}


def _element_message(tag: str) -> str:
    help_text = _ELEMENT_HELP.get(tag, "write it in Markdown instead (headings, lists, tables, "
                                       "links and images are all available).")
    return f"raw HTML <{tag}> is not allowed in pages; {help_text}"


def _url_message(url: str) -> str:
    problem = link_problem(url)
    return problem or f'the link "{url[:50]}" is not allowed; use https://, mailto:, tel: or ' \
                      "a page of this site."


def _image_message(src: str) -> str:
    if _SCHEME.match(src) and src.lower().startswith(("https:", "http:")) or src.startswith("//"):
        return (f'the image "{src[:50]}" comes from another site; images must be files of this '
                "site (for example images/hip.png), so readers' browsers contact no one else. "
                "Save the image with the page and use its path.")
    return (f'the image address "{src[:50]}" is not allowed; images must be files of this site, '
            "given by their path (for example images/hip.png).")


def _attribute_message(item: Removed) -> str:
    name, value, tag = item.attribute, item.value, item.tag
    if name.startswith("on"):
        return f"the attribute {name}= runs code and is not allowed in pages; remove it."
    if name == "style":
        return "the attribute style= is not allowed in pages; the theme sets the look. Remove it."
    if name == "href":
        return _url_message(value)
    if name == "src" and tag == "img":
        return _image_message(value)
    if name == "class":
        allowed = sorted(ALLOWED_CLASSES.get(tag, ()))
        hint = (f"on <{tag}> only {', '.join(allowed)} may be used" if allowed
                else f"<{tag}> may not have a class")
        return f'the class "{value}" is not allowed in pages ({hint}); remove it.'
    if name == "id":
        return "an id is only allowed on headings (## Heading {#my-id}); remove it."
    return f"the attribute {name}= is not allowed on <{tag}> in pages; remove it."


def _patterns(item: Removed) -> list[str]:
    """Where an editor wrote what was removed: raw HTML first, then Markdown's own spellings."""
    if not item.attribute:
        return [rf"<{re.escape(item.tag)}\b"]
    name, value = re.escape(item.attribute), re.escape(item.value)
    found = [value] if item.attribute in ("href", "src") and item.value else []
    found.append(rf"(?<![\w-]){name}\s*=")
    if item.attribute == "class":
        found += [rf"\{{[^}}\n]*(?P<at>\.{re.escape(c)})\b" for c in item.value.split()]
    if item.attribute == "id":
        found.append(rf"\{{[^}}\n]*(?P<at>#{value})")
    return found


class _Locator:
    """Finds the k-th occurrence of a construct for its k-th problem (document order).

    A pattern may mark the exact spot with a group named ``at`` (the ``.x`` in ``{: .x}``).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor: dict[str, int] = {}

    def find(self, patterns: list[str]) -> int | None:
        for pattern in patterns:
            compiled = re.compile(pattern, re.IGNORECASE)
            start = self.cursor.get(pattern, 0)
            found = compiled.search(self.text, start) or compiled.search(self.text)
            if found is not None:
                self.cursor[pattern] = found.end()
                return found.start("at") if "at" in compiled.groupindex else found.start()
        return None


def _mask_code(body: str) -> str:
    """``body`` with fenced code blocks and code spans blanked (same length, same lines)."""
    lines = body.split("\n")
    fence = ""
    for n, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if line.rstrip(" ") == fence:
                fence = ""
            lines[n] = " " * len(line)
        elif opening:
            fence = opening.group(1)
            lines[n] = " " * len(line)
    text = "\n".join(lines)
    return _CODE_SPAN.sub(lambda span: re.sub(r"[^\n]", " ", span.group(0)), text)


def page_problems(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """Every unsafe or refused construct in a page body: ``(line, col, message)``, sorted.

    ``first_line`` is the line of the file where ``body`` starts (after the front matter).
    The body is rendered as MkDocs will render it and every element, attribute and URL the
    allow-list removes is reported at the place in the source that made it. Markdown features
    the engine keeps for itself (note boxes, abbreviation definitions, snippet includes) are
    refused too. Code in fences and backticks is shown, not obeyed, so it is not judged, with
    one exception: the snippet marker, which the snippets extension expands even in code.
    Whether links lead to existing pages is checked elsewhere; this judges safety only.
    """
    masked = _mask_code(body)
    found: set[tuple[int, int, str]] = set()

    def report(offset: int | None, message: str) -> None:
        offset = offset or 0
        line = first_line + body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        found.add((line, col, message))

    for at in forged_markers(body):  # in code and comments too: engines read them first
        end = body.find("-->", at)
        shown = " ".join(body[at:end if 0 <= end - at < 60 else at + 24].split())
        report(at, f'the comment "{shown} -->" looks like the markers of the blocks the site '
                   "makes itself, which content cannot write (not even in code). Remove it.")
    for match in _SNIPPET.finditer(body):
        report(match.start(), f'the file-include marker "{match.group()}" is not allowed in '
                              "pages; copy the text in, or link to the page that has it.")
    for pattern, message in _LINE_RULES:
        for match in pattern.finditer(masked):
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip(" \t"))
            report(start, message.format(match.group(1) if match.groups() else ""))
    for match in _REF_DEFINITION.finditer(masked):
        if not is_safe_href(match.group(1)):
            report(match.start(1), _url_message(match.group(1)))
    locate, anywhere = _Locator(masked), _Locator(body)
    for item in removed_from(render_page(body)):
        message = _attribute_message(item) if item.attribute else _element_message(item.tag)
        spot = locate.find(_patterns(item))
        # not outside code: something the engine reads before code (a forged marker) let it out
        report(anywhere.find(_patterns(item)) if spot is None else spot, message)
    return sorted(found)
