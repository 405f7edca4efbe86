"""The one grammar of a page placeholder: a line holding only ``{{ name }}`` or
``{{ name: arg }}``, with exactly one space inside each pair of braces.

The checks (:mod:`generator.checks.pages`) and the renderer (:mod:`generator.emit.markdown.
renderer`) both read placeholders with :data:`LINE`, so a line the renderer would not expand is
an error at ``validate`` and never ships as literal braces. :data:`LOOKS_LIKE` finds the lines a
writer meant as a placeholder (any spacing), so a near miss such as ``{{sources}}`` is reported
with how to write it.

Care-tier actions and sign-list intros have a second, smaller grammar: ``{emergency_number}`` and
``{urgent_number}`` inside a sentence (:data:`NUMBERS`, :data:`NUMBER`), filled in from site.yml
by the resolve stage and checked by :mod:`generator.checks.tiers`. It lives here too, so both
stages read one list.
"""

from __future__ import annotations

import re

NAMES = ("sources", "red-flags", "care-tiers", "conditions", "review-process", "start",
         "emergency", "body-map", "condition-cards")
"""What a placeholder may ask for; only ``red-flags`` takes an argument (a sign-list id)."""

LINE = re.compile(r"^\{\{ ([a-z0-9-]+)(?:: ([a-z0-9-]+))? \}\}[ \t]*$", re.MULTILINE)
"""A placeholder exactly as the renderer expands it (name and argument checked separately)."""

LOOKS_LIKE = re.compile(r"^\{\{\s*([^:}]*?)\s*(?::\s*([^}]*?)\s*)?\}\}\s*$")
"""A line that is meant as a placeholder, whatever its spacing."""

NUMBERS = ("emergency_number", "urgent_number")
"""What care-tier actions and sign-list intros may use, filled in from site.yml."""

NUMBER = re.compile(r"\{([^{}]*)\}")
"""A placeholder in a care-tier action or sign-list intro (any name; unknown ones are errors)."""
