"""One way to make HTML: every HTML block an emitter writes is an autoescaped Jinja template.

The templates are ``emit/templates/*.html.j2``. Escaping is the default, not a habit: every
``{{ value }}`` goes through the project's own :func:`~generator.text.escape.html_escape`, unless
trusted code marked it as :class:`~markupsafe.Markup`. Only finished HTML is marked: prose
rendered by :mod:`generator.text.inline`, blocks another template made, a drawing. Links come
from the site map (``r.links.href``) and reach the templates as plain values.

How: the environments are :class:`EscapingEnvironment`, whose ``{{ value }}`` compiles to one call
of the environment's escape function instead of Jinja's ``escape(finalize(value))`` (two
:class:`~markupsafe.Markup` objects a value, most of the cost of a page). The environment still
autoescapes, so whatever does not print through ``{{ }}`` (a value joined inside a template, a
macro's result, ``{% set %}`` blocks) is escaped by Jinja as before.

The body-map drawings have their own environment (:mod:`generator.emit.bodymap`): they are SVG,
escaped for XML.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup

from ..text.escape import answers_of, html_escape
from .fmt import NOT_SEARCHED

__all__ = ["TEMPLATES", "EscapingEnvironment", "environment", "render"]

TEMPLATES = Path(__file__).parent / "templates"


class _OneCallOutput(CodeGenerator):
    """``{{ value }}`` in autoescaped text compiled to ``environment.finalize(value)`` alone.

    Jinja's own code is ``escape(environment.finalize(value))``; :class:`EscapingEnvironment`'s
    ``finalize`` already returns escaped text (or the value itself when it is markup), so the
    outer ``escape`` could only copy it. Where autoescaping is decided at run time (inside
    ``{% autoescape %}``) or there is no ``finalize``, Jinja's code is kept. jinja2 is pinned
    exactly (pyproject.toml); tests/unit/test_fragments.py checks the escaping of every kind of
    value, so a Jinja that compiled differently would fail there first.
    """

    def _ours(self, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> bool:
        return (finalize.src is not None and bool(frame.eval_ctx.autoescape)
                and not frame.eval_ctx.volatile)

    def _output_child_pre(self, node: Expr, frame: Frame,
                          finalize: CodeGenerator._FinalizeInfo) -> None:
        if self._ours(frame, finalize):
            self.write(str(finalize.src))
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Expr, frame: Frame,
                           finalize: CodeGenerator._FinalizeInfo) -> None:
        if self._ours(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


_DICT_NAMES = frozenset(dir(dict))
"""What ``getattr`` finds on any dict (its methods): Jinja's ``x.name`` prefers these to a key."""


class EscapingEnvironment(jinja2.Environment):
    """An autoescaped environment whose printed values are escaped by one function, given as
    ``finalize``: it must return markup as it is and escape everything else (see
    :func:`escaping`)."""

    code_generator_class = _OneCallOutput

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict (the environment's, then the template's own), not
        Jinja's ``ChainMap`` of the two: every render copies them into its context, and
        copying a ``ChainMap`` goes key by key in Python, two thirds of the cost of rendering
        a small fragment (11,000 of them at 1,000 conditions). The difference Jinja's
        ``ChainMap`` makes, that globals added to the environment after a template was
        loaded still reach it, is one Jinja itself advises against relying on; every
        environment here has its globals set where it is made, before any template."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's ``x.name``, the same answer, sooner for a dict: Jinja tries the attribute
        first, and on a dict that fails with an exception for every key the emitters pass."""
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        # Jinja's own steps, written here: one call a value less than ``super().getattr``
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


def escaping(escape: Callable[[str], str]) -> Callable[[object], str]:
    """The ``finalize`` of an :class:`EscapingEnvironment` that escapes with ``escape``: markup
    as it is, any other value as text, escaped."""

    memo = answers_of(escape)

    def finalize(value: object) -> str:
        if type(value) is str:  # most values: a short text escaped before, looked up here
            found = memo.get(value)
            return escape(value) if found is None else found
        return value if isinstance(value, Markup) else escape(str(value))

    return finalize


def environment(escape: Callable[[str], str], folder: Path = TEMPLATES) -> jinja2.Environment:
    """An autoescaped environment for the templates in ``folder`` whose every printed value is
    escaped with ``escape`` (HTML here, XML for the body maps) unless it is already markup; an
    undefined name is an error, not an empty string. Each template is compiled once per process
    (``auto_reload`` off: the templates are the engine's, not content, and checking each file's
    time on every use cost a ``stat`` and path arithmetic per fragment, thousands a build)."""
    return EscapingEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, finalize=escaping(escape),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False)


@cache
def _env() -> jinja2.Environment:
    """Printed values escaped with :func:`html_escape` (``&quot;`` and ``&#x27;``, control
    characters dropped)."""
    env = environment(html_escape)
    env.globals["NOT_SEARCHED"] = Markup(NOT_SEARCHED)
    return env


def render(template: str, /, **context: object) -> str:
    """``template`` (a file in ``emit/templates/``) rendered with ``context``, as a plain string
    (not :class:`Markup`, so adding text to it later does not escape that text again)."""
    return str(_env().get_template(template).render(**context))
