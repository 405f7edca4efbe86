"""What content text may contain, and how it is escaped wherever it lands.

Two kinds of text field exist. *Plain* text is shown exactly as written, so it is escaped for
every target (Markdown, HTML, SVG, JSON in ``<script>``). *Prose* may use inline Markdown
(bold, italics, links) and nothing else: raw HTML, script links and MkDocs snippet markers are
rejected at validation time so content can never inject markup.
"""

from __future__ import annotations

import html
import json
import re

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


# Characters Python-Markdown's backslash escapes cover (its ESCAPED_CHARS, plus "<" and ">",
# which become entities below).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!<>-])")
# Characters that are markup only in some engines or extensions (tables, strikethrough, math,
# mark, caret, definition lists) and that Python-Markdown cannot backslash-escape: "\:" would be
# shown with its backslash. A numeric entity is literal text in every engine.
_MD_LITERAL = re.compile(r"([|~:$=^])")


def md_escape(text: str) -> str:
    """Escape plain text so Markdown shows it literally (and HTML-escape what Markdown passes)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    # Markdown backslash escapes do not cover "&" or "<" reliably across engines: use entities.
    escaped = escaped.replace("&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")
    return _MD_LITERAL.sub(lambda m: f"&#{ord(m.group(1))};", escaped)


def md_prose(text: str) -> str:
    """Prose is already validated inline Markdown; fold newlines and protect "&"."""
    return " ".join(text.split()).replace("&", "&amp;")


def html_escape(text: str) -> str:
    """Escape for HTML text and double- or single-quoted attribute values."""
    return html.escape(text, quote=True)


def json_for_script(value: object) -> str:
    """JSON safe to put inside ``<script>``: no "</", no "<!--", no U+2028/9 surprises."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_INLINE = re.compile(
    r"\*\*(?P<b>.+?)\*\*|(?<![\w*])\*(?P<i>[^*\s][^*]*?)\*(?![\w*])|"
    r"\[(?P<lt>[^\]]+)\]\(\s*(?P<lu>[^)\s]+)\s*\)"
)


def prose_to_html(text: str, resolve_link: "LinkResolver | None" = None) -> str:
    """Render a validated prose field (inline Markdown) to safe HTML, for handouts and widgets.

    Text is escaped first; only bold, italics and links are turned into tags. Link targets that
    are not http(s) or resolvable site pages are dropped (the words stay).
    """
    out: list[str] = []
    pos = 0
    text = " ".join(text.split())
    for m in _INLINE.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        if m.group("b") is not None:
            out.append(f"<strong>{prose_to_html(m.group('b'), resolve_link)}</strong>")
        elif m.group("i") is not None:
            out.append(f"<em>{prose_to_html(m.group('i'), resolve_link)}</em>")
        else:
            label, url = m.group("lt"), m.group("lu")
            href = resolve_link(url) if resolve_link else (
                url if re.match(r"^https?://", url) else None
            )
            inner = prose_to_html(label, None)
            out.append(f'<a href="{html.escape(href, quote=True)}">{inner}</a>' if href else inner)
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def prose_to_text(text: str) -> str:
    """Prose without its Markdown marks, for plain-text places (meta descriptions, JSON-LD)."""
    text = _INLINE.sub(lambda m: m.group("b") or m.group("i") or m.group("lt") or "", text)
    return " ".join(text.split())


from collections.abc import Callable  # noqa: E402

LinkResolver = Callable[[str], "str | None"]
