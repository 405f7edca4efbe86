"""The site in every translated language: one tree per language, below the source's.

``checks/languages.py`` makes each translated language's content (its texts in place, its
``public_url`` ``<site>/<language>/``); here each is resolved, emitted and built by the same
engine into ``<site>/<language>/``, after the source language's site and before the post-steps,
which then run over every language alike (theme fixes, stylesheets, CSP, link check,
compressed copies). The trees share the site map's paths, so every page of one language is
at the same path below the other languages' roots.

Every tree carries Material's language switcher (``extra.alternate``): one entry a language,
named in its own language (Babel), with ``link`` (that language's root, relative to this tree's
root) and ``root`` (its absolute address). ``overrides/partials/alternate.html`` links each
entry to the same page in that language, and ``overrides/main.html`` writes one
``<link rel="alternate" hreflang>`` a language (and ``x-default``, the source language: the
first entry) with absolute addresses; :mod:`.markup` keeps Material's script from fetching a
site map for them. A language's handouts are rendered with the source's, in one pass
(:mod:`.handoutsets`), copied into ``<site>/<language>/handouts/`` and linked from its pages as
the source's are (``pipeline.language_facts``); a tree built without rendering links none (a
page never links a file the site does not have). The offline copy (:mod:`.offline`) has the
same trees, with ``.html`` addresses; its switcher and ``hreflang`` links use ``link``, within
the copy, instead of ``root``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError

__all__ = ["alternates", "language_name", "language_paths", "search_options"]

STEPS = ("stemmer", "stopWordFilter", "trimmer")
"""lunr's word steps that depend on the language (Material's search ``pipeline``)."""


def _lunr_languages() -> frozenset[str]:
    """The languages Material's search worker can load a lunr stemmer for (its ``lunr.<lang>``
    files)."""
    import material  # the theme is a dependency; imported only when a site is configured

    folder = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr"
    return frozenset(p.name.split(".")[1] for p in (folder / "min").glob("lunr.*.min.js"))


def search_options(lang: str) -> dict[str, list[str]] | None:
    """Material's search plugin options for a tree in ``lang`` (``None``: the theme's own,
    English). Where lunr has the language (Arabic) its stemmer, stop words and trimmer are used;
    where it has none (Welsh) the words are only split and lower-cased: English stemming would
    cut Welsh words wrongly and lunr's trimmer strips letters such as ŵ and ŷ (not ASCII word
    characters) from word ends. Material's own Arabic settings name no steps and English."""
    base = lang.split("-")[0]
    if base == "en":
        return None
    if base in _lunr_languages():
        return {"lang": [base], "pipeline": list(STEPS)}
    return {"lang": ["en"], "pipeline": []}


def language_name(lang: str) -> str:
    """The language's name in itself (Cymraeg, العربية), as a switcher shows it."""
    try:
        return str(Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return lang


def alternates(source: str, languages: Sequence[str], here: str,
               public_url: str) -> list[dict[str, str]]:
    """Material's ``extra.alternate`` for the tree of language ``here``: the source language's
    root (the site's root, always first: the ``x-default``) and each translation's
    (``<language>/``), ``link`` relative to this tree's root and ``root`` absolute, below
    ``public_url`` (the source language's address)."""
    up = "" if here == source else "../"
    site = public_url.rstrip("/") + "/"
    out = [{"name": language_name(source), "link": up or "./", "lang": source, "root": site}]
    for lang in languages:
        link = "./" if lang == here else f"{up}{lang}/"
        out.append({"name": language_name(lang), "link": link, "lang": lang,
                    "root": f"{site}{lang}/"})
    return out


def language_paths(docs: Path, lang: str) -> Path:
    """Where a language's generated tree is written: ``build/languages/<language>/docs``."""
    return docs.parent / "languages" / lang / "docs"
