"""Treatment lines with their citations: one implementation for the web page and the handout.

Resolve decided which sources each line cites (:meth:`generator.resolve.Resolved.treatment`);
here a line is formatted in the output's own language: Markdown on the page (MkDocs checks its
links), HTML in the handout. The two :class:`CiteStyle` values below are the only difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..model.vocab import Source
from ..resolve import Resolved
from ..text.escape import md_escape
from ..text.inline import LinkResolver, prose_html, prose_markdown
from ..text.urls import source_href
from .fmt import fill_html, fill_markdown, md_url, short_citation
from .fragments import render
from .untranslated import mark

__all__ = ["HTML_CITES", "MARKDOWN_CITES", "CiteStyle", "cite_html", "treatment_items"]


@dataclass(frozen=True, kw_only=True)
class CiteStyle:
    """How one output writes prose, a source's short linked name, and the citation around it."""

    prose: Callable[[str, LinkResolver], str]
    source: Callable[[Source, LinkResolver], str]
    fill: Callable[..., str]  # fill_html or fill_markdown
    css_class: str


def cite_html(src: Source, link: LinkResolver) -> str:
    """A source's short name as HTML, linked where it has an address to give."""
    return render("names.html.j2",
                  items=[(short_citation(src.title, src.publisher), source_href(src.url, link))])


def _cite_markdown(src: Source, link: LinkResolver) -> str:
    words = md_escape(short_citation(src.title, src.publisher))
    return f"[{words}]({md_url(source_href(src.url, link) or '')})"


MARKDOWN_CITES = CiteStyle(prose=lambda text, link: prose_markdown(text, link=link),
                           source=_cite_markdown, fill=fill_markdown, css_class="hb-cite")
"""Condition pages (the link resolver is the page's, ``markdown=True``)."""

HTML_CITES = CiteStyle(prose=lambda text, link: prose_html(text, link=link),
                       source=cite_html, fill=fill_html, css_class="cite")
"""Handouts (the link resolver gives public addresses: paper has no current page)."""


def treatment_items(r: Resolved, slug: str, style: CiteStyle, *,
                    link: LinkResolver) -> list[Markup]:
    """A condition's treatment lines, each with a small linked citation when it names sources."""
    template = str(r.strings["condition"]["treatment_source"])
    out = []
    for line in r.treatment(slug):
        # untranslated: marked (the page says so in words at its top)
        text = mark(r, line.text, style.prose(line.text, link), note=False)
        if line.sources:
            names = ", ".join(style.source(src, link) for src in line.sources)
            text += render("cite.html.j2", name=style.css_class,
                           sources=Markup(style.fill(template, sources=names)))
        out.append(Markup(text))
    return out
