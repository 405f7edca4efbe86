"""The one inline-Markdown module: prose fields are read once and rendered for every output.

Prose fields (summaries, explanations, list items, help texts) may use inline Markdown and
nothing else: ``**strong**``/``__strong__``, ``*em*``/``_em_`` (an underscore inside a word is
just an underscore: ``snake_case_word``), backslash escapes of ASCII punctuation, and links
``[words](target)``, optionally ``[words](<target>)`` and with a ``"title"`` (which is dropped).
Everything else is literal text, including ``a < b``, ``A&E``, ``2 * 3 * 4`` and ``{name}``.
Whitespace, newlines included, folds to single spaces (non-breaking spaces are kept: editors
type them on purpose, as in "10 mg").

:func:`parse` (cached) reads a field into a small immutable tree of :class:`Text`,
:class:`Strong`, :class:`Em` and :class:`Link`; :func:`to_html` (handouts, flowchart,
widgets), :func:`to_markdown` (pages MkDocs builds) and :func:`to_plain` (PDF and SVG text,
JSON-LD, meta descriptions, reading grade) render that tree. So the web page and the handout
can never read a field differently, and escaping happens once, at the very end of each renderer.

:func:`problems` refuses what an editor might write expecting it to work (HTML, images,
reference links, attribute lists, block syntax, snippet markers, unsafe link targets), and
:func:`plain_problems` checks plain-text fields (names, labels) for invisible junk.

Emphasis follows CommonMark's delimiter rules (flanking runs, the rule of three) and links
CommonMark's link syntax (balanced brackets and parentheses), because that is what editors
learn from every Markdown guide; the canonical Markdown the engine writes back is read the same
way by Python-Markdown. A few shapes have no spelling every engine reads alike, so the tree is
kept in a normal form: emphasis directly inside the same emphasis is unwrapped (``*a _b_ c*``
is one ``<em>``), and neighbouring nodes of the same kind merge (``*a*_b_`` is ``<em>ab</em>``).
"""

from .check import InlineProblem, plain_problems, problems
from .render import (
    LinkResolver,
    output_href,
    prose_html,
    prose_markdown,
    prose_plain,
    to_html,
    to_markdown,
    to_plain,
)
from .tree import Em, Link, Node, Strong, Text, parse

__all__ = [
    "Em",
    "InlineProblem",
    "Link",
    "LinkResolver",
    "Node",
    "Strong",
    "Text",
    "output_href",
    "parse",
    "plain_problems",
    "problems",
    "prose_html",
    "prose_markdown",
    "prose_plain",
    "to_html",
    "to_markdown",
    "to_plain",
]
