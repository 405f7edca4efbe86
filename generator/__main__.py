"""python -m generator == hipback."""

from .cli import entry

entry()
