"""Hand-written pages: what they link to, and what they may contain.

A page is Markdown that MkDocs renders, raw HTML included, so it is checked twice:

* its links lead to pages that exist (:func:`.links.page_link_problems`);
* nothing in it would be removed by the one allow-list sanitiser: raw ``<script>``,
  ``<iframe>``, ``<meta http-equiv>``, ``on*=`` attributes, ``javascript:`` and other refused
  addresses (inline, reference-style or in raw ``<a href>``), images from other sites, snippet
  includes, note boxes and abbreviation definitions
  (:func:`generator.text.sanitize.page_problems`).

Both report at ``path:line:col``. Where both find the same spot (a link that starts with ``/``)
the link check's advice is kept: it knows that a page links relative to its own file.
"""

from __future__ import annotations

from ..diagnostics import Report
from ..model.content import Content
from ..text.sanitize import page_problems
from .links import known_doc_paths, page_link_problems


def check_pages(content: Content, report: Report) -> None:
    """Every page's links resolve and its body holds only what the allow-list keeps."""
    known = known_doc_paths(content)
    for page in content.pages:
        taken: set[tuple[int, int]] = set()
        for line, col, message in page_link_problems(page, known):
            taken.add((line, col))
            report.add(page.display, line, col, message)
        for line, col, message in page_problems(page.body, page.body_line):
            if (line, col) not in taken:
                report.add(page.display, line, col, message)
