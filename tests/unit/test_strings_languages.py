"""The engine's own words in Welsh and Arabic (issue 25): each translation has exactly English's
keys, a real string wherever English has one, and the same ``{placeholder}`` names, because the
code fills them with ``str.format`` or ``fill_html`` and a renamed or dropped placeholder would
either crash the build or silently lose a fact (a date, a count, an emergency number)."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter
from typing import Any

import pytest
import yaml

from generator.strings import load_strings

STRINGS = Path(__file__).resolve().parents[2] / "generator" / "strings"
LANGUAGES = ("cy", "ar")


class _NoDuplicates(yaml.SafeLoader):
    """A loader that refuses a key written twice (plain YAML keeps the last one silently)."""


def _mapping(loader: _NoDuplicates, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(k) for k, _v in node.value]
    twice = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twice:
        raise AssertionError(f"line {node.start_mark.line + 1}: key written twice: {twice}")
    return loader.construct_mapping(node)


_NoDuplicates.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _load(language: str) -> Any:
    return yaml.load((STRINGS / f"{language}.yml").read_text(encoding="utf-8"), _NoDuplicates)


def _leaves(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every leaf by its path; list items count as keys ``[0]``, ``[1]``… so lengths must match."""
    if isinstance(node, dict):
        out: dict[tuple[str, ...], Any] = {}
        for key, value in node.items():
            out |= _leaves(value, (*path, str(key)))
        return out
    if isinstance(node, list):
        out = {}
        for i, value in enumerate(node):
            out |= _leaves(value, (*path, f"[{i}]"))
        return out
    return {path: node}


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in Formatter().parse(text) if name is not None}


def _key(path: tuple[str, ...]) -> str:
    return ".".join(path)


ENGLISH = _leaves(_load("en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_same_keys_as_english(language: str) -> None:
    ours = _leaves(_load(language))
    assert sorted(map(_key, set(ENGLISH) - set(ours))) == [], "missing keys"
    assert sorted(map(_key, set(ours) - set(ENGLISH))) == [], "keys English does not have"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_value_is_a_non_empty_string_with_englishs_placeholders(language: str) -> None:
    ours = _leaves(_load(language))
    wrong = []
    for path, english in ENGLISH.items():
        value = ours.get(path)
        if not isinstance(english, str):
            continue
        if not isinstance(value, str) or not value.strip():
            wrong.append(f"{_key(path)}: not a non-empty string: {value!r}")
        elif _placeholders(value) != _placeholders(english):
            wrong.append(f"{_key(path)}: placeholders {sorted(_placeholders(value))}, "
                         f"English has {sorted(_placeholders(english))}")
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_left_in_english(language: str) -> None:
    """A value may equal English only when it has no words of its own (``–``, ``{a} · {b}``)."""
    ours = _leaves(_load(language))
    same = [_key(p) for p, english in ENGLISH.items()
            if ours.get(p) == english and re.search(r"[A-Za-z]", re.sub(r"\{\w+\}", "", english))]
    assert same == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_says_it_is_not_checked_by_a_qualified_translator(language: str) -> None:
    head = (STRINGS / f"{language}.yml").read_text(encoding="utf-8").split("\ncommon:")[0]
    assert "NOT CHECKED BY A QUALIFIED TRANSLATOR" in head


@pytest.mark.parametrize("language", LANGUAGES)
def test_load_strings_uses_the_translation(language: str) -> None:
    """``load_strings`` overlays the file on English, also for a regional tag like ``cy-GB``."""
    own = _load(language)
    for tag in (language, f"{language}-GB"):
        loaded = load_strings(tag)
        assert loaded["red_flags"]["heading"] == own["red_flags"]["heading"]
        assert loaded["pdf"]["overview"]["title"] == own["pdf"]["overview"]["title"]
        assert loaded["about"]["review_steps"] == own["about"]["review_steps"]
    english = load_strings("en")["common"]["get_help_now"]
    assert load_strings(language)["common"]["get_help_now"] != english
