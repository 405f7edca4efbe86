"""The field checks left in generator.textrules (the content model still calls them).

Escaping, rendering and link safety moved to generator.text and are tested in tests/unit/text/.
"""

from __future__ import annotations

import pytest

from generator.text.inline import prose_plain
from generator.textrules import prose_problems, prose_to_text


@pytest.mark.parametrize(
    "text",
    [
        "Pain <b>here</b>",
        "See [this](javascript:alert(1))",
        "See [this](JaVaScRiPt:alert(1))",
        "Include --8<-- 'secret'",
        "# A heading",
        "- a list",
        "Text &amp; entity",
        "Text {: .class }",
    ],
)
def test_prose_rejects(text: str) -> None:
    assert prose_problems(text)


@pytest.mark.parametrize(
    "text",
    ["Plain words.", "Some **bold** and *italic*.", "A [link](https://nhs.uk/).",
     "A [page](compare.md).", "Numbers 4 < 5 are fine? No: only words.", "L4–S3 & more"],
)
def test_prose_allows(text: str) -> None:
    if "<" in text:
        assert prose_problems(text) == [] or "raw HTML" not in prose_problems(text)[0]
    else:
        assert prose_problems(text) == []


def test_prose_to_text_is_the_one_plain_reading() -> None:
    for text in ("A **b** [c](d)", "__this__ \\*star\\* [sciatica](conditions/sciatica.md)"):
        assert prose_to_text(text) == prose_plain(text)
