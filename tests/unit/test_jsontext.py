"""generator.text.jsontext: the same text as ``json.dumps(..., indent, sort_keys)``, faster."""

from __future__ import annotations

import json
import math
from enum import StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.jsontext import indented_json


def _stdlib(doc: object, indent: int = 2) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=True)


_SCALARS = (st.none() | st.booleans() | st.integers() | st.text()
            | st.floats(allow_nan=True, allow_infinity=True))
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.lists(inner, max_size=5).map(tuple)
    | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(_DOCS, st.sampled_from([1, 2, 4]))
def test_same_text_as_json_dumps(doc: object, indent: int) -> None:
    assert indented_json(doc, indent) == _stdlib(doc, indent)


class _Kind(StrEnum):
    A = "a"


@pytest.mark.parametrize("doc", [
    {}, [], (), {"b": [], "a": {}}, [[["x"]]], {"k": ["a", "é", "\u2028", '"\\']},
    {"nan": math.nan, "inf": [math.inf, -math.inf]},  # non-finite: left to json itself
    {1: "int key", 2: None}, {True: 1, False: 0},  # keys json turns into strings
    {"enum": _Kind.A, "list": [_Kind.A]},  # a str subclass
    {"deep": [{"x": [1, 2.5, -0.0, 10**30, True, None]}] * 3},
])
def test_edge_cases(doc: object) -> None:
    assert indented_json(doc) == _stdlib(doc)


def test_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        indented_json({"a": {1, 2}})
