"""Turn pydantic's validation errors into sentences anchored at ``path:line:col``."""

from __future__ import annotations

import datetime as dt
import math
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..diagnostics import Diagnostic, suggest
from ..load.yamlio import Loaded, Loc
from .fields import (
    LANGUAGE_PATTERN,
    PHONE_PATTERN,
    SITE_URL_PATTERN,
    SLUG_PATTERN,
    SOURCE_URL_PATTERN,
    WEB_URL_PATTERN,
)
from .signoff import (
    FINGERPRINT_PATTERN,
    PART_PATTERN,
    TEXT_FINGERPRINT_PATTERN,
    TEXT_KEY_PATTERN,
)

RENAMED: dict[tuple[str, str], tuple[str | None, str]] = {
    ("Condition", "how_it_causes_hip_pain"): (
        "how_it_causes_pain",
        ('was renamed to "how_it_causes_pain" (the heading comes from the content\'s '
         "strings.yml); rename the key."),
    ),
    ("Question", "screens_red_flags"): (
        None,
        ("is gone: write asks_about: <sign list id> instead, and the question and its signs "
         "come from red-flags.yml."),
    ),
    ("Outcome", "action"): (
        "tier",
        ('was renamed to "tier" and takes a care tier id from care-tiers.yml (for example '
         "tier: emergency)."),
    ),
    ("Site", "emergency_label"): (
        None,
        ("moved to care-tiers.yml: the action of the most urgent tier says what to do; remove "
         "it here."),
    ),
    ("Site", "urgent_label"): (
        None,
        ("moved to care-tiers.yml: the action of the tier for today says what to do; remove it "
         "here."),
    ),
    ("RedFlags", "flags"): (
        "lists",
        "is now lists: one or more sign lists, each with a tier (see CONTENT-FORMAT.md).",
    ),
    ("Review", "clinical_reviewer"): (
        None,
        ("moved to signoff.yml, where a clinician's sign-off is bound to the exact safety "
         "content they checked: remove it here, then run hipback review and have the clinician "
         "approve it (hipback review --approve; see CONTENT-FORMAT.md)."),
    ),
    ("RedFlags", "intro"): (
        None,
        ("moved into the sign lists: each list in lists: has its own intro (and heading, "
         "question and tier); see CONTENT-FORMAT.md."),
    ),
}
"""Keys of the previous content format, by the model that held them: the key that replaces
them (its "missing" error is then not reported as well), and one clear message."""


_PATTERN_HINTS = {
    PHONE_PATTERN: "is not a phone number; write its digits, with single spaces between groups "
    'and + in front if needed (for example "999").',
    SITE_URL_PATTERN: "is not a whole web address ending in /; write it with https:// in front "
    "and / at the end, for example https://example.org/.",
    WEB_URL_PATTERN: "is not a whole web address; copy it from the browser, with https:// in "
    "front, for example https://www.nhs.uk/conditions/sciatica/.",
    SOURCE_URL_PATTERN: "is not a whole web address or a page of this site; copy a web address "
    "from the browser, with https:// in front (for example "
    "https://www.nhs.uk/conditions/sciatica/), or name a page of this site by its file from the "
    "site root, for example about.md#source-article.",
    LANGUAGE_PATTERN: "is not a language tag; write a short code such as en or en-GB.",
    FINGERPRINT_PATTERN: "is not a fingerprint (64 digits and letters a–f). hipback review "
    "--approve writes them; never type one: have the clinician review and approve again.",
    PART_PATTERN: "is not the name of a safety part; hipback review --approve writes these "
    "names, do not edit them.",
    TEXT_FINGERPRINT_PATTERN: "is not a fingerprint (64 digits and letters a–f). hipback "
    "translations approve writes them; never type one: have the translator check the texts "
    "and approve again.",
    TEXT_KEY_PATTERN: "is not the name of a translated text (file#key, as hipback translations "
    "export names it); hipback translations approve writes these names, do not edit them.",
    SLUG_PATTERN: "is not a valid id; use lowercase letters, digits and single hyphens (for "
    'example "lower-back").',
}
"""What a value that does not match one of the model's patterns should look like."""


def _renamed(owner: type[BaseModel] | None, key: str | int) -> tuple[str | None, str]:
    """What became of ``key`` of the previous format in ``owner`` (``(None, "")``: nothing)."""
    if owner is None:
        return None, ""
    return RENAMED.get((owner.__name__, str(key)), (None, ""))


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'text ("{value[:40]}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    return type(value).__name__


