"""The front matter :func:`generator.text.mdspans.prose_spans` leaves out: the same lines as
the character-at-a-time pattern it replaced, on every arrangement of the characters that matter."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.mdspans import _FRONT_MATTER, prose_spans

# The pattern as first written: ``.*?`` over any character, newlines included.
_BY_CHARACTER = re.compile(r"---[ \t]*\n(?:.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_PIECES = ["-", ".", "\n", " ", "\t", "a", "---", "...", "\n---\n", "\n...\n"]


def _span(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    found = pattern.match(text)
    return None if found is None else found.span()


def test_every_short_arrangement_ends_where_it_did() -> None:
    for length in range(1, 6):
        for pieces in itertools.product(_PIECES, repeat=length):
            for text in ("".join(pieces), "---\n" + "".join(pieces)):
                assert _span(_FRONT_MATTER, text) == _span(_BY_CHARACTER, text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "x" * 50, "title: a\n"]), max_size=20))
def test_longer_pages_end_where_they_did(pieces: list[str]) -> None:
    text = "---\n" + "".join(pieces)
    assert _span(_FRONT_MATTER, text) == _span(_BY_CHARACTER, text)


def test_a_long_line_in_the_front_matter_is_left_out_and_the_body_read() -> None:
    page = '---\nhb_map: "' + "<svg>" * 4000 + '"\n---\nBody words.\n'
    assert [page[a:b] for a, b in prose_spans(page)] == ["Body words."]
