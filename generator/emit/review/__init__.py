"""The review report for the clinician who signs: what changed since the last sign-off, as plain
text (the terminal), Markdown or a standalone HTML page. Every value from the content is escaped
for the format it lands in (:mod:`generator.text.escape`)."""

from __future__ import annotations

from ...model.content import Content
from ...model.safety_parts import Status
from ...resolve import format_date
from ...text.escape import md_escape
from ..fragments import render
from .sections import Entry, Section, review_sections

__all__ = ["Section", "review_html", "review_markdown", "review_sections", "review_text"]

_STATE = {
    "new": "new since the sign-off",
    "changed": "changed since the sign-off",
    "removed": "removed since the sign-off",
    "whole": "changed since the sign-off (the signed words are not kept, so it is shown whole)",
}
_KIND = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def summary(status: Status, sections: list[Section]) -> str:
    """One sentence on where the content stands against the sign-off."""
    if status.signoff is None:
        return ("No clinician has signed off this content yet, so all of its safety content "
                "is shown below as new.")
    who = status.signoff.signed_by
    by = (f"{who.name}, {who.role} ({who.registration}), on "
          f"{format_date(status.signoff.date)}")
    if not sections:
        return f"Nothing in the safety content has changed since it was signed off by {by}."
    return (f"{len(sections)} part(s) of the safety content changed since it was signed off by "
            f"{by}. Each change shows the old words and the new.")


def _heading(content: Content) -> str:
    return f"Clinical review: {content.site.title}"


def _text_lines(label: str, lines: tuple[str, ...]) -> list[str]:
    if len(lines) == 1:
        return [f"    {label}: {lines[0]}"]
    return [f"    {label}:", *(f"      {line}" for line in lines)] if lines else []


def review_text(content: Content, status: Status) -> str:
    """For the terminal."""
    sections = review_sections(content, status)
    out = [_heading(content), "", summary(status, sections)]
    for s in sections:
        out += ["", f"== {s.title}: {_STATE[s.state]} =="]
        for x in s.entries:
            out.append(f"* {_KIND[x.kind]}: {x.what}" + (f"  [{x.where}]" if x.where else ""))
            out += _text_lines("was", x.old) + _text_lines("now", x.new)
    return "\n".join(out) + "\n"


def _md_entry(x: Entry) -> list[str]:
    where = f" ({md_escape(x.where)})" if x.where else ""
    out = [f"- **{_KIND[x.kind]}:** {md_escape(x.what)}{where}"]
    for label, lines in (("Was", x.old), ("Now", x.new)):
        if lines:
            out.append(f"    - {label}:")
            out += [f"        - {md_escape(line.strip())}" for line in lines]
    return out


def review_markdown(content: Content, status: Status) -> str:
    sections = review_sections(content, status)
    out = [f"# {md_escape(_heading(content))}", "", md_escape(summary(status, sections))]
    for s in sections:
        out += ["", f"## {md_escape(s.title)}", "", f"*{md_escape(_STATE[s.state])}*", ""]
        for x in s.entries:
            out += _md_entry(x)
    return "\n".join(out) + "\n"


def review_html(content: Content, status: Status) -> str:
    """A standalone page (no scripts, no outside requests) to read or print."""
    sections = review_sections(content, status)
    return render("review.html.j2", lang=content.site.language, heading=_heading(content),
                  summary=summary(status, sections), sections=sections, states=_STATE,
                  kinds=_KIND) + "\n"
