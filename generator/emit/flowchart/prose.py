"""Prose fields (inline Markdown) as safe segments, for the flowchart's HTML and JSON emitters.

Help texts and outcome texts may use ``**bold**``, ``*italic*`` and ``[links](…)``. The text
version is raw HTML inside a Markdown page and the step-by-step guide builds its DOM from JSON with
``textContent``, so neither can hand the field to a Markdown engine. Parsing it once into a flat
list of segments (text, strong, em, link) gives both emitters the same reading of the text, and
escaping happens at the very end, per segment, so no content character can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ...textrules import html_escape

SegmentKind = Literal["text", "strong", "em", "link"]


@dataclass(frozen=True, kw_only=True)
class Segment:
    kind: SegmentKind
    text: str
    href: str | None = None

    def as_json(self) -> dict[str, str]:
        out = {"kind": self.kind, "text": self.text}
        if self.href is not None:
            out["href"] = self.href
        return out


_TOKEN = re.compile(
    r"\\(?P<esc>[\\`*_{}\[\]()#+\-.!|<>~])"
    r"|\[(?P<ltext>[^\]]+)\]\(\s*<?(?P<lhref>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
    r"|\*\*(?P<b1>\S(?:.*?\S)?)\*\*"
    r"|(?<![\w])__(?P<b2>\S(?:.*?\S)?)__(?![\w])"
    r"|\*(?P<i1>[^\s*](?:[^*]*?[^\s*])?)\*"
    r"|(?<![\w])_(?P<i2>[^\s_](?:[^_]*?[^\s_])?)_(?![\w])"
)
_INNER_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|\\(?=[\\`*_{}\[\]()#+\-.!|<>~])")
_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_MD_LINK = re.compile(r"^(?P<path>[^#?]*?)\.md(?P<frag>#[^\s]*)?$")


def resolve_href(target: str, condition_url: Callable[[str], str]) -> str | None:
    """Where a prose link points, as a URL relative to the /flowchart/ page; ``None`` if unsafe.

    Content links name other pages by their source file (``conditions/sciatica.md``,
    ``guides/walking.md``); condition pages go through ``condition_url`` so they match the rest
    of the site, other pages become ``../<path>/`` (MkDocs directory URLs).
    """
    target = target.strip()
    if _SAFE_SCHEME.match(target):
        return target
    if _ANY_SCHEME.match(target) or target.startswith("//"):
        return None
    if target.startswith("#"):
        return target
    m = _MD_LINK.match(target)
    if m is None:
        return target
    path = m.group("path")
    while path.startswith(("./", "../")):
        path = path.split("/", 1)[1]
    path = path.removeprefix("pages/")
    frag = m.group("frag") or ""
    parts = path.split("/")
    if len(parts) == 2 and parts[0] == "conditions":
        return condition_url(parts[1]) + frag
    if path in ("index", ""):
        return "../" + frag
    if parts[-1] == "index":
        path = "/".join(parts[:-1])
    return f"../{path}/{frag}"


def _strip_marks(text: str) -> str:
    return _INNER_MARKS.sub("", text)


def parse_inline(text: str, condition_url: Callable[[str], str]) -> list[Segment]:
    """Split validated prose into segments; adjacent plain text is merged."""
    text = " ".join(text.split())
    out: list[Segment] = []

    def add(kind: SegmentKind, value: str, href: str | None = None) -> None:
        if not value:
            return
        if kind == "text" and out and out[-1].kind == "text":
            out[-1] = Segment(kind="text", text=out[-1].text + value)
        else:
            out.append(Segment(kind=kind, text=value, href=href))

    pos = 0
    for m in _TOKEN.finditer(text):
        add("text", text[pos : m.start()])
        pos = m.end()
        if m.group("esc") is not None:
            add("text", m.group("esc"))
        elif m.group("ltext") is not None:
            label = _strip_marks(m.group("ltext"))
            href = resolve_href(m.group("lhref"), condition_url)
            if href is None:
                add("text", label)
            else:
                add("link", label, href)
        elif (b := m.group("b1") or m.group("b2")) is not None:
            add("strong", _strip_marks(b))
        elif (i := m.group("i1") or m.group("i2")) is not None:
            add("em", _strip_marks(i))
    add("text", text[pos:])
    return out


def segments_html(segments: list[Segment]) -> str:
    """Segments as HTML; every text is escaped here and nowhere else."""
    parts: list[str] = []
    for s in segments:
        t = html_escape(s.text)
        if s.kind == "strong":
            parts.append(f"<strong>{t}</strong>")
        elif s.kind == "em":
            parts.append(f"<em>{t}</em>")
        elif s.kind == "link":
            parts.append(f'<a href="{html_escape(s.href or "")}">{t}</a>')
        else:
            parts.append(t)
    return "".join(parts)


def prose_html(text: str, condition_url: Callable[[str], str]) -> str:
    return segments_html(parse_inline(text, condition_url))


def segments_plain(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments)
