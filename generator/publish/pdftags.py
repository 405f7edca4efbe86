"""Two repairs to WeasyPrint 70's PDF/UA tagging that no HTML or CSS can make.

A screen reader (and copy, search, reflow) reads a tagged PDF through its structure tree: the
text of each element, the ``/Alt`` and ``/BBox`` of each figure. An outside check (pikepdf,
issue 23) found four faults in the handouts. Two are the templates' (legend keys drawn as inline
SVG figures, contents page numbers drawn by a link's ``::after``, which WeasyPrint tags as a
link inside the link) and are fixed there; these two are WeasyPrint's, fixed here, in the worker
that lays the handouts out:

* **Figure boxes.** WeasyPrint writes a figure's ``/BBox`` in CSS pixels measured from the top
  of the page; the BBox layout attribute is in default user space (points, origin at the
  bottom left). :func:`finish` converts it with the very transform WeasyPrint draws the page
  with (``x' = 0.75 x``, ``y' = 0.75 (page height - y)``).
* **Word breaks.** Tagged PDF carries a word break as a character: its consumer "does not need
  to guess about word breaks based on glyph positioning" (PDF 1.7 reference 10.7.1; ISO
  32000-1 14.8.2.5). WeasyPrint draws no space where a line wraps (the space is cut from the
  text), nor a text box of spaces only (the space between two elements, as in
  ``<strong>Reviewed:</strong> <time>``), nor a ``<br>``; the tagged text then reads
  "EMERGENCYGet help now" and "phonecamera". The layout hooks mark the text boxes around such a
  space, and where one was not drawn, the text drawn just before it gets an ``/ActualText`` on
  its marked content: its own text plus the space. ActualText goes on text that is drawn, never
  on an empty sequence: some readers ignore replacement text that covers no glyph. Not on
  right-to-left text: Poppler (``pdftotext``, Evince, Okular) lays replacement text out left to
  right over the glyphs it covers and then reads the right-to-left line backwards, so an Arabic
  line with an ActualText came back with every letter reversed; a missing space between two
  lines is the lesser fault.

Nothing here changes a glyph, a position or a page: the look is WeasyPrint's own. The hooks
wrap four internal functions of WeasyPrint 70 (pinned in pyproject.toml; the WeasyPrint version
and this file are part of every handout's cache key); :func:`install` refuses a WeasyPrint that
lacks them, and tests/e2e/test_pdf_structure.py checks the result on real handouts and on a probe
page.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .pdfhooks import wrap_once

PT_PER_PX = 0.75
"""A CSS pixel is 1/96 inch, a PDF point 1/72 inch (WeasyPrint's ``zoom=1``)."""

_SPACE_AFTER = "_hipback_space_after"
"""Set on a text box followed by a word break WeasyPrint does not draw (the space where its line
wraps, or a ``<br>``)."""
_SPACE_BEFORE = "_hipback_space_before"
"""Set on a text box that starts a line after a space WeasyPrint skipped."""

_last = threading.local()
"""The last drawn text of the document being written, per thread (Dask runs jobs in threads):
``(its marked-content properties, its text)``."""


def _last_text_box(line: Any) -> Any:
    """The text box at the very end of ``line`` (the one WeasyPrint strips), or None."""
    from weasyprint.formatting_structure import boxes

    box = line
    while isinstance(box, boxes.LineBox | boxes.InlineBox):
        if not box.children:
            return None
        box = box.children[-1]
    return box if isinstance(box, boxes.TextBox) else None


def _last_drawn_text_box(box: Any) -> Any:
    """The last text box with something to draw inside ``box`` (a line or an inline box)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box if box.text.strip() else None
    if isinstance(box, boxes.LineBox | boxes.InlineBox):
        for child in reversed(box.children):
            found = _last_drawn_text_box(child)
            if found is not None:
                return found
    return None


def _remember_removed_space(original: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    """``remove_last_whitespace``, marking the text box whose trailing spaces it removed (a
    space at the end of an element, where the line wraps after it)."""

    def remove_last_whitespace(context: Any, line: Any) -> None:
        box = _last_text_box(line)
        before = None if box is None else box.text
        original(context, line)
        if box is not None and box.text != before:
            setattr(box, _SPACE_AFTER, True)

    return remove_last_whitespace


def _remember_wrap_space(original: Callable[..., Any]) -> Callable[..., Any]:
    """``split_text_box``, marking the part of a text laid out on a line when a space after it
    is in neither this part nor the next (the line wraps there), and the part that starts a
    line after skipped spaces."""

    def split_text_box(context: Any, box: Any, available_width: Any, skip: int,
                       *args: Any, **kwargs: Any) -> Any:
        new_box, resume, preserved = original(context, box, available_width, skip,
                                              *args, **kwargs)
        if new_box is None:
            return new_box, resume, preserved
        flags = vars(new_box)
        flags.pop(_SPACE_AFTER, None)  # a copy of its source: not its source's wrap
        flags.pop(_SPACE_BEFORE, None)
        text = box.text.encode()
        if skip and text[:skip].endswith(b" "):  # skipped at the start of this line
            flags[_SPACE_BEFORE] = True
        if not preserved:
            # the space the line wrapped at, or the trailing space left out of a text that fits
            # when the line breaks right after it (before the next element)
            between = text[(skip or 0) + len(new_box.text.encode()):resume]
            if between and not between.strip(b" "):
                flags[_SPACE_AFTER] = True
        return new_box, resume, preserved

    return split_text_box


def _remember_line_break(original: Callable[..., Any]) -> Callable[..., Any]:
    """``split_inline_box``, marking the last text box of a line that ends at a preserved line
    break (``<br>``, whose own text box is never drawn)."""

    def split_inline_box(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        new_box, _resume, preserved = result[:3]
        if preserved:
            box = _last_drawn_text_box(new_box)
            if box is not None:
                setattr(box, _SPACE_AFTER, True)
        return result

    return split_inline_box


def _rtl(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (see the module's note on ActualText)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _marked_with_spaces(original: Callable[..., Any]) -> Callable[..., Any]:
    import pydyf
    from weasyprint.formatting_structure import boxes

    def add_space() -> None:
        """A space that is not drawn follows the text drawn last: say so in its ActualText."""
        props, drawn = getattr(_last, "value", (None, ""))
        if props is not None and drawn and not drawn[-1].isspace() and not _rtl(drawn):
            props["ActualText"] = pydyf.String(drawn + " ")
            _last.value = (props, drawn + " ")

    @contextmanager
    def marked(stream: Any, box: Any, tag: str) -> Iterator[None]:
        with original(stream, box, tag):
            props = stream.stream[-2] if stream._tags is not None else None
            yield
        if not isinstance(props, pydyf.Dictionary) or not isinstance(box, boxes.TextBox):
            return
        if getattr(box, _SPACE_BEFORE, False):
            add_space()
        if box.text.strip():
            _last.value = (props, box.text)
            if getattr(box, _SPACE_AFTER, False):
                add_space()
        elif box.text or getattr(box, _SPACE_AFTER, False):
            add_space()  # a box of spaces (or a line break), never drawn

    return marked


def install() -> None:
    """Put the word-break hooks into WeasyPrint (once per process; harmless when repeated)."""
    from weasyprint.layout import inline
    from weasyprint.pdf.stream import Stream

    wrap_once("pdftags", [
        (inline, "remove_last_whitespace", _remember_removed_space),
        (inline, "split_text_box", _remember_wrap_space),
        (inline, "split_inline_box", _remember_line_break),
        (Stream, "marked", _marked_with_spaces),
    ])


def start_document() -> None:
    """Forget the last drawn text (call before each ``write_pdf``: a space at the start of one
    document never belongs to the text of another)."""
    _last.value = (None, "")


def finish(document: Any, pdf: Any) -> None:
    """WeasyPrint's ``finisher``: every Figure's ``/BBox`` in points, in PDF coordinates."""
    import pydyf

    heights = {ref: page.height for ref, page in zip(pdf.page_references, document.pages,
                                                      strict=True)}
    for obj in pdf.objects:
        if not (isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/Figure"):
            continue
        attributes = obj.get("A")
        if not isinstance(attributes, pydyf.Dictionary) or "BBox" not in attributes:
            continue
        x1, y1, x2, y2 = (float(v) for v in attributes["BBox"])
        height = heights[obj["Pg"]]
        attributes["BBox"] = pydyf.Array([
            round(x1 * PT_PER_PX, 3), round((height - y2) * PT_PER_PX, 3),
            round(x2 * PT_PER_PX, 3), round((height - y1) * PT_PER_PX, 3),
        ])
