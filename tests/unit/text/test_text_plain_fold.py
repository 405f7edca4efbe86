"""to_plain folds whitespace exactly as the one substitution it was: texts with nothing to fold
skip it, every other text gets it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.inline.render import _FOLD, to_plain
from generator.text.inline.tree import Em, Text

_CHARACTERS = st.sampled_from(
    ["a", "b", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029", "\xa0",
     "\u3000", "\x1c", "é", "."])


def _folded(text: str) -> str:
    return _FOLD.sub(" ", text).strip()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_CHARACTERS, max_size=12).map("".join), min_size=1, max_size=3))
def test_plain_text_is_folded_as_before(pieces: list[str]) -> None:
    nodes = [Text(pieces[0]), Em(tuple(Text(x) for x in pieces[1:]))]
    assert to_plain(nodes) == _folded("".join(pieces))


def test_no_break_spaces_are_kept_and_runs_folded() -> None:
    assert to_plain([Text(" 10\xa0mg  a\tday\u2028 ")]) == "10\xa0mg a day"
    assert to_plain([Text("one two")]) == "one two"
