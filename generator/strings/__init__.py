"""Reader-facing words, one YAML file per language (``en.yml`` is the fallback)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_HERE = Path(__file__).parent


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@cache
def load_strings(language: str) -> dict[str, Any]:
    """Strings for ``language`` (for example ``en`` or ``en-GB``), falling back to English."""
    data: dict[str, Any] = yaml.safe_load((_HERE / "en.yml").read_text(encoding="utf-8"))
    base = language.split("-")[0].lower()
    for name in (base, language):
        path = _HERE / f"{name}.yml"
        if name != "en" and path.is_file():
            data = _merge(data, yaml.safe_load(path.read_text(encoding="utf-8")))
    return data
