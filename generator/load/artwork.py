"""Body-map artwork: read and check it once; :mod:`generator.emit.bodymap` draws it.

The artwork (``content/bodymap.svg``) is plain data drawn by a person: a silhouette plus one group
per body region, ``id="region-<region id>"``. The engine knows nothing about which regions exist;
it only shades the ones a condition names, or turns each one into a link for the "where does it
hurt?" page.

Why the output is built by hand rather than by re-serialising a tree:

* Several maps share one HTML page, so every ``id`` must carry a per-map prefix, and the artwork's
  own ids are dropped.
* The same string goes inline into the web page and into WeasyPrint, so it uses plain SVG 1.1
  only (paths, a pattern, text with an explicit font size), explicit colours as presentation
  attributes (site CSS can still override them through the class names for dark mode) and no
  ``foreignObject``, scripts or CSS variables.
* Builds must be repeatable, so the same input gives the same bytes: no sets, no clocks, and
  numbers are formatted one way.

The artwork is untrusted in the sense that an editor may paste an SVG from anywhere: it is parsed
with defusedxml (no DTDs, no entities), and scripts, event handlers, links, ``<style>`` (which
would restyle the whole page when inlined) and ``url(...)`` references are refused with a message
that points at the line and column.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from xml.parsers import expat

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from ..text.escape import xml_attr
from .svgmarkup import SVG_NS, check_safety, fmt_num, serialize, split_tag

__all__ = [
    "SIDES",
    "BodyMap",
    "BodyMapError",
    "Shape",
    "fmt_num",
    "load_bodymap",
    "parse_bodymap",
    "region_ids",
]


REGION_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Region ids as in ``regions.yml``: lowercase letters, digits and single hyphens."""

ID_PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
"""A prefix that is safe inside an ``id`` attribute and a CSS ``#id`` selector."""

SIDES = ("left", "right")
"""Values of ``data-side``: the side of the *person* a shape is on (not the viewer's side)."""

Shape = tuple[str, str]
"""One region shape: ``(side, markup)``; side is ``"left"``, ``"right"`` or ``""`` (midline)."""



class BodyMapError(Exception):
    """A problem in the body-map artwork, anchored to a 1-based line and column.

    The editor sees it as ``path:line:col: message`` like every other content error, so the
    position is kept separately from the wording.
    """

    def __init__(self, line: int, col: int, message: str, *, path: Path | None = None) -> None:
        self.line = line
        self.col = col
        self.message = message
        self.path = path
        where = f"{path}:" if path is not None else ""
        super().__init__(f"{where}{line}:{col}: {message}")


@dataclass(frozen=True, kw_only=True)
class BodyMap:
    """The parsed artwork, ready to be drawn many times.

    ``base_markup`` is the silhouette (outline and detail lines) as SVG markup; ``regions`` maps a
    region id to its shapes, in the order the artwork lists them, each as ``(side, markup)`` with
    colours, ids and ``data-side`` removed. ``label_positions`` are the (x, y) anchors of the
    "Front" and "Back" labels when the artwork marks them (``id="label-front"`` /
    ``id="label-back"``), and ``view_labels`` their words; otherwise the labels go above the left
    and right halves, in words from the strings.
    """

    view_box: str
    base_markup: str
    regions: Mapping[str, tuple[Shape, ...]] = field(hash=False)
    label_positions: tuple[tuple[float, float], tuple[float, float]] | None = None
    view_labels: tuple[str, str] | None = None

    def markup(self, region: str, sides: tuple[str, ...] | None = None) -> str:
        """The shapes of ``region`` as markup: all of them, or only those on ``sides`` (``""``
        is the midline)."""
        return "".join(m for side, m in self.regions[region] if sides is None or side in sides)


def region_ids(bm: BodyMap) -> frozenset[str]:
    """The region ids the artwork defines, for cross-checking ``regions.yml`` and conditions."""
    return frozenset(bm.regions)


# --------------------------------------------------------------------------------------------
# Loading


