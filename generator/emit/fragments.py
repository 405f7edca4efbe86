"""One way to make HTML: every HTML block an emitter writes is an autoescaped Jinja template.

The templates are ``emit/templates/*.html.j2``. Escaping is the default, not a habit: every
``{{ value }}`` goes through the project's own :func:`~generator.text.escape.html_escape` (the
``finalize`` hook; the environment autoescapes as well, so a value that slips past ``finalize``,
such as one joined inside a template, is still escaped), unless trusted code marked it as
:class:`~markupsafe.Markup`. Only finished HTML is marked: prose rendered by
:mod:`generator.text.inline`, blocks another template made, a drawing. Links come from the site
map (``r.links.href``) and reach the templates as plain values.

The body-map drawings have their own environment (:mod:`generator.emit.bodymap`): they are SVG,
escaped for XML.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..text.escape import html_escape
from .fmt import NOT_SEARCHED

__all__ = ["TEMPLATES", "environment", "render"]

TEMPLATES = Path(__file__).parent / "templates"


def environment(escape: Callable[[str], str], folder: Path = TEMPLATES) -> jinja2.Environment:
    """An autoescaped environment for the templates in ``folder`` whose every printed value is
    escaped with ``escape`` (HTML here, XML for the body maps) unless it is already markup; an
    undefined name is an error, not an empty string."""

    def finalize(value: object) -> object:
        return value if isinstance(value, Markup) else Markup(escape(str(value)))

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, finalize=finalize,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


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
