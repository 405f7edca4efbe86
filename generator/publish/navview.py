"""Which pages show a different navigation after the nav changed (for incremental previews).

MkDocs renders the navigation into every page. A preview that rebuilds only the pages whose
Markdown changed would leave the old nav on every other page: after a condition is renamed, its
neighbours would still list it under the old name. This module says which pages' nav HTML can
differ between two navs, so exactly those are rebuilt too.

What a page's nav shows, with Material's ``navigation.sections`` and ``navigation.prune`` (the
project's theme features), is summed up as the page's *view*, compared between the two navs:

- the top level, and the entries of every top-level section (sections are shown open);
- the entries of every section on the way down to the page (the open path);
- the pages before and after it (``<link rel="prev/next">``).

An entry is its label and its address: a page's own, and for a section the address of its first
page (a pruned section is drawn as a link there, so renaming a condition to the front of its
group changes the nav of every page outside the group). The view is deliberately generous: a page whose view is unchanged renders the
same nav; a page whose view changed may not, and is rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

Entry = tuple[str, str | None, bool]  # label, page path (a section: its first page), section?


@dataclass(frozen=True)
class _Section:
    label: str
    children: tuple[_Section | _Page, ...]


@dataclass(frozen=True)
class _Page:
    label: str
    path: str


def _items(nav: Sequence[Any]) -> tuple[_Section | _Page, ...]:
    out: list[_Section | _Page] = []
    for item in nav:
        if isinstance(item, str):
            out.append(_Page(label="", path=item))
            continue
        if not isinstance(item, dict):
            continue
        for label, value in item.items():
            if isinstance(value, list):
                out.append(_Section(label=str(label), children=_items(value)))
            else:
                out.append(_Page(label=str(label), path=str(value)))
    return tuple(out)


def _first_page(item: _Section | _Page) -> str | None:
    if isinstance(item, _Page):
        return item.path
    return next((p for p in map(_first_page, item.children) if p is not None), None)


def _entries(children: Sequence[_Section | _Page]) -> tuple[Entry, ...]:
    return tuple((c.label, _first_page(c), isinstance(c, _Section)) for c in children)


def _walk(children: Sequence[_Section | _Page], path: tuple[_Section, ...]
          ) -> Iterator[tuple[_Page, tuple[_Section, ...]]]:
    for child in children:
        if isinstance(child, _Page):
            yield child, path
        else:
            yield from _walk(child.children, path + (child,))


def views(nav: Sequence[Any]) -> dict[str, tuple[Any, ...]]:
    """``{page path: its view}`` for every page in ``nav`` (MkDocs' nav list, as configured)."""
    top = _items(nav)
    shared = (_entries(top),) + tuple(
        _entries(c.children) for c in top if isinstance(c, _Section))
    pages = list(_walk(top, ()))
    out: dict[str, tuple[Any, ...]] = {}
    for i, (page, ancestors) in enumerate(pages):
        before = pages[i - 1][0].path if i else None
        after = pages[i + 1][0].path if i + 1 < len(pages) else None
        out[page.path] = (shared, tuple(_entries(s.children) for s in ancestors),
                          page.label, before, after)
    return out


def pages_with_new_nav(old: Sequence[Any], new: Sequence[Any]) -> set[str]:
    """Pages of ``new`` whose navigation may render differently than under ``old``."""
    if old == new:
        return set()
    before, after = views(old), views(new)
    return {path for path, view in after.items() if before.get(path) != view}
