"""Files that editors leave beside the ones being edited: never content, ignored everywhere.

An open Emacs buffer writes ``.#sciatica.yml`` (a lock) and ``#sciatica.yml#`` (an autosave),
Vim writes ``.sciatica.yml.swp`` and, to test that a folder is writable, a file called ``4913``;
merge tools leave ``.orig`` files and many editors ``~`` or ``.bak`` backups. Refusing them made
``hipback validate`` fail while the file was open in the editor it belongs to. This one list is
what loading the content folder (:mod:`.folder`) and the live preview's change detection
(:func:`generator.publish.preview.snapshot`) skip; CONTENT-FORMAT.md prints the same list.
"""

from __future__ import annotations

import fnmatch
import re

LEFTOVER_PATTERNS: tuple[str, ...] = (
    ".*",  # hidden files: Emacs locks (.#name), Vim swap files (.name.swp), .DS_Store
    "#*#",  # Emacs autosave
    "*~",  # backups (Emacs, gedit, nano …)
    "*.swp",
    "*.swo",
    "*.swx",  # Vim swap files
    "*.bak",
    "*.orig",
    "*.rej",  # merge and patch leftovers
    "*.tmp",
    "4913",  # Vim's test that a folder is writable
)
"""Shell patterns (``fnmatch``) of file names that are never content. A folder name that matches
(``.git``, ``.vscode``) hides everything inside it."""

_LEFTOVER = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in LEFTOVER_PATTERNS))


def is_leftover(name: str) -> bool:
    """Whether a file or folder called ``name`` (no slashes) is an editor's leftover."""
    return _LEFTOVER.match(name) is not None


def has_leftover_part(relpath: str) -> bool:
    """Whether any part of a ``/``-separated path inside the content folder is a leftover."""
    return any(is_leftover(part) for part in relpath.split("/"))
