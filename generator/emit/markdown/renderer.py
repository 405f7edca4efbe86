"""Render the content into a tree of files: Markdown pages, SVG, JSON, nav settings.

Rendering is pure: it returns ``{relative path: bytes}`` and writes nothing, so the same content
always gives the same bytes and the writer can skip files whose bytes did not change.
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

from ...model import Condition
from ...resolve import Resolved, format_date
from ...textrules import md_escape, md_prose, prose_to_text

TEMPLATES = Path(__file__).parent / "templates"

LIST_SECTIONS = ("feels_like", "worse_with", "better_with", "diagnosis", "self_care", "treatment")
"""Bulleted sections of a condition page, in page order."""

META_DIR = ".hipback"
"""Sidecar folder inside the docs folder (MkDocs ignores dot-folders): nav, settings, snippets."""

WIDE_PAGES = ("compare", "where", "flowchart")
"""Pages that need the full width (wide table, maps, diagram): Material hides their TOC."""

_PROSE_LINK = re.compile(r"(\[[^\]]*\]\(\s*)([^)\s]+)(\s*\))")



def _yaml_str(value: str) -> str:
    # JSON strings are valid YAML scalars and escape everything that matters.
    return json.dumps(value, ensure_ascii=False)


def _meta_str(value: str) -> str:
    """A front-matter text value. Material prints page titles and descriptions into <title>
    and attributes without escaping, so escape for HTML here, then quote for YAML."""
    return _yaml_str(html.escape(value, quote=True))


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def prose_for(page: str) -> Callable[[str], str]:
    """A prose filter for a page at ``page`` (docs-relative): site links become page-relative."""
    base = posixpath.dirname(page)

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            return match.group(0)
        rel = posixpath.relpath(target, base) if base else target
        return f"{match.group(1)}{rel}{match.group(3)}"

    def prose(text: str) -> str:
        return _PROSE_LINK.sub(fix, md_prose(text))

    return prose


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output: every value goes through an explicit filter
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}: move Jinja comments out of their way.
        comment_start_string="<#--",
        comment_end_string="--#>",
    )
    env.filters["md"] = md_escape
    env.filters["yaml"] = _yaml_str
    env.filters["meta"] = _meta_str
    env.filters["url"] = _md_url
    env.filters["date"] = format_date
    env.filters["prose"] = prose_for("")
    return env


class Renderer:
    """Holds what every page needs (content, strings, URL helpers)."""

    def __init__(self, resolved: Resolved) -> None:
        self.r = resolved
        self.content = resolved.content
        self.site = resolved.site
        self.s = resolved.strings
        self.env = make_env()
        self.files: dict[str, bytes] = {}
        self._overlays: dict[str, jinja2.Environment] = {}

    # -- helpers
    def _env_for(self, page: str) -> jinja2.Environment:
        """The environment whose ``prose`` filter makes links relative to ``page``'s folder.

        One overlay per folder, kept: a fresh overlay per page would compile the template again
        for every page (an overlay has its own template cache), which cost ~0.1 s a page.
        """
        base = posixpath.dirname(page)
        env = self._overlays.get(base)
        if env is None:
            env = self.env.overlay()
            env.filters["prose"] = prose_for(page)
            self._overlays[base] = env
        return env

    def text(self, path: str, body: str) -> None:
        self.files[path] = body.encode("utf-8")

    def red_flags_box(self, page: str) -> str:
        rf = self.content.red_flags
        intro = self.r.red_flags_intro
        title = md_escape(self.s["red_flags"]["heading"]).replace('"', "&quot;")
        prose = prose_for(page)
        lines = [f'!!! danger "{title}"', "", f"    {md_escape(intro)}", ""]
        lines += [f"    - {prose(f.text)}" for f in rf.flags]
        lines += ["", f"    **{md_escape(self.site.emergency_label)}**"]
        return "\n".join(lines) + "\n"

    # -- pages
    def render_condition(self, slug: str, c: Condition, extras: Mapping[str, Any]) -> str:
        page = f"conditions/{slug}.md"
        env = self._env_for(page)
        related = [(r, self.content.conditions[r].name) for r in c.related]
        by_id = {src.id: src for src in self.content.sources.sources}
        return env.get_template("condition.md.j2").render(
            c=c,
            slug=slug,
            s=self.s,
            site=self.site,
            summary_text=prose_to_text(c.summary),
            main_regions=[self.r.region_label(x) for x in c.where_felt.main],
            sometimes_regions=[self.r.region_label(x) for x in c.where_felt.sometimes],
            list_sections=LIST_SECTIONS,
            red_flags_box=self.red_flags_box(page),
            related=related,
            sources=[by_id[i] for i in c.sources],
            bodymap_svg=extras.get("bodymap_svg", ""),
            compare_excerpt=extras.get("compare_excerpt", ""),
            jsonld=extras.get("jsonld", ""),
            footer_line=extras.get("footer_line", ""),
        )

    def render_page(self, page_slug: str, title: str, description: str, body: str,
                    kind: str = "page") -> str:
        page = f"{page_slug}.md"
        blocks = {
            "sources": self.sources_list,
            "red-flags": lambda: self.red_flags_box(page),
            "conditions": lambda: self.conditions_list(page),
            "review-process": self.review_process,
        }

        def replace(match: re.Match[str]) -> str:
            return blocks[match.group(1)]()

        body = _PLACEHOLDER.sub(replace, body)
        hide = "hide: [toc]\n" if kind in WIDE_PAGES else ""
        head = (
            f"---\ntitle: {_meta_str(title)}\ndescription: {_meta_str(description)}\n"
            f"hb_kind: {kind}\n{hide}---\n\n"
        )
        return head + body.lstrip("\n")

    def sources_list(self) -> str:
        lines = []
        for src in sorted(self.content.sources.sources, key=lambda x: (x.publisher, x.title)):
            lines.append(
                f"- [{md_escape(src.title)}]({_md_url(src.url)}) — {md_escape(src.publisher)}, "
                f"{md_escape(self.s['common']['accessed'])} {format_date(src.accessed)}"
            )
        return "\n".join(lines) + "\n"

    def conditions_list(self, page: str) -> str:
        base = posixpath.dirname(page)
        out = []
        for group in self.site.groups:
            items = self.content.conditions_in_group(group.id)
            if not items:
                continue
            out.append(f"**{md_escape(group.title)}**\n")
            for slug, c in items:
                link = posixpath.relpath(f"conditions/{slug}.md", base) if base else (
                    f"conditions/{slug}.md")
                out.append(f"- [{md_escape(c.name)}]({link}) — {md_prose(prose_to_text(c.summary).split('. ')[0].rstrip('.'))}.")
            out.append("")
        return "\n".join(out)

    def review_process(self) -> str:
        s = self.s["about"]
        policy = self.site.review_policy
        lines = [md_escape(line.format(months=policy.interval_months)) for line in s["review_steps"]]
        reviewers = sorted({c.review.reviewed_by for c in self.content.conditions.values()})
        out = [f"{i}. {line}" for i, line in enumerate(lines, 1)]
        out += ["", f"**{md_escape(self.s['common']['reviewed_by'])}:** "
                + ", ".join(md_escape(r) for r in reviewers)]
        return "\n".join(out) + "\n"


_PLACEHOLDER = re.compile(r"^\{\{ (sources|red-flags|conditions|review-process) \}\}[ \t]*$", re.M)
