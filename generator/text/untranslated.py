"""A text shown in the source language on a translated page, marked as not yet translated.

Where a translation lacks a text (or its translation is stale), the language's content keeps the
source text (``model/localise.py``). A reader must be able to tell: the text is wrapped in an
element that carries the source language (``lang``, ``dir``: screen readers switch voice, the
browser lays the words out in their own direction), followed by a short note in the reader's
language — words, not only a colour. The same markup serves Markdown pages (inline HTML, the
words inside stay Markdown) and HTML blocks.
"""

from __future__ import annotations

from .escape import html_escape

__all__ = ["mark_untranslated", "mark_untranslated_page"]


def mark_untranslated(inner: str, *, lang: str, direction: str, note: str) -> str:
    """``inner`` (finished HTML or Markdown of the source text) marked as ``lang``, with
    ``note`` (plain text: escaped here) after it."""
    return (f'<span class="hb-untranslated" lang="{html_escape(lang)}" '
            f'dir="{html_escape(direction)}">{inner}</span> '
            f'<small class="hb-untranslated__note">({html_escape(note)})</small>')


def mark_untranslated_page(body: str, *, lang: str, direction: str, note: str) -> str:
    """A hand-written page's Markdown ``body`` shown in the source language: ``note`` (plain
    text, escaped here) first, in the reader's language, then the body in a block that carries
    the source language (``md_in_html`` reads the Markdown inside)."""
    return (f'<p class="hb-untranslated-page">{html_escape(note)}</p>\n\n'
            f'<div class="hb-untranslated" lang="{html_escape(lang)}" '
            f'dir="{html_escape(direction)}" markdown="1">\n\n{body.strip()}\n\n</div>\n')