def load_bodymap(path: Path) -> BodyMap:
    """Parse and check the artwork at ``path``.

    Raises :class:`BodyMapError` (with the file's line and column) for malformed XML, a DTD or
    entity, anything that could run code or fetch something when the map is inlined, a missing
    silhouette, or a region id that is badly formed or used twice.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BodyMapError(1, 1, f"cannot read the body map: {exc.strerror}", path=path) from exc
    return _load(data, path)


def parse_bodymap(data: bytes) -> BodyMap:
    """Parse and check artwork already read (see :func:`load_bodymap`)."""
    return _load(data, None)


Fail = Callable[[ET.Element, str], BodyMapError]
"""Makes the error for an element, at its line and column in the artwork."""


@dataclass
class _Found:
    """What the walk over the artwork's ids collects, before it is checked as a whole."""

    silhouette: ET.Element | None = None
    labels: dict[str, tuple[float, float]] = field(default_factory=dict)
    label_words: dict[str, str] = field(default_factory=dict)
    regions: dict[str, tuple[Shape, ...]] = field(default_factory=dict)


def _load(data: bytes, path: Path | None) -> BodyMap:
    """Parse safely, check the ``<svg>`` element, collect the parts by id, then check the whole:
    each step raises :class:`BodyMapError` at the line and column of what is wrong."""
    root = _parse(data, path)
    # defusedxml has refused any DTD, so a second, position-tracking pass with plain expat is
    # safe. ElementTree keeps no positions, and document order is the same in both passes.
    positions = dict(zip(root.iter(), _element_positions(data), strict=False))

    def fail(el: ET.Element, message: str) -> BodyMapError:
        line, col = positions.get(el, (1, 1))
        return BodyMapError(line, col, message, path=path)

    if root.tag != f"{{{SVG_NS}}}svg":
        raise fail(
            root, 'the body map must be an <svg> element in the SVG namespace "' + SVG_NS + '"'
        )
    view_box = _view_box(root.get("viewBox"))
    if view_box is None:
        raise fail(root, 'the <svg> element needs a viewBox of four numbers, e.g. "0 0 400 420"')

    check_safety(root, fail)
    found = _collect(root, positions, fail)
    if found.silhouette is None:
        raise fail(
            root, 'the body map needs a silhouette: a <g id="silhouette"> holding the body outline'
        )
    if not found.regions:
        raise fail(root, 'the body map has no regions; add groups such as <g id="region-knee">')
    label_positions, view_labels = _view_labels(found)
    return BodyMap(
        view_box=view_box,
        base_markup=serialize(found.silhouette, keep_id=False, skip_regions=True),
        regions=MappingProxyType(found.regions),
        label_positions=label_positions,
        view_labels=view_labels,
    )


def _parse(data: bytes, path: Path | None) -> ET.Element:
    """The artwork's element tree, parsed with defusedxml so no DTD or entity is expanded."""
    try:
        root: ET.Element = DET.fromstring(data, forbid_dtd=True)
    except ET.ParseError as exc:
        line, col = exc.position
        reason = expat.ErrorString(exc.code) if isinstance(exc.code, int) else str(exc)
        raise BodyMapError(line, col + 1, f"not well-formed XML: {reason}", path=path) from exc
    except DefusedXmlException as exc:
        line, col = _find(data, (b"<!DOCTYPE", b"<!ENTITY"))
        raise BodyMapError(
            line,
            col,
            "the body map must not have a DOCTYPE or entity declarations; remove them",
            path=path,
        ) from exc
    return root


def _collect(root: ET.Element, positions: Mapping[ET.Element, tuple[int, int]],
             fail: Fail) -> _Found:
    """Walk every element with an ``id``: the silhouette, the view labels and the regions.
    An id used twice is refused here, naming the line of its first use."""
    found = _Found()
    seen_ids: dict[str, ET.Element] = {}
    for el, ancestors in _walk(root):
        el_id = el.get("id")
        if el_id is None:
            continue
        if el_id in seen_ids:
            first = positions.get(seen_ids[el_id], (1, 1))[0]
            if el_id.startswith("region-"):
                msg = (
                    f'region "{el_id[7:]}" is drawn twice (first on line {first}); '
                    "merge the shapes into one group"
                )
            else:
                msg = f'id "{el_id}" is used twice (first on line {first}); ids must be unique'
            raise fail(el, msg)
        seen_ids[el_id] = el
        if el_id == "silhouette":
            found.silhouette = el
        elif el_id in ("label-front", "label-back"):
            found.labels[el_id] = (_float(el.get("x")), _float(el.get("y")))
            found.label_words[el_id] = " ".join("".join(el.itertext()).split())
        elif el_id.startswith("region-"):
            region_id = el_id[len("region-") :]
            found.regions[region_id] = _region(el, region_id, ancestors, fail)
    return found


