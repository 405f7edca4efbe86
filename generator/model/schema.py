"""JSON Schemas for editors (yaml-language-server), exported from the pydantic models.

Content files start with ``# yaml-language-server: $schema=../schemas/<kind>.schema.json`` so
editors such as VS Code complete keys, show the field descriptions and underline mistakes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from ..strings import load_strings
from . import FILE_KINDS
from .translatable import TranslationFile


def schema_for(kind: str) -> dict[str, object]:
    model = FILE_KINDS[kind]
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Content file: {kind}"
    return schema


def translation_schema() -> dict[str, object]:
    """``translations/<language>/<file>.yml``: text key → {source, text}."""
    schema = TypeAdapter(TranslationFile).json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Translation file"
    return schema


def _shape(value: Any) -> dict[str, Any]:
    """The schema of one default: a group of words, a list of words, or words."""
    if isinstance(value, Mapping):
        return {"type": "object", "additionalProperties": False,
                "properties": {str(k): _shape(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"type": "array", "items": {"type": "string"}, "default": value}
    return {"type": "string", "default": value}


def strings_schema() -> dict[str, object]:
    """``strings.yml``: any of the engine's own words (English defaults), the same nesting;
    every key optional, none unknown (``model/strings.py`` checks the same when loading)."""
    schema: dict[str, object] = {**_shape(load_strings("en")),
                                 "$schema": "https://json-schema.org/draft/2020-12/schema",
                                 "title": "Content file: strings (the engine's words)"}
    return schema


def schema_text(kind: str) -> str:
    made = {TRANSLATION: translation_schema, STRINGS: strings_schema}.get(kind)
    schema = made() if made is not None else schema_for(kind)
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


TRANSLATION = "translation"
STRINGS = "strings"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in sorted([*FILE_KINDS, TRANSLATION, STRINGS]):
        path = out / f"{kind}.schema.json"
        text = schema_text(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
