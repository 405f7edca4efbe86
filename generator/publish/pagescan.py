"""One HTML parse of a built page, for every post-step that needs to know its markup.

The Content-Security-Policy (:mod:`.csp`) needs a page's inline scripts and any policy it already
carries; the link check (:mod:`.linkcheck`) needs its ids and the links it holds. At 1,000 pages
of ~90 KB each, parsing every page once for each took ten seconds or more apiece, so both read
the same :class:`PageFacts`: :func:`.csp.apply_csp` scans each page while it adds the policy and
hands the facts on to :func:`.linkcheck.check_built_site`. The policy it adds is a ``<meta>``
with no id, name, link or script, so the facts of the page before it are the facts after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

_DATA_TYPES = ("application/json", "application/ld+json")
_LINK_ATTRS = ("href", "xlink:href", "src")


@dataclass(frozen=True)
class PageFacts:
    """What one page's markup holds, as the post-steps need it."""

    ids: frozenset[str]  # every ``id`` and ``name`` (not a ``<meta name>``): link targets
    links: tuple[str, ...]  # every href, xlink:href and src (but a ``<link src>``), in order
    inline_scripts: tuple[str, ...]  # bodies of scripts that run: no ``src``, not a data block
    csp_metas: int  # ``<meta http-equiv="Content-Security-Policy">`` elements
    embeds: tuple[str, ...] = ()  # ``data-hb-svg``: drawings the page's script puts in it


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # script bodies are raw text either way
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.embeds: list[str] = []
        self.inline: list[str] = []
        self.csp_metas = 0
        self._script: dict[str, str | None] | None = None
        self._body: list[str] = []

    def updatepos(self, i: int, j: int) -> int:
        """No line numbers are kept (nothing here reports one): a fifth of the parse's time."""
        return j

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and tag != "meta":
                self.ids.add(value)
            elif name == "data-hb-svg":  # a drawing's file: a link, read in by the link check
                self.embeds.append(value)
                self.links.append(value)
            elif name in _LINK_ATTRS and (tag != "link" or name == "href"):
                self.links.append(value)
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower()
                                 == "content-security-policy" for k, v in attrs):
            self.csp_metas += 1
        if tag == "script":
            self._script, self._body = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            kind = (self._script.get("type") or "").lower()
            if "src" not in self._script and kind not in _DATA_TYPES:
                self.inline.append("".join(self._body))
            self._script = None


def scan_html(html: str) -> PageFacts:
    """The facts of one page's markup (see :class:`PageFacts`)."""
    scan = _Scan()
    scan.feed(html)
    return PageFacts(ids=frozenset(scan.ids), links=tuple(scan.links),
                     inline_scripts=tuple(scan.inline), csp_metas=scan.csp_metas,
                     embeds=tuple(scan.embeds))


__all__ = ["PageFacts", "scan_html"]
