"""Render the content into a tree of files: Markdown pages, SVG, JSON, nav settings.

Rendering is pure: it returns ``{relative path: bytes}`` and writes nothing, so the same content
always gives the same bytes and the writer can skip files whose bytes did not change.

Text reaches a page by exactly one of three routes: plain values through
:func:`~generator.text.escape.md_escape` (the ``md`` filter), prose through
:func:`~generator.text.inline.prose_markdown` with the page's own link resolver (the ``prose``
filter: links become relative ``.md`` paths that MkDocs checks and rewrites), and finished HTML blocks
(care cards, maps) made by the emitters with :func:`~generator.text.inline.prose_html` and the
resolver for the built page's URL, handed through Markdown unread
(:func:`~generator.text.rawhtml.raw_block`).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ...model import Condition
from ...model.sitemap import Place, SiteMap, condition_page
from ...resolve import Resolved, format_date
from ...text.escape import MEMO_CHARS, MEMO_SIZE, html_escape, md_escape
from ...text.inline import prose_markdown, prose_plain
from ...text.placeholders import LINE as PLACEHOLDER_LINE
from ...text.placeholders import NAMES as PLACEHOLDER_NAMES
from ...text.rawhtml import raw_block, seal
from ...text.urls import source_href
from .. import care, home
from ..fmt import md_url
from ..fragments import EscapingEnvironment
from ..untranslated import mark, part_note
from .condition import condition_context

TEMPLATES = Path(__file__).parent / "templates"

META_DIR = ".hipback"
"""Sidecar folder inside the docs folder (MkDocs ignores dot-folders): nav and settings."""

WIDE_PAGES = ("compare", "where", "flowchart", "condition", "hazard-log")
"""Pages without Material's right-hand table of contents: wide tables, maps and diagrams need
the room, and a condition page has its own "On this page" list at the top instead."""


def _yaml_str(value: str) -> str:
    # JSON strings are valid YAML scalars and escape everything that matters.
    return json.dumps(value, ensure_ascii=False)


def meta_str(value: str) -> str:
    """A front-matter text value. Material prints page titles and descriptions into <title>
    and attributes without escaping, so escape for HTML here, then quote for YAML."""
    return _yaml_str(html.escape(value, quote=True))


Mark = Callable[[str, str], str]
"""``Resolved.mark``: a text's rendering, marked when the page shows it untranslated."""


def _unmarked(_text: str, rendered: str) -> str:
    return rendered


def prose_for(page: str, links: SiteMap, mark: Mark = _unmarked) -> Callable[[str], Markup]:
    """The ``prose`` filter for the page built from ``page`` (docs-relative path): its links
    are Markdown links, which the engine checks and turns into the page's URLs."""
    link = links.resolver(page, Place.MARKDOWN)

    def prose(text: str) -> Markup:
        return Markup(mark(text, prose_markdown(text, link=link)))

    return prose


def _marked_md(mark: Mark) -> Callable[[Any], Markup]:
    """The ``md`` filter of a translated language: plain text shown in the source language
    is marked as not yet translated."""

    def md(value: Any) -> Markup:
        return Markup(mark(str(value), md_escape(value)))

    return md


def _marks(escape: Callable[..., str]) -> Callable[..., Markup]:
    """A filter whose result is final: the environment's autoescape leaves it as it is.

    ``escape`` is pure, and a page prints the same short texts again and again (labels, ids,
    the engine's words: 87,000 filtered values at 1,000 conditions), so the answer for a short
    text is kept, as markup, as the escape functions keep theirs (same bounds)."""
    known: dict[str, Markup] = {}

    def filtered(value: Any, *args: Any) -> Markup:
        if args or type(value) is not str:
            return Markup(escape(value, *args))
        found = known.get(value)
        if found is None:
            found = Markup(escape(value))
            if len(value) <= MEMO_CHARS and len(known) < MEMO_SIZE:
                known[value] = found
        return found

    return filtered


def _autoescaped(value: object) -> str:
    """A printed value as Jinja's autoescape prints it (markupsafe's escape), in one call:
    a filter's result (markup) as it is, anything else HTML-escaped."""
    return value if isinstance(value, Markup) else escape(value)


