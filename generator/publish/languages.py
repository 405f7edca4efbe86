"""The site in every translated language: one tree per language, below the source's.

``checks/languages.py`` makes each translated language's content (its texts in place, its
``public_url`` ``<site>/<language>/``); here each is resolved, emitted and built by the same
engine into ``<site>/<language>/``, after the source language's site and before the post-steps,
which then run over every language alike (theme fixes, stylesheets, CSP, link check,
compressed copies). Every tree carries Material's language switcher with a link to each
language's home (``extra.alternate``, which also writes the ``hreflang`` links), named in its
own language (Babel). A language's handouts are rendered with the source's, in one pass
(:mod:`.handoutsets`), copied into ``<site>/<language>/handouts/`` and linked from its pages as
the source's are (``pipeline.language_facts``); a tree built without rendering links none (a
page never links a file the site does not have).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError

__all__ = ["alternates", "language_name", "language_paths"]


def language_name(lang: str) -> str:
    """The language's name in itself (Cymraeg, العربية), as a switcher shows it."""
    try:
        return str(Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return lang


def alternates(source: str, languages: Sequence[str], here: str) -> list[dict[str, str]]:
    """Material's ``extra.alternate`` for the tree of language ``here``: the source language's
    home (the site's root) and each translation's (``<language>/``), relative to this tree."""
    up = "" if here == source else "../"
    out = [{"name": language_name(source), "link": up or "./", "lang": source}]
    for lang in languages:
        link = "./" if lang == here else f"{up}{lang}/"
        out.append({"name": language_name(lang), "link": link, "lang": lang})
    return out


def language_paths(docs: Path, lang: str) -> Path:
    """Where a language's generated tree is written: ``build/languages/<language>/docs``."""
    return docs.parent / "languages" / lang / "docs"