def _data_path(loc: tuple[Any, ...], data: Any) -> Loc:
    """Drop pydantic's internal loc parts (union tags, validator names) that are not in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict | list) and not path_is_internal(part):
            # a missing or unknown key: it belongs to the path, though it has no value
            path.append(part)
            node = None
    return tuple(path)


def _other_branch(err: Any) -> bool:
    """A text-or-mapping field (a treatment: text, or {text, sources}) given a mapping: the text
    branch's "must be text" is noise; the mapping branch's own errors say what is wrong."""
    return (err["type"] == "string_type" and isinstance(err.get("input"), dict)
            and any(isinstance(p, str) and p.startswith("function-after[") for p in err["loc"]))


def path_is_internal(part: Any) -> bool:
    return isinstance(part, str) and (part[:1].isupper() or part in {"scale", "text"}) and (
        "-" not in part
    )


def _unwrap(annotation: Any) -> list[Any]:
    """All concrete types inside Annotated/Optional/Union/list/dict wrappers."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _model_at(model: type[BaseModel], path: Loc) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``path`` (for listing its allowed keys)."""
    current: Any = model
    for part in path:
        found = None
        for annotation in _unwrap(current):
            if (isinstance(annotation, type) and issubclass(annotation, BaseModel)
                    and isinstance(part, str)):
                field = annotation.model_fields.get(part)
                if field is not None:
                    found = field.annotation
            elif typing.get_origin(annotation) is list and isinstance(part, int):
                found = typing.get_args(annotation)[0]
            elif typing.get_origin(annotation) is dict and isinstance(part, str):
                found = typing.get_args(annotation)[1]
            if found is not None:
                break
        if found is None:
            return None
        current = found
    for annotation in _unwrap(current):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
    return None


def _field_desc(model: type[BaseModel], path: Loc) -> str:
    if not path:
        return ""
    owner = _model_at(model, path[:-1])
    if owner is None or not isinstance(path[-1], str):
        return ""
    field = owner.model_fields.get(path[-1])
    return f" ({field.description})" if field and field.description else ""


def _name(path: Loc) -> str:
    if not path:
        return "this file"
    last = path[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(path[:-1]) if isinstance(p, str)), "list")
        return f'item {last + 1} of "{parent}"'
    return f'"{last}"'


def translate(
    exc: ValidationError, model: type[BaseModel], loaded: Loaded, display: str
) -> list[Diagnostic]:
    """One plain-language diagnostic per pydantic error, anchored where the problem is."""
    out: list[Diagnostic] = []
    errors = exc.errors(include_url=False)
    explained = _explained_by_typos(errors, model, loaded)
    for err in errors:
        path = _data_path(tuple(err["loc"]), loaded.data)
        if err["type"] == "missing" and path in explained or _other_branch(err):
            continue
        line, col = loaded.pos(path[:-1] if err["type"] == "missing" else path)
        out.append(Diagnostic(path=display, line=line, col=col,
                              message=_message(err, path, model, loaded)))
    return out


def _explained_by_typos(errors: list[ErrorDetails], model: type[BaseModel],
                        loaded: Loaded) -> set[Loc]:
    """A misspelled key shows up twice in pydantic (the real key "missing", the typo "extra"):
    the missing keys a typo (or a renamed key) explains, so it is reported once, as the typo
    with its suggestion."""
    missing = {
        _data_path(tuple(e["loc"]), loaded.data) for e in errors if e["type"] == "missing"
    }
    explained: set[Loc] = set()
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        path = _data_path(tuple(err["loc"]), loaded.data)
        owner = _model_at(model, path[:-1])
        renamed_to = _renamed(owner, path[-1])[0]
        if renamed_to is not None:
            explained.add((*path[:-1], renamed_to))
        hint = suggest(str(path[-1]), list(owner.model_fields) if owner else [])
        for key_path in missing:
            if key_path[:-1] == path[:-1] and hint == f' Did you mean "{key_path[-1]}"?':
                explained.add(key_path)
    return explained


def _message(err: ErrorDetails, path: Loc, model: type[BaseModel], loaded: Loaded) -> str:
    """What is wrong with the value at ``path``, and how to fix it."""
    kind = err["type"]
    name = _name(path)
    if kind == "missing":
        return f"{name} is missing{_field_desc(model, path)}; add it."
    if kind == "extra_forbidden":
        owner = _model_at(model, path[:-1])
        allowed = list(owner.model_fields) if owner else []
        renamed = _renamed(owner, path[-1])[1]
        if renamed:
            return f"{name} {renamed}"
        msg = f"unknown key {name}.{suggest(str(path[-1]), allowed)}"
        return msg + (f" Allowed keys here: {', '.join(allowed)}." if allowed else "")
    return (_type_message(err, path, name, loaded)
            or _rule_message(err, path, name, model)
            or f"{name}: {err['msg']}.")


