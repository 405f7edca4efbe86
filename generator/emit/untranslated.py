"""A text shown in the source language on a translated page, marked as such.

Where a translation lacks a text (or its translation is stale), the language's content keeps the
source text (``model/localise.py``). A reader must be able to tell, and so must the browser and a
screen reader: each such text is wrapped in an element that carries the source language (``lang``,
``dir``: screen readers switch voice, the browser lays the words out in their own direction, so
an English sentence on an Arabic page keeps its full stop at its end). Saying so in words once
per page is enough for a reader: a condition page with such texts starts with one sentence in
the reader's language ("Parts of this page are not yet translated…"), a hand-written page shown
whole in the source language with another, the home page's list of cards with a third; elsewhere
(the footer) the text carries a short note of its own. Resolve decides what is untranslated; this only formats.
"""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape

from ..resolve import Resolved, writing_direction
from .fragments import render

__all__ = ["against", "in_own_direction", "mark", "mark_page", "part_note"]


def _in_source(r: Resolved, inner: str, note: str) -> str:
    """``inner`` (finished markup) in an element of the source language and its direction."""
    source = r.site_source_language
    return render("untranslated.html.j2", lang=source, dir=writing_direction(source),
                  inner=Markup(inner), note=note)


def mark(r: Resolved, text: str, rendered: str, *, note: bool = True) -> str:
    """``rendered`` (finished HTML or Markdown of ``text``), marked when ``r`` shows ``text``
    in the source language; ``note``: followed by a short "not yet translated" in words."""
    if not r.untranslated(text):
        return rendered
    return _in_source(r, rendered, str(r.strings["translation"]["untranslated"]) if note else "")


def mark_page(r: Resolved, body: str) -> str:
    """A hand-written page's Markdown ``body``, as it is, or when shown whole in the source
    language: a note in the reader's language, then the body in a block of the source language
    (``md_in_html`` reads the Markdown inside)."""
    if not r.untranslated(body):
        return body
    source = r.site_source_language
    return render("untranslated-page.html.j2", lang=source, dir=writing_direction(source),
                  note=r.untranslated_note(), body=Markup(body.strip()))


def part_note(r: Resolved, key: str = "untranslated_part") -> str:
    """The sentence a page (``untranslated_part``) or a list of cards (``untranslated_list``)
    starts with when it shows some texts in the source language."""
    return render("untranslated-note.html.j2", note=r.untranslated_note(key))


def against(r: Resolved, text: str) -> bool:
    """Whether ``text`` runs against the page's direction: it has letters, and none of them is
    written the page's way (an English region name on an Arabic page or handout)."""
    if r.direction != "rtl" and text.isascii():
        return False  # ASCII letters are all "L": written the page's way, or no letters at all
    kinds = {unicodedata.bidirectional(ch) for ch in text}
    own = {"R", "AL"} if r.direction == "rtl" else {"L"}
    return bool(kinds & {"L", "R", "AL"}) and not kinds & own


def in_own_direction(r: Resolved, text: str) -> Markup:
    """``text``, escaped; in an element of the source language and its direction when ``r``
    shows it untranslated or it runs against the page's direction. WeasyPrint ignores
    ``unicode-bidi`` (``plaintext``, ``isolate``) and lays each text out in its element's
    direction: an English name left in a right-to-left handout would otherwise get its full
    stop or comma on the wrong side."""
    shown = str(escape(text))
    if r.untranslated(text) or against(r, text):
        return Markup(_in_source(r, shown, ""))
    return Markup(shown)
