"""Wrapping WeasyPrint's functions (publish/pdfhooks.py): once per process, all or none."""

from __future__ import annotations

import types
from typing import Any

import pytest

from generator.emit.pdf.html import HandoutError
from generator.publish import pdfhooks


def _adding(suffix: str) -> Any:
    def wrap(original: Any) -> Any:
        return lambda text: original(text) + suffix
    return wrap


def test_a_repair_wraps_once_however_often_it_is_installed() -> None:
    owner = types.SimpleNamespace(shape=lambda text: text)
    for _ in range(3):
        pdfhooks.wrap_once("test-once", [(owner, "shape", _adding("!"))])
    assert owner.shape("a") == "a!"  # not "a!!!"


def test_a_missing_function_refuses_every_hook_and_names_the_fix() -> None:
    owner = types.SimpleNamespace(shape=lambda text: text)
    with pytest.raises(HandoutError, match=r"pdfhooks-missing\.py hooks into .*pinned"):
        pdfhooks.wrap_once("pdfhooks-missing", [(owner, "shape", _adding("!")),
                                                (owner, "gone", _adding("?"))])
    assert owner.shape("a") == "a"  # the present one was left as it was
