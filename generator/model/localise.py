"""A language's content: the source files with their texts replaced by the translations.

The translated content is made from the same files the source content is made from, read once
(``load``): each text a translation gives (``model/translatable.py`` names them) is put in place
of the source text, at the same place of the same file, and nothing else changes. So the
translated content has the source's questions, answers, outcomes, sign lists, tiers, ids and
sources by construction, and it is validated and checked by the same models and rules
(``checks/languages.py``). Only current translations are used: a stale one (its source text
changed since) or a missing one leaves the source text, which the page marks as not yet
translated. ``site.yml``'s ``language`` becomes the translation's language, and its
``public_url`` the address of the language's pages, ``<public_url><language>/``. The artwork's
own words over its two views are the source's, so a language's maps use its strings instead.

The reader stories (``scenarios.yml``) name each answer by its words; their answers are
translated with the flowchart's, so every story can be walked in every language, and
``checks/languages.py`` proves each ends where it ends in the source.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..load.folder import Folder, RawPage
from ..load.yamlio import Loaded, Loc
from .translatable import BODY, PAGE_TEXTS, Unit, translation_file

__all__ = ["current_texts", "localise"]


def current_texts(units: Mapping[str, Mapping[str, Unit]],
                  files: Mapping[str, Loaded]) -> dict[str, dict[str, str]]:
    """The translations of ``files`` (a language's translation files) that follow their source
    text as it is now: source file → key → translated text."""
    out: dict[str, dict[str, str]] = {}
    for file, texts in units.items():
        loaded = files.get(translation_file(file))
        data = loaded.data if loaded is not None and isinstance(loaded.data, dict) else {}
        for key, unit in texts.items():
            entry = data.get(key)
            if (isinstance(entry, dict) and isinstance(entry.get("text"), str)
                    and entry["text"].strip() and str(entry.get("source")) == unit.fingerprint):
                out.setdefault(file, {})[key] = entry["text"]
    return out


def _put(data: Any, loc: Loc, text: str) -> None:
    for step in loc[:-1]:
        data = data[step]
    data[loc[-1]] = text


def _labels(flowchart: Any) -> dict[str, list[str]]:
    """Each question's answer words, in order."""
    questions = flowchart.get("questions") if isinstance(flowchart, dict) else None
    out: dict[str, list[str]] = {}
    for q in questions if isinstance(questions, list) else []:
        if isinstance(q, dict) and isinstance(q.get("answers"), list):
            out[str(q.get("id"))] = [str(a.get("label")) if isinstance(a, dict) else ""
                                     for a in q["answers"]]
    return out


def _relabel_stories(scenarios: Any, before: Mapping[str, list[str]],
                     after: Mapping[str, list[str]]) -> None:
    """Give the stories' answers in the translated words (the answer at the same place)."""
    stories = scenarios.get("scenarios") if isinstance(scenarios, dict) else None
    for story in stories if isinstance(stories, list) else []:
        answers = story.get("answers") if isinstance(story, dict) else None
        if not isinstance(answers, dict):
            continue
        for qid, label in list(answers.items()):
            words = before.get(str(qid), [])
            if label in words and len(after.get(str(qid), [])) == len(words):
                answers[qid] = after[str(qid)][words.index(label)]


def _page(raw: RawPage, texts: Mapping[str, str]) -> RawPage:
    if not texts:
        return raw
    front = copy.deepcopy(raw.front.data) if isinstance(raw.front.data, dict) else {}
    for name in PAGE_TEXTS:
        if name in texts:
            front[name] = texts[name]
    return replace(raw, front=Loaded(data=front, positions=raw.front.positions,
                                     raw=raw.front.raw), body=texts.get(BODY, raw.body))


def localise(folder: Folder, lang: str, units: Mapping[str, Mapping[str, Unit]],
             texts: Mapping[str, Mapping[str, str]]) -> Folder:
    """``folder`` in ``lang``: every current translation (``texts``, as :func:`current_texts`
    gives them) in place of its source text (see the module docstring)."""
    yaml: dict[str, Loaded] = {}
    for key, loaded in folder.yaml.items():
        mine = texts.get(key, {})
        if not mine and key != "site.yml":
            yaml[key] = loaded
            continue
        data = copy.deepcopy(loaded.data)
        for text_key, text in mine.items():
            _put(data, units[key][text_key].loc, text)
        if key == "site.yml" and isinstance(data, dict):
            data["language"] = lang
            if isinstance(data.get("public_url"), str):  # the language's pages live below it
                data["public_url"] = data["public_url"].rstrip("/") + f"/{lang}/"
        yaml[key] = Loaded(data=data, positions=loaded.positions, raw=loaded.raw)
    chart = "flowchart.yml"
    if chart in texts and "scenarios.yml" in yaml:
        stories = copy.deepcopy(yaml["scenarios.yml"].data)
        _relabel_stories(stories, _labels(folder.yaml[chart].data), _labels(yaml[chart].data))
        yaml["scenarios.yml"] = replace(yaml["scenarios.yml"], data=stories)
    pages = tuple(_page(raw, texts.get(raw.key, {})) for raw in folder.pages)
    # the artwork's own "Front"/"Back" words are the source language's: a translation takes
    # the view labels from its strings (``where.view_front``/``view_back``), on pages and paper
    art = folder.bodymap
    bodymap = replace(art, view_labels=None) if art is not None else None
    return replace(folder, yaml=yaml, pages=pages, bodymap=bodymap)
