"""Join tagged PDFs into one tagged PDF: the booklet, from the finished handouts (pikepdf/qpdf).

:func:`join` takes a front part (cover and contents, laid out by WeasyPrint as PDF/UA-1) and the
parts (the cached handouts, not laid out again) and returns one PDF that is still tagged:

* **pages** are appended as they are; the front keeps its catalogue, so the booklet's ``/Lang``,
  ``/MarkInfo``, ``/ViewerPreferences`` and XMP metadata (title, PDF/UA identification) are
  the front's;
* **structure**: each part's ``/Document`` element becomes a ``/Part`` element titled with the
  handout's name; parts of one group sit in a ``/Part`` element titled with the group's name,
  under the booklet's ``/Document``. The parts' ParentTree entries are renumbered (every page's
  ``/StructParents`` and every annotation's ``/StructParent`` move by the same offset), so each
  marked-content sequence still finds its element;
* **bookmarks**: the front's own, then one per part (the part's own bookmarks below it), parts of
  a group under one bookmark of the group;
* **page labels**: the front i, ii, …; the parts 1, 2, … straight through;
* **links**: a front link to a part's address (the contents) becomes a jump to its first page;
  named destinations inside a part are prefixed, so two parts cannot clash;
* **bytes** depend on the inputs only: the file ID is a hash of the content
  (``deterministic_id``), and no date is added (the dates are the front's, from the content).

qpdf keeps every copied object in memory until the file is written: about 1.2 MB per 2-page
handout (790 objects, half of them structure elements), hence the volumes of
``emit/pdf/volumes.py``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf, String

from ..lifeline import die_with
from .pdfresult import Done, done

K = TypeVar("K")

JOIN_VERSION = "1"
"""Bump when the join changes in a way its inputs do not show (invalidates cached booklets)."""


def join_fingerprint(fingerprint: str) -> str:
    """A booklet's environment: its parts' (``fingerprint``), plus pikepdf and this code."""
    tail = f"\0pikepdf={importlib.metadata.version('pikepdf')}\0join={JOIN_VERSION}"
    return hashlib.sha256((fingerprint + tail).encode()).hexdigest()


@dataclass(frozen=True)
class Part:
    title: str
    pdf: bytes
    group: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class JoinJob:
    """One booklet volume: its laid-out front and the parts to join behind it."""

    name: str
    front: bytes
    parts: tuple[Part, ...]


def join_job(job: JoinJob) -> Done:
    """One booklet volume joined."""
    start = time.perf_counter()
    pdf = join(job.front, job.parts)
    pages = page_count(job.front) + sum(page_count(p.pdf) for p in job.parts)
    return done(job.name, pdf, pages, start)


def join_in_fresh_process(job: JoinJob) -> Done:
    """:func:`join_job` in a new Python process that imports this module and pikepdf only.

    A join's memory grows with its parts (qpdf holds every object until it writes): a fresh,
    small process measures and frees exactly that. (A multiprocessing child would first import
    the parent's main module — the whole ``hipback`` command.) The job goes in and the result
    comes out pickled, between two processes of this same program.
    """
    package = Path(__file__).resolve().parents[2]  # this very copy of the generator
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(package), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run([sys.executable, "-m", __name__, str(os.getpid())],
                          input=pickle.dumps(job),
                          capture_output=True, env=env, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise RuntimeError(f"the join stopped (exit {proc.returncode}): {' '.join(tail)}")
    result: Done = pickle.loads(proc.stdout)
    return result


def page_count(pdf: bytes) -> int:
    with Pdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def _tree_items(tree: Any, key: str, read_key: Callable[[Any], K]) -> list[tuple[K, Any]]:
    """Every (key, value) of a PDF number tree (``/Nums``) or name tree (``/Names``), flat or
    with kids."""
    out: list[tuple[K, Any]] = []
    if key in tree:
        pairs = tree[key]
        out += [(read_key(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs), 2)]
    for kid in tree.get("/Kids", []):
        out += _tree_items(kid, key, read_key)
    return out


def _number_tree(tree: Any) -> list[tuple[int, Any]]:
    return _tree_items(tree, "/Nums", int)


def _name_tree(tree: Any) -> list[tuple[str, Any]]:
    return _tree_items(tree, "/Names", str)


def _dests(pdf: Pdf) -> list[tuple[str, Any]]:
    root = pdf.Root
    if "/Names" in root and "/Dests" in root.Names:
        return _name_tree(root.Names.Dests)
    return []


def _kids(obj: Any) -> list[Any]:
    if obj is None:
        return []
    return list(obj) if isinstance(obj, Array) else [obj]


def _copy(pdf: Pdf, obj: Any) -> Any:
    """``copy_foreign`` for direct arrays and dictionaries too (it takes indirect objects)."""
    if isinstance(obj, Array | Dictionary) and not obj.is_indirect:
        if isinstance(obj, Array):
            return Array([_copy(pdf, x) for x in obj])
        return Dictionary({k: _copy(pdf, v) for k, v in obj.items()})
    if isinstance(obj, Array | Dictionary | pikepdf.Stream):
        return pdf.copy_foreign(obj)
    return obj


class _Joiner:
    def __init__(self, front: bytes) -> None:
        self.pdf = Pdf.open(io.BytesIO(front))
        root = self.pdf.Root
        tree = root.StructTreeRoot
        self.pairs = _number_tree(tree.ParentTree)
        self.next_key = max([int(tree.get("/ParentTreeNextKey", 0)),
                             *(k + 1 for k, _ in self.pairs)])
        documents = [k for k in _kids(tree.K) if k.get("/S") == Name.Document]
        if len(documents) != 1:
            raise ValueError("the front part must have one /Document structure element")
        self.document: Any = documents[0]
        self.dests = _dests(self.pdf)
        self.front_pages = len(self.pdf.pages)
        index = {p.objgen: i for i, p in enumerate(self.pdf.pages)}
        with self.pdf.open_outline() as outline:
            self.outline = [self._bookmark(item, index, {}, self.pdf) for item in outline.root]
        self.jumps: dict[str, tuple[int, str]] = {}
        self.group: tuple[str, Any, OutlineItem] | None = None

    def _bookmark(self, item: OutlineItem, index: Mapping[Any, int],
                  names: Mapping[str, Any], src: Pdf) -> OutlineItem:
        """A copy of ``item`` whose destination is a page of the booklet, children included."""
        dest: Any = item.destination
        if isinstance(dest, String | Name | str):
            dest = names.get(str(dest))
        if isinstance(dest, Dictionary):
            dest = dest.get("/D")
        page = 0
        place: list[Any] = [Name.Fit]
        if isinstance(dest, Array) and len(dest):
            page = index.get(dest[0].objgen, 0)
            place = list(dest[1:]) or place
        if src is not self.pdf:
            place = [_copy(self.pdf, x) for x in place]
        copy = OutlineItem(str(item.title), Array([self.pdf.pages[page].obj, *place]))
        copy.children.extend(self._bookmark(child, index, names, src) for child in item.children)
        return copy

    @staticmethod
    def _adopt(parent: Any, element: Any) -> None:
        """Make ``element`` the last child of the structure element ``parent``."""
        element.P = parent
        if not isinstance(parent.get("/K"), Array):
            parent.K = Array(_kids(parent.get("/K")))
        parent.K.append(element)

    def _part_element(self, title: str, parent: Any) -> Any:
        element = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part,
                                                    T=String(title), K=Array()))
        self._adopt(parent, element)
        return element

    def _parent_of(self, part: Part, first: Any) -> tuple[Any, list[OutlineItem]]:
        """The structure element and bookmark list a part goes under (its group's, if any)."""
        if part.group is None:
            self.group = None
            return self.document, self.outline
        if self.group is None or self.group[0] != part.group:
            item = OutlineItem(part.group, Array([first, Name.Fit]))
            self.outline.append(item)
            self.group = (part.group, self._part_element(part.group, self.document), item)
        return self.group[1], self.group[2].children

    def _structure(self, src: Pdf, part: Part, parent: Any) -> None:
        """The part's /Document element, renamed /Part and titled, becomes a child of
        ``parent`` (anything else at its top is wrapped in a new /Part)."""
        tree = src.Root.StructTreeRoot
        kids: list[Any] = [_copy(self.pdf, k) for k in _kids(tree.K)]
        if len(kids) == 1 and kids[0].get("/S") == Name.Document:
            kids[0].S = Name.Part
            kids[0].T = String(part.title)
            self._adopt(parent, kids[0])
        else:
            element = self._part_element(part.title, parent)
            for kid in kids:
                self._adopt(element, kid)
        role_map = tree.get("/RoleMap")
        if role_map is not None:
            mine = self.pdf.Root.StructTreeRoot
            if "/RoleMap" not in mine:
                mine.RoleMap = Dictionary()
            for key, value in role_map.items():
                if key not in mine.RoleMap:
                    mine.RoleMap[key] = value

    def _renumber(self, src: Pdf, pages: list[Any]) -> None:
        """The part's ParentTree entries, moved past the keys used so far, and every
        /StructParents and /StructParent of its pages and annotations with them."""
        tree = src.Root.StructTreeRoot
        offset = self.next_key
        pairs = _number_tree(tree.ParentTree)
        self.pairs += [(k + offset, _copy(self.pdf, v)) for k, v in pairs]
        for page in pages:
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annot in page.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        self.next_key = max([self.next_key, int(tree.get("/ParentTreeNextKey", 0)) + offset,
                             *(k + offset + 1 for k, _ in pairs)])

    def _prefix_dests(self, names: Mapping[str, Any], pages: list[Any], prefix: str) -> None:
        """Named destinations of a part, prefixed, and its links inside it renamed to match."""
        for name, dest in names.items():
            self.dests.append((prefix + name, _copy(self.pdf, dest)))
        for page in pages:
            for annot in page.get("/Annots", []):
                if isinstance(annot.get("/Dest"), String | Name):
                    annot.Dest = String(prefix + str(annot.Dest).lstrip("/"))
                action = annot.get("/A")
                if (action is not None and action.get("/S") == Name.GoTo
                        and isinstance(action.get("/D"), String | Name)):
                    action.D = String(prefix + str(action.D).lstrip("/"))

    def add(self, part: Part, number: int) -> None:
        # The source is dropped once copied: the copies' stream data is read at save time
        # through qpdf's own reference to the input (the bytes), not through this object, and
        # without the source's parsed objects a part costs half the memory.
        src = Pdf.open(io.BytesIO(part.pdf))
        first = len(self.pdf.pages)
        self.pdf.pages.extend(src.pages)
        pages = [self.pdf.pages[first + i].obj for i in range(len(src.pages))]
        index = {p.objgen: first + i for i, p in enumerate(src.pages)}
        parent, outline = self._parent_of(part, pages[0])
        self._structure(src, part, parent)
        self._renumber(src, pages)
        names = dict(_dests(src))
        self._prefix_dests(names, pages, f"part{number}-")
        # bookmarks: the part, with its own below (a handout's one top bookmark is its title:
        # its children are used instead)
        item = OutlineItem(part.title, Array([pages[0], Name.Fit]))
        with src.open_outline() as own:
            top = list(own.root)
            below = top[0].children if len(top) == 1 else top
            item.children.extend(self._bookmark(x, index, names, src) for x in below)
        outline.append(item)
        if part.url:
            self.jumps.setdefault(part.url, (first, part.title))

    def _link_contents(self) -> None:
        """Front links to a part's address jump to the part instead (the contents entries)."""
        for page in list(self.pdf.pages)[: self.front_pages]:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is None or action.get("/S") != Name.URI:
                    continue
                target = self.jumps.get(bytes(action.URI).decode("utf-8", "replace"))
                if target is not None:
                    index, title = target
                    annot.A = Dictionary(Type=Name.Action, S=Name.GoTo,
                                         D=Array([self.pdf.pages[index].obj, Name.Fit]))
                    annot.Contents = String(title)  # its description (PDF/UA)

    def save(self) -> bytes:
        pdf = self.pdf
        tree = pdf.Root.StructTreeRoot
        nums = Array()
        for key, value in sorted(self.pairs, key=lambda kv: kv[0]):
            nums.append(key)
            nums.append(value)
        tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
        tree.ParentTreeNextKey = self.next_key
        names = Array()
        for name, dest in sorted(self.dests, key=lambda kv: kv[0]):
            names.append(String(name))
            names.append(dest)
        if "/Names" not in pdf.Root:
            pdf.Root.Names = Dictionary()
        pdf.Root.Names.Dests = pdf.make_indirect(Dictionary(Names=names))
        pdf.Root.PageLabels = Dictionary(Nums=Array([
            0, Dictionary(S=Name.r), self.front_pages, Dictionary(S=Name.D, St=1)]))
        pdf.Root.PageMode = Name.UseOutlines
        self._link_contents()
        with pdf.open_outline() as outline:
            outline.root.clear()
            outline.root.extend(self.outline)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        pdf.close()
        return out.getvalue()


def join(front: bytes, parts: Sequence[Part]) -> bytes:
    """The booklet: ``front`` (i, ii, …), then every part (1, 2, …), still tagged."""
    joiner = _Joiner(front)
    for number, part in enumerate(parts):
        joiner.add(part, number)
    return joiner.save()


if __name__ == "__main__":  # see join_in_fresh_process
    die_with(int(sys.argv[1]))  # the build's pid: never outlive it
    pickle.dump(join_job(pickle.load(sys.stdin.buffer)), sys.stdout.buffer)