def make_env(links: SiteMap, lang: str = "en") -> jinja2.Environment:
    """The environment of the Markdown templates.

    It autoescapes: a value printed without one of the filters below, each of which escapes for
    its place (Markdown text, HTML, front-matter YAML, a link target) and marks its result as
    final, is HTML-escaped, so a template that forgets a filter shows the text instead of
    running it. Finished pieces the emitters made (HTML blocks, cited Markdown lines) enter the
    context as :class:`~markupsafe.Markup`.
    """
    env = EscapingEnvironment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_autoescaped,
        auto_reload=False,  # compiled once (see emit.fragments.environment)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}: move Jinja comments out of their way.
        comment_start_string="<#--",
        comment_end_string="--#>",
    )
    env.filters["md"] = _marks(md_escape)
    env.filters["html"] = _marks(html_escape)
    env.filters["raw_block"] = _marks(raw_block)  # {% filter raw_block %}: see text.rawhtml
    env.filters["yaml"] = _marks(_yaml_str)
    env.filters["meta"] = _marks(meta_str)
    env.filters["url"] = _marks(md_url)
    env.filters["date"] = _marks(lambda value: format_date(value, lang))  # in the language
    env.filters["prose"] = prose_for("index.md", links)
    return env


_HEADING = re.compile(r"^(#{1,6})[ \t]", re.MULTILINE)


def _level_after(body: str, pos: int) -> int:
    """The heading level a block placed at ``pos`` should use: one below the heading above it."""
    levels = [len(m.group(1)) for m in _HEADING.finditer(body, 0, pos)]
    return min((levels[-1] if levels else 1) + 1, 4)


