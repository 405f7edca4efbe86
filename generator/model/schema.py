"""JSON Schemas for editors (yaml-language-server), exported from the pydantic models.

Content files start with ``# yaml-language-server: $schema=../schemas/<kind>.schema.json`` so
editors such as VS Code complete keys, show the field descriptions and underline mistakes.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

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


def schema_text(kind: str) -> str:
    schema = translation_schema() if kind == TRANSLATION else schema_for(kind)
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


TRANSLATION = "translation"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in sorted([*FILE_KINDS, TRANSLATION]):
        path = out / f"{kind}.schema.json"
        text = schema_text(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
