"""What changed in a safety part since it was signed: old data against new, item by item.

The parts are plain JSON data (see :mod:`.safety_parts`), so one structural diff serves them all,
including fields added to the models later. Lists of objects are matched by ``id`` (questions,
outcomes, signs, tiers, rules, stories) or, failing that, by ``label`` (the answers of a
question), so a question moved or an answer added reads as that, not as every item after it
changing. Each change keeps its path in the new data, which is also its place in the YAML file:
``hipback check --publish`` points at the line, ``hipback review`` names the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..load.yamlio import Loc

Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of the way to a change: a key of a mapping, or an item of a list."""

    key: str  # the mapping key, or the list's own key for an item ("questions")
    item: str | None = None  # the item's id or label ("nerve-signs", "Yes"); None: a key
    loc: str | int | None = None  # its place in the data (a key, or an index in the new list)


@dataclass(frozen=True, kw_only=True)
class Change:
    kind: Kind
    steps: tuple[Step, ...]
    old: Any = None
    new: Any = None

    @property
    def loc(self) -> Loc:
        """Where the change is in the new data (its nearest place that still exists)."""
        out: list[str | int] = []
        for step in self.steps:
            if step.loc is None:
                break
            out.append(step.loc)
        return tuple(out)


def _item_key(items: list[Any]) -> str | None:
    """The field that names each item of a list of objects (``id`` or ``label``), if unique."""
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for key in ("id", "label"):
        names = [x.get(key) for x in items]
        if all(isinstance(n, str) for n in names) and len(set(names)) == len(names):
            return key
    return None


def diff(old: Any, new: Any) -> list[Change]:
    """Every change from ``old`` to ``new`` (``old`` is ``None`` for a part never signed)."""
    return _diff(old, new, ())


def _diff(old: Any, new: Any, steps: tuple[Step, ...]) -> list[Change]:
    if old == new:
        return []
    if isinstance(new, dict) and isinstance(old, dict | None):
        return _diff_dict(old or {}, new, steps)
    if isinstance(new, list) and isinstance(old, list | None):
        key = _shared_key(old or [], new)
        if key is not None:
            return _diff_items(old or [], new, key, steps)
    if old is None:
        return [Change(kind="added", steps=steps, new=new)]
    if new is None:
        return [Change(kind="removed", steps=steps, old=old)]
    return [Change(kind="changed", steps=steps, old=old, new=new)]


def _shared_key(old: list[Any], new: list[Any]) -> str | None:
    """The naming field both lists use (items are matched by it), if they share one."""
    k_old, k_new = _item_key(old), _item_key(new)
    if not old or not new:
        return k_new or k_old
    return k_new if k_new == k_old else None


def _diff_dict(old: dict[str, Any], new: dict[str, Any], steps: tuple[Step, ...]
               ) -> list[Change]:
    out: list[Change] = []
    for key in [*new, *(key for key in old if key not in new)]:
        step = Step(key=key, loc=key if key in new else None)
        if key not in new:
            out.append(Change(kind="removed", steps=(*steps, step), old=old[key]))
        elif key not in old and not isinstance(new[key], list | dict):
            out.append(Change(kind="added", steps=(*steps, step), new=new[key]))
        else:
            out.extend(_diff(old.get(key), new[key], (*steps, step)))
    return out


def _diff_items(old: list[Any], new: list[Any], key: str, steps: tuple[Step, ...]
                ) -> list[Change]:
    """Items matched by their ``key`` field: added, removed, changed, and moved."""
    parent = steps[-1].key if steps else ""
    before = {x[key]: x for x in old}
    after = {x[key] for x in new}
    out: list[Change] = []
    for i, item in enumerate(new):
        name = item[key]
        here = (*steps, Step(key=parent, item=name, loc=i))
        if name not in before:
            out.append(Change(kind="added", steps=here, new=item))
        else:
            out.extend(_diff(before[name], item, here))
    for name, item in before.items():
        if name not in after:
            out.append(Change(kind="removed", steps=(*steps, Step(key=parent, item=name)),
                              old=item))
    order_old = [x[key] for x in old if x[key] in after]
    order_new = [x[key] for x in new if x[key] in before]
    if order_old != order_new:
        out.append(Change(kind="changed", steps=(*steps, Step(key="order", loc=None)),
                          old=order_old, new=order_new))
    return out