class Renderer:
    """Holds what every page needs (content, strings, URL helpers)."""

    def __init__(self, resolved: Resolved,
                 sink: Callable[[str, bytes], None] | None = None) -> None:
        self.r = resolved
        self.sink = sink  # where each file goes as it is made (else kept in ``files``)
        self.content = resolved.content
        self.site = resolved.site
        self.s = resolved.strings
        self.env = make_env(resolved.links, resolved.site.language)
        if resolved.content.translation is not None:  # texts shown untranslated are marked
            self.env.filters["md"] = _marked_md(self._mark)
            self.env.filters["prose"] = prose_for("index.md", resolved.links, self._mark)
        self.files: dict[str, bytes] = {}
        self._marked = False  # whether the page being rendered marked an untranslated text
        self._overlays: dict[str, jinja2.Environment] = {}

    # -- helpers
    def _mark(self, text: str, rendered: str) -> str:
        """A text shown untranslated, marked; the page says so in words once, at its top
        (:meth:`render_condition`), so this notes that it did."""
        marked = mark(self.r, text, rendered, note=False)
        self._marked = self._marked or marked is not rendered
        return marked

    def _env_for(self, page: str) -> jinja2.Environment:
        """The environment whose ``prose`` filter makes links relative to ``page``'s folder.

        One overlay per folder, kept: a fresh overlay per page would compile the template again
        for every page (an overlay has its own template cache), which cost ~0.1 s a page.
        """
        base = posixpath.dirname(page)
        env = self._overlays.get(base)
        if env is None:
            env = self.env.overlay()
            env.filters["prose"] = prose_for(page, self.r.links, self._mark)
            self._overlays[base] = env
        return env

    def text(self, path: str, body: str) -> None:
        """Put a file in the tree; a Markdown page is sealed first (its pass-through markers
        written, and refused if content forged one: :func:`~generator.text.rawhtml.seal`)."""
        if path.endswith(".md"):
            body = seal(body, path)
        if self.sink is not None:
            self.sink(path, body.encode("utf-8"))
        else:
            self.files[path] = body.encode("utf-8")

    # -- pages
    def render_condition(self, slug: str, c: Condition, extras: Mapping[str, Any]) -> str:
        page = condition_page(slug)
        env = self._env_for(page)
        self._marked = False
        text = env.get_template("condition.md.j2").render(
            **condition_context(self.r, slug, c, page=page,
                                compared=bool(extras.get("compare_excerpt"))),
            **extras)
        if not self._marked:
            return text
        # some texts are shown untranslated: the page says so once, under its title
        title = text.index("\n# ") + 1
        end = text.index("\n", title) + 1
        return f"{text[:end]}\n{part_note(self.r)}\n{text[end:]}"

    def render_page(self, page_slug: str, title: str, description: str, body: str,
                    kind: str = "page") -> str:
        page = f"{page_slug}.md"

        def replace(match: re.Match[str]) -> str:
            if match.group(1) not in PLACEHOLDER_NAMES:  # refused by the checks already
                return match.group(0)
            return self.placeholder(page, match.group(1), match.group(2),
                                    level=_level_after(body, match.start()))

        body = PLACEHOLDER_LINE.sub(replace, body)
        hide = "hide: [toc]\n" if kind in WIDE_PAGES else ""
        head = (
            f"---\ntitle: {meta_str(title)}\ndescription: {meta_str(description)}\n"
            f"hb_kind: {kind}\n{hide}---\n\n"
        )
        return head + body.lstrip("\n")

    def placeholder(self, page: str, name: str, arg: str | None, *, level: int) -> str:
        """The block that replaces ``{{ name }}`` (or ``{{ name: arg }}``) on ``page``.

        The checks refuse unknown placeholders and unknown list ids before anything is emitted.
        """
        if name == "sources":
            return self.sources_list(page)
        if name == "conditions":
            return self.conditions_list(page)
        if name == "review-process":
            return self.review_process()
        return raw_block(self._placeholder_html(page, name, arg, level=level)) + "\n"

    def _placeholder_html(self, page: str, name: str, arg: str | None, *, level: int) -> str:
        """The placeholders the generator makes as finished HTML."""
        link = self.r.links.resolver(page, Place.BODY)
        if name == "red-flags":
            lists = ([self.r.sign_list(arg)] if arg else care.by_urgency(self.r.sign_lists))
            return care.group_html(
                [care.sign_list_card(sl, link=link, level=level) for sl in lists])
        if name == "care-tiers":
            return care.group_html(
                [care.tier_card(t, link=link, level=level) for t in self.r.tiers.values()],
                label=self.s["tiers"]["heading"])
        if name == "start":
            return home.start_html(self.r, page)
        if name == "emergency":
            return home.emergency_html(self.r, link=link, level=level)
        if name == "body-map":
            return home.body_map_html(self.r, page)
        return home.condition_cards_html(self.r, page, level=level)

    def sources_list(self, page: str) -> str:
        link = self.r.links.resolver(page, Place.MARKDOWN)  # a page of this site: relative
        lines = []
        for src in sorted(self.content.sources.sources, key=lambda x: (x.publisher, x.title)):
            href = md_url(source_href(src.url, link) or "")
            lines.append(
                f"- [{md_escape(src.title)}]({href}) — {md_escape(src.publisher)}, "
                f"{md_escape(self.s['common']['accessed'])} {self.r.date(src.accessed)}"
            )
        return "\n".join(lines) + "\n"

    def conditions_list(self, page: str) -> str:
        out = []
        for group in self.site.groups:
            items = self.content.conditions_in_group(group.id)
            if not items:
                continue
            out.append(f"**{md_escape(group.title)}**\n")
            for slug, c in items:
                link = self.r.links.href(page, condition_page(slug), place=Place.MARKDOWN)
                out.append(f"- [{md_escape(c.name)}]({link}) — "
                           f"{md_escape(first_sentence(prose_plain(c.summary)))}")
            out.append("")
        return "\n".join(out)

    def review_process(self) -> str:
        s = self.s["about"]
        policy = self.site.review_policy
        lines = [md_escape(line.format(months=policy.interval_months))
                 for line in s["review_steps"]]
        reviewers = sorted({c.review.reviewed_by for c in self.content.conditions.values()})
        out = [f"{i}. {line}" for i, line in enumerate(lines, 1)]
        out += ["", f"**{md_escape(self.s['common']['reviewed_by'])}:** "
                + ", ".join(md_escape(r) for r in reviewers)]
        # only from the sign-off file, and only while a page it covers is as it was signed
        signed = next((x for x in map(self.r.checked_by, sorted(self.content.conditions)) if x),
                      None)
        out.append("")
        if signed is not None:
            who = signed.signed_by
            out.append(f"**{md_escape(s['clinicians'])}** {md_escape(who.name)} "
                       f"({md_escape(who.role)}), {md_escape(self.r.date(signed.date))}")
        else:
            out.append(md_escape(s["no_clinicians"]))
        return "\n".join(out) + "\n"


def first_sentence(text: str) -> str:
    """The first sentence of plain text, ending in a full stop."""
    return text.split(". ")[0].rstrip(".") + "."