def _type_message(err: ErrorDetails, path: Loc, name: str, loaded: Loaded) -> str | None:
    """A value of the wrong type (empty, text, list, mapping, number, yes/no, date), said in
    YAML's terms: what was typed and what YAML read it as."""
    kind = err["type"]
    value = err.get("input")
    if value is None and kind.endswith("_type"):
        return f"{name} is empty; give it a value or remove the key."
    if isinstance(value, float) and not math.isfinite(value):
        typed = loaded.raw.get(path, str(value))
        what = "not a number" if math.isnan(value) else "infinity"
        return f"{name} must be an ordinary number, not {typed} (YAML reads it as {what})."
    if kind == "string_type" and path in loaded.raw and loaded.raw[path] != str(value):
        typed = loaded.raw[path]
        if isinstance(value, bool):
            read = f"{str(value).lower()} (a yes/no value)"
        elif isinstance(value, int) and re.fullmatch(r"[-+]?0[0-7]+", typed):
            read = f"the number {value} (a number that starts with 0 is read in base 8)"
        elif isinstance(value, int | float):
            read = f"the number {value}"
        else:
            read = _type_name(value)
        return (f"{name} must be text, but YAML reads {typed} as {read}. Put it in quotes: "
                f'"{typed}".')
    if kind == "string_type":
        return f"{name} must be text, not {_type_name(value)}. Put it in quotes if needed."
    if kind == "list_type":
        return f'{name} must be a list (lines starting with "- "), not {_type_name(value)}.'
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{name} must be a mapping (key: value lines), not {_type_name(value)}."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} must be a whole number, not {_type_name(value)}."
    if kind in ("float_type", "float_parsing"):
        return f"{name} must be a number, not {_type_name(value)}."
    if kind in ("bool_type", "bool_parsing"):
        return f"{name} must be true or false, not {_type_name(value)}."
    if kind.startswith("date"):
        return (f"{name} must be a date written YYYY-MM-DD (for example 2026-11-20), not "
                f"{_type_name(value)}.")
    return None


def _rule_message(err: ErrorDetails, path: Loc, name: str, model: type[BaseModel]) -> str | None:
    """A value of the right type that breaks a rule: a choice, a pattern, a length, a bound,
    or a validator of ours."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", '"')
        choices = [c.strip().strip('"') for c in expected.replace(" or ", ",").split(",")]
        return f'{name} must be one of {expected}, not "{value}".{suggest(str(value), choices)}'
    if kind == "string_pattern_mismatch":
        pattern_hint = _PATTERN_HINTS.get(str(ctx.get("pattern")))
        if pattern_hint is not None:
            return f'{name}: "{value}" {pattern_hint}'
        return f'{name}: "{value}" does not have the expected form{_field_desc(model, path)}.'
    if kind == "too_short":
        count = len(value) if isinstance(value, list | str) else 0
        return f"{name} needs at least {ctx.get('min_length', 1)} item(s); it has {count}."
    if kind == "too_long":
        items = len(value) if isinstance(value, list | dict) else ctx.get("actual_length")
        return (f"{name} has {items} items; the limit is {ctx.get('max_length')}, so that "
                "pages and handouts stay readable. Keep the ones that matter most.")
    if kind == "string_too_long":
        return (f"{name} is too long ({len(value):,} characters); the limit is "
                f"{ctx.get('max_length'):,}, so that pages and handouts stay readable. "
                "Shorten it.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = next(iter(ctx.values()), "")
        word = "at least" if kind.startswith("greater") else "at most"
        return f"{name} must be {word} {limit}, not {value}."
    if kind == "value_error":
        reason = str(ctx.get("error", err["msg"]))
        # "item 1 of "x" contains …" reads on; a reason that is a sentence of its own
        # ("the link … uses …", "a line starts with …") is set off with a colon
        joiner = ": " if reason.split(" ", 1)[0] in {"the", "a", "an"} else " "
        return f"{name}{joiner}{reason}"
    if kind == "compare_value":
        return f"{name} {err['msg']}; found {_type_name(value)}."
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"{name} {err['msg']}"
    return None

