"""What changed since the clinical sign-off, in plain words, part by part (``hipback review``).

The clinician who signs reads this, so every change is said as a clinician would check it: which
question, which answer, where it now leads (with the question's words or the outcome's title and
tier, not only an id), the old words beside the new. The diff itself is the model's
(:mod:`generator.model.safety_diff`); this module only names and words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ...model.content import Content
from ...model.safety_diff import Change, diff
from ...model.safety_parts import Status

State = Literal["new", "changed", "removed", "whole"]

KEY_WORDS = {
    "questions": "question", "outcomes": "outcome", "answers": "answer", "signs": "sign",
    "lists": "sign list", "tiers": "tier", "rules": "rule", "scenarios": "story",
    "next": "leads to", "question": "question words", "text": "words", "label": "label",
    "asks_about": "asks about the sign list", "help": "help text", "tier": "tier",
    "conditions": "linked conditions", "sources": "sources", "on_every_page":
    "shown on every page", "start": "first question", "action": "what to do", "words":
    "words that mean this tier", "story": "story", "expect": "must end", "says":
    "rule in words", "emergency_number": "emergency phone number", "urgent_number":
    "urgent phone number", "scope": "who the guide is for", "order": "order",
    "tier_at_least": "at least the tier", "never": "never at", "outcome": "at the outcome",
    "paths_to": "paths to the tiers", "must_ask": "must ask", "after": "after the answer",
    "reach_at_least": "reach at least the tier", "intro": "intro", "heading": "heading",
}
"""How a key of the content reads in the report; any other key is shown with spaces for _."""

LIST_WORDS = {"answers": "answers", "signs": "signs", "questions": "questions", "outcomes":
              "outcomes", "lists": "sign lists", "tiers": "tiers", "rules": "rules",
              "scenarios": "stories"}
"""A list's heading when an item is shown whole (its items are named by :data:`KEY_WORDS`)."""


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One change: where it is, what it is, the old lines and the new lines."""

    kind: Literal["added", "removed", "changed"]
    what: str
    where: str  # "content/flowchart.yml:34:7", or "" for something no longer in the files
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Section:
    """One safety part: its title, how it stands against the sign-off, and its changes."""

    name: str
    title: str
    state: State
    entries: tuple[Entry, ...]


def word(key: str) -> str:
    return KEY_WORDS.get(key, key.replace("_", " "))


def _names(status: Status) -> dict[str, str]:
    """Question and outcome ids → their words (new content first, then what was signed)."""
    out: dict[str, str] = {}
    for data in (status.signed_data("flowchart"), status.parts["flowchart"].data
                 if "flowchart" in status.parts else None):
        if not isinstance(data, dict):
            continue
        for q in data.get("questions", []):
            words = (f'question "{q["question"]}"' if q.get("question") else
                     f'the question about the sign list "{q.get("asks_about")}"')
            out[str(q.get("id"))] = words
        for o in data.get("outcomes", []):
            out[str(o.get("id"))] = f'outcome "{o.get("title")}" (tier {o.get("tier")})'
    return out


class Words:
    """Turns the data of a part into lines a clinician can read."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def target(self, ident: Any) -> str:
        name = self.names.get(str(ident))
        return f"{ident}: {name}" if name else str(ident)

    def scalar(self, key: str, value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if key == "next":
            return self.target(value)
        return str(value)

    def lines(self, value: Any, key: str = "", indent: str = "") -> list[str]:
        """``value`` as lines; mappings as "key: value", answers as "words → where"."""
        if value is None:
            return []
        if isinstance(value, dict):
            return self._mapping(value, indent)
        if isinstance(value, list):
            out: list[str] = []
            for item in value:
                if isinstance(item, dict | list):
                    sub = self.lines(item, key, indent + "  ")
                    out += [f"{indent}- {sub[0].lstrip()}", *sub[1:]] if sub else []
                else:
                    out.append(f"{indent}- {self.scalar(key, item)}")
            return out
        return [indent + self.scalar(key, value)]

    def _mapping(self, value: dict[str, Any], indent: str) -> list[str]:
        out: list[str] = []
        rest = dict(value)
        if "label" in rest and "next" in rest:  # an answer: its words and where it leads
            out.append(f'{indent}"{rest.pop("label")}" → {self.target(rest.pop("next"))}')
        for k, v in rest.items():
            if isinstance(v, dict | list):
                out.append(f"{indent}{LIST_WORDS.get(k, word(k))}:")
                out += self.lines(v, k, indent + "  ")
            else:
                out.append(f"{indent}{word(k)}: {self.scalar(k, v)}")
        return out


def _what(change: Change, part: str) -> str:
    crumbs = []
    for n, step in enumerate(change.steps):
        if step.item is not None:
            crumbs.append(f'{word(step.key)} "{step.item}"')
        elif n == 0 and part.endswith("/get_help"):
            crumbs.append(f'get help: tier "{step.key}"')
        elif n + 1 < len(change.steps) and change.steps[n + 1].item is not None:
            continue  # the list's key is said by its item ("question "x"")
        else:
            crumbs.append(word(step.key))
    return " › ".join(crumbs) or "the whole part"


def _entry(content: Content, status: Status, name: str, change: Change, w: Words) -> Entry:
    part = status.parts[name]
    key = change.steps[-1].key if change.steps else ""
    old, new = w.lines(change.old, key), w.lines(change.new, key)
    if change.kind == "changed" and isinstance(change.old, list) and isinstance(change.new, list) \
            and key != "order":  # a list of lines: show only the lines that went and came
        gone = [x for x in old if x not in new]
        came = [x for x in new if x not in old]
        if gone or came:
            old, new = gone, came
    where = ""
    if change.kind != "removed" or change.loc:
        file, line, col = content.where(part.key, (*part.loc, *change.loc))
        where = f"{file}:{line}:{col}"
    return Entry(kind=change.kind, what=_what(change, name), where=where, old=tuple(old),
                 new=tuple(new))


def review_sections(content: Content, status: Status) -> list[Section]:
    """A section per safety part that is new, changed or gone since the sign-off (every part,
    as new, when nobody has signed)."""
    w = Words(_names(status))
    out: list[Section] = []
    signed = status.signoff.fingerprints if status.signoff else {}
    for name in status.changed:
        part = status.parts[name]
        old = status.signed_data(name)
        state: State = "new" if name not in signed else ("changed" if old is not None
                                                         else "whole")
        changes = diff(old, part.data)
        title = f"{part.label[:1].upper()}{part.label[1:]} ({content.display(part.key)})"
        out.append(Section(name=name, title=title, state=state, entries=tuple(
            _entry(content, status, name, c, w) for c in changes)))
    for name in status.removed:
        old = status.signed_data(name)
        out.append(Section(name=name, title=f'The part "{name}"', state="removed", entries=(
            Entry(kind="removed", what="the whole part", where="", old=tuple(w.lines(old)),
                  new=()),)))
    return out