def _region(el: ET.Element, region_id: str, ancestors: tuple[ET.Element, ...],
            fail: Fail) -> tuple[Shape, ...]:
    """One region's shapes, once its id is well formed, it stands outside every other region
    and the silhouette, and it draws something."""
    if not REGION_ID_RE.match(region_id):
        raise fail(
            el,
            f'region id "{region_id}" must use lowercase letters, digits and single hyphens '
            '(as in regions.yml), e.g. id="region-lower-back"',
        )
    if any(
        (a.get("id") or "").startswith("region-") or a.get("id") == "silhouette"
        for a in ancestors
    ):
        raise fail(
            el, f'region "{region_id}" is inside another region or the silhouette; move it out'
        )
    shapes = _region_shapes(el, fail)
    if not shapes:
        raise fail(el, f'region "{region_id}" has no shapes; add a <path> inside the group')
    return shapes


def _view_labels(found: _Found) -> tuple[tuple[tuple[float, float], tuple[float, float]] | None,
                                         tuple[str, str] | None]:
    """Where the "Front" and "Back" labels go and their words, when the artwork marks both
    (the words only when both labels have some); otherwise the renderer places its own."""
    if "label-front" not in found.labels or "label-back" not in found.labels:
        return None, None
    positions = (found.labels["label-front"], found.labels["label-back"])
    words = found.label_words
    if words["label-front"] and words["label-back"]:
        return positions, (words["label-front"], words["label-back"])
    return positions, None


def _element_positions(data: bytes) -> list[tuple[int, int]]:
    """1-based (line, column) of every start tag, in document order."""
    out: list[tuple[int, int]] = []
    parser = expat.ParserCreate()

    def start(_name: str, _attrs: object) -> None:
        out.append((parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))

    parser.StartElementHandler = start
    parser.Parse(data, True)
    return out


def _find(data: bytes, needles: Sequence[bytes]) -> tuple[int, int]:
    """Line and column of the first of ``needles`` in ``data``, or 1:1."""
    hits = [i for i in (data.find(n) for n in needles) if i >= 0]
    if not hits:
        return 1, 1
    offset = min(hits)
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _walk(
    el: ET.Element, ancestors: tuple[ET.Element, ...] = ()
) -> Iterator[tuple[ET.Element, tuple[ET.Element, ...]]]:
    yield el, ancestors
    for child in el:
        yield from _walk(child, (*ancestors, el))


def _view_box(value: str | None) -> str | None:
    if value is None:
        return None
    parts = value.replace(",", " ").split()
    if len(parts) != 4:
        return None
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        return None
    if nums[2] <= 0 or nums[3] <= 0:
        return None
    return " ".join(fmt_num(n) for n in nums)


def _float(value: str | None) -> float:
    try:
        return float(value) if value is not None else 0.0
    except ValueError:
        return 0.0


def _region_shapes(
    el: ET.Element,
    fail: Fail,
    side: str = "",
    transforms: tuple[str, ...] = (),
) -> tuple[Shape, ...]:
    """The shapes of one region, each with its side: geometry only, so the renderer alone decides
    colours. Groups inside a region are flattened: a group's ``data-side`` applies to every shape
    inside it, and its ``transform`` is kept around each of them."""
    side = _side(el, side, fail)
    _, local = split_tag(el.tag)
    if local != "g":
        markup = serialize(el, keep_id=False, geometry_only=True)
        for t in reversed(transforms):
            markup = f"<g transform={xml_attr(t)}>{markup}</g>"
        return ((side, markup),) if markup else ()
    transform = el.get("transform")
    inner = (*transforms, transform) if transform else transforms
    out: list[Shape] = []
    for child in el:
        if isinstance(child.tag, str):
            out.extend(_region_shapes(child, fail, side, inner))
    return tuple(out)


def _side(el: ET.Element, inherited: str, fail: Fail) -> str:
    value = el.get("data-side")
    if value is None:
        return inherited
    if value not in SIDES:
        raise fail(el, f'data-side="{value}" must be "left" or "right" (the person\'s own side); '
                   "leave it out for a shape on the middle of the body")
    return value


