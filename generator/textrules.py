"""What was left of the old text rules: the field checks the content model still calls.

Every emitter renders and escapes through :mod:`generator.text` (inline Markdown, escaping, link
safety). Only two callers remain here, owned by other stages and kept working until they switch:
``generator/model/fields.py`` validates fields with :func:`plain_problems` and
:func:`prose_problems` (their messages are part of the expected error output), and the quality
checks read plain words through :func:`prose_to_text`, which now delegates to
:func:`generator.text.inline.prose_plain`. When both have moved to
:func:`generator.text.inline.problems` / ``plain_problems`` / ``prose_plain``, delete this module.
"""

from __future__ import annotations

import re

from .text.inline import prose_plain

_HTML_TAG = re.compile(r"<\s*[/!?a-zA-Z]")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_AUTOLINK_SCHEME = re.compile(r"(javascript|vbscript)\s*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_START = re.compile(r"^\s*(#{1,6}\s|>|```|~~~|\|.*\||={3,}|-{3,}\s*$|\*\s|-\s|\+\s|\d+\.\s)")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_ATTR_LIST = re.compile(r"\{\s*[:#.]")
_SNIPPET = "--8<--"


def plain_problems(text: str) -> list[str]:
    """Problems with a plain-text field (it is escaped, so only invisible junk is refused)."""
    if _CONTROL.search(text):
        return ["contains an invisible control character; retype this text."]
    return []


def prose_problems(text: str) -> list[str]:
    """Why a prose field is not allowed, in words an editor understands (empty if fine)."""
    problems = plain_problems(text)
    if _HTML_TAG.search(text):
        problems.append(
            "contains raw HTML (something like <tag>); only plain words and inline Markdown "
            "(**bold**, *italic*, [links](…)) are allowed. Write < as the words "
            '"less than" if you meant it.'
        )
    for _label, target in _LINK.findall(text):
        if _BAD_SCHEME.match(target):
            problems.append(
                f'has a link to "{target[:40]}"; links must go to web pages (https://…) '
                "or to other pages of this site."
            )
    if _AUTOLINK_SCHEME.search(text) and not problems:
        problems.append(
            "mentions a javascript: or vbscript: address; links must go to web pages "
            "(https://…) or to other pages of this site."
        )
    if _SNIPPET in text:
        problems.append('contains the file-include marker "--8<--"; remove it.')
    if _ENTITY.search(text):
        problems.append(
            "contains an HTML character reference such as &amp;; type the character itself."
        )
    if _ATTR_LIST.search(text):
        problems.append('contains "{:" or "{#" or "{." (Markdown attribute syntax); remove it.')
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if _BLOCK_START.match(first) or any(
        _BLOCK_START.match(line) for line in text.splitlines()[1:] if line.strip()
    ):
        problems.append(
            "starts a Markdown block (a heading, quote, list, table or code fence); prose "
            "fields hold sentences only. Use a YAML list for bullet points."
        )
    return problems


def prose_to_text(text: str) -> str:
    """Prose as plain words: :func:`generator.text.inline.prose_plain` (one reading of prose)."""
    return prose_plain(text)
