"""Mermaid source → a static, self-contained, accessible SVG (mermaidx, cached by content hash).

Rendering costs seconds, so the raw renderer output is cached under a hash of everything that can
change it (source, config, mermaidx version); an unchanged flowchart is never rendered twice. The
cached file is the renderer's own output: the clean-up below is cheap and runs on every call, so
one cache entry serves any ``id_prefix`` and a fix to the clean-up needs no cache purge.

The clean-up makes the SVG safe and fit to inline into a page (and a WeasyPrint PDF):

* every id is renamed from mermaidx's fixed ``my-svg`` to ``id_prefix``-based ids (and every
  reference to them: CSS selectors, ``url(#…)``, ``href="#…"``, ARIA), so two diagrams can share
  a page;
* ``width="100%"`` and the ``max-width`` style go: the SVG keeps its intrinsic size, so a phone
  scrolls it sideways in a wrapper instead of shrinking the words to nothing;
* it is named by its ``<title>`` and described by its ``<desc>``; with no links it is
  ``role="img"``. With links (outcome boxes) it is ``role="group"`` instead, because ``img`` makes
  its children presentational and the links would be focusable yet invisible to screen readers
  (axe: nested-interactive); there the box texts are ``aria-hidden`` and each link is named by
  its box's words, so a screen reader meets a labelled group of clearly named links;
* the first line of a linked box (an outcome's action word) is bold, so the action stands out
  by weight as well as by colour;
* scripts, event handlers, ``<foreignObject>``, ``data-*`` attributes and unsafe links go.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import multiprocessing as mp
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import mermaidx

from ...lifeline import child_start, interrupts_held
from ..svglinks import finish_svg_links
from .tspans import merge_runs

RENDER_COUNT = 0
"""How many times mermaidx actually rendered in this process (tests assert the cache works)."""

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG = f"{{{SVG_NS}}}"
ROOT_ID = "my-svg"
"""The id mermaidx (like mermaid-cli) always gives the root element."""

_DROP_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "image"}
_ID_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_FONT_FAMILY = re.compile(r"^[A-Za-z0-9 ,\"'_-]+$")
_URL_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
_CSS_ID = re.compile(r"#([A-Za-z_][A-Za-z0-9_-]*)")
_SAFE_HREF = re.compile(r"^(#|https?:|mailto:|tel:|[^:]*$)", re.IGNORECASE)

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def mermaid_config(font_family: str) -> dict[str, Any]:
    """The renderer config: SVG text labels (``htmlLabels: false`` at the top level, which
    WeasyPrint can draw), the site font, and high-contrast theme colours."""
    return {
        "htmlLabels": False,
        "securityLevel": "strict",
        # answer labels on an opaque background, so crossing lines never run through the words
        "themeCSS": ".edgeLabel rect{opacity:1;fill:#ffffff}.edgeLabel rect.background{opacity:1}",
        "theme": "base",
        "themeVariables": {
            "fontFamily": font_family,
            "fontSize": "16px",
            "primaryColor": "#f4f7fb",
            "primaryBorderColor": "#1d4f73",
            "primaryTextColor": "#111111",
            "lineColor": "#444444",
            "textColor": "#111111",
            "edgeLabelBackground": "#ffffff",
        },
        "flowchart": {
            # our labels carry their own line breaks (mermaid.WRAP); stop mermaid re-wrapping them
            "wrappingWidth": 420,
            # room between ranks for two-line answer labels (they touched boxes at 56)
            "nodeSpacing": 40,
            "rankSpacing": 70,
            "padding": 14,
            "curve": "basis",
        },
    }


SPEEDUP = Path(__file__).with_name("mermaid_speedup.js")
"""Loaded into every mermaidx engine context: the same SVG ~10× faster (see the file)."""

RENDER_TIMEOUT = 60.0
"""Seconds a diagram may take before the build stops it (the largest allowed chart, 60 boxes,
takes about 7 s on one core; see checks.flowchart.MAX_BOXES)."""


def cache_key(source: str, config: dict[str, Any]) -> str:
    """Hash of everything that changes the rendered bytes (the speed-up included: a fix to it
    must not serve an old render)."""
    speedup = hashlib.sha256(SPEEDUP.read_bytes()).hexdigest()
    blob = json.dumps(
        {"source": source, "config": config, "mermaidx": mermaidx.__version__,
         "speedup": speedup},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_MERMAID_ERRORS = ("Maximum text size in diagram exceeded", "Syntax error in text")


class FlowchartRenderError(Exception):
    """Mermaid could not draw the diagram."""


def _render_cached(source: str, config: dict[str, Any], cache_dir: Path) -> str:
    path = cache_dir / f"flowchart-{cache_key(source, config)}.svg"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Two builds (or test workers) that need the same diagram at once: the second waits for
    # the first instead of spending another half-minute on the same render.
    with (cache_dir / f".lock-{path.stem}").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file():
            return path.read_text(encoding="utf-8")
        return _render_and_store(source, config, path)


def install_speedup() -> None:
    """Make every mermaidx engine context load :data:`SPEEDUP` after mermaidx's own scripts.

    mermaidx 0.10.1 (pinned exactly) builds each context from ``context_scripts()``, a function
    its QuickJS engine module imported by name; that one name is wrapped. Idempotent.
    """
    from mermaidx.engines import _common, quickjs_engine

    if getattr(quickjs_engine.context_scripts, "_hipback", False):
        return
    base = _common.context_scripts
    extra = SPEEDUP.read_text(encoding="utf-8")

    def scripts() -> tuple[str, ...]:
        return (*base(), extra)

    scripts._hipback = True  # type: ignore[attr-defined]
    quickjs_engine.context_scripts = scripts


def _child(conn: Connection, source: str, config: dict[str, Any], parent: int) -> None:
    """The render, in a process of its own (the parent may kill it at any moment)."""
    child_start(parent)  # the parent decides (it kills us on Ctrl-C), and we end with it
    try:
        install_speedup()
        conn.send(("ok", mermaidx.render(source, config=config).svg()))
    except BaseException as exc:  # noqa: BLE001 - the parent raises it, with its words
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def render_bounded(source: str, config: dict[str, Any], *,
                   timeout: float = RENDER_TIMEOUT) -> str:
    """Render in a child process; stop it after ``timeout`` seconds or on Ctrl-C.

    mermaidx runs its JavaScript engine on a worker thread that neither Ctrl-C nor a timer can
    interrupt, so a render in this process could outlive an interrupted build by minutes; a
    child process can always be killed.
    """
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, source, config, os.getpid()), daemon=True)
    with interrupts_held():
        proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise FlowchartRenderError(
                f"drawing the flowchart diagram took longer than {timeout:.0f} seconds and was "
                "stopped; make the flowchart smaller (fewer boxes, shorter texts).")
        status, payload = parent.recv()
    except EOFError:
        raise FlowchartRenderError("the diagram renderer stopped without an answer.") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if status != "ok":
        raise FlowchartRenderError(f"the flowchart diagram could not be drawn: {payload}")
    return str(payload)


def _render_and_store(source: str, config: dict[str, Any], path: Path) -> str:
    global RENDER_COUNT
    cache_dir = path.parent
    raw = render_bounded(source, config)
    RENDER_COUNT += 1
    for marker in _MERMAID_ERRORS:
        if marker in raw:  # Mermaid draws its errors as a picture; never publish (or cache) one
            raise FlowchartRenderError(
                f"the flowchart diagram could not be drawn (Mermaid says: {marker}); "
                "make the flowchart smaller or its texts shorter."
            )
    cache_dir.mkdir(parents=True, exist_ok=True)
    # write-then-rename: a build killed half-way, or two builds at once, never leave half a file
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".flowchart-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return raw


def render_raw(source: str, *, cache_dir: Path, font_family: str) -> str:
    """The renderer's own SVG for ``source`` (from the cache when it is there)."""
    if not _FONT_FAMILY.match(font_family):
        raise ValueError(f"font_family {font_family!r} may only hold names, quotes and commas")
    return _render_cached(source, mermaid_config(font_family), cache_dir)


def render_svg(source: str, *, cache_dir: Path, id_prefix: str, font_family: str) -> str:
    """Render Mermaid ``source`` to an inline-ready SVG string (see the module docstring)."""
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must be a letter followed by [A-Za-z0-9_-]")
    if not _FONT_FAMILY.match(font_family):
        raise ValueError(f"font_family {font_family!r} may only hold names, quotes and commas")
    raw = _render_cached(source, mermaid_config(font_family), cache_dir)
    return clean_svg(raw, id_prefix=id_prefix)


# ---------------------------------------------------------------- clean-up


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text_of(el: ET.Element) -> str:
    """The words of a mermaid label: rows joined by spaces (each word is its own <tspan>)."""
    rows: list[str] = []
    for text in el.iter(f"{_SVG}text"):
        row_els = [t for t in text if _local(t.tag) == "tspan"] or [text]
        for row in row_els:
            words = "".join(row.itertext()).strip()
            if words:
                rows.append(words)
    return " ".join(" ".join(rows).split())


def _safe(el: ET.Element) -> None:
    for child in list(el):
        if _local(child.tag) in _DROP_TAGS:
            el.remove(child)
        else:
            _safe(child)
    for name in list(el.attrib):
        local = _local(name).lower()
        value = el.attrib[name]
        unsafe_href = local == "href" and not _SAFE_HREF.match(value.strip())
        if local.startswith(("on", "data-")) or unsafe_href or "javascript:" in value.lower():
            del el.attrib[name]


# Geometry attributes keep two decimals (a hundredth of a pixel): mermaidx writes up to 15,
# which made a third of the diagram's bytes.
_GEOMETRY = frozenset({"d", "points", "transform", "x", "y", "x1", "x2", "y1", "y2", "width",
                       "height", "rx", "ry", "cx", "cy", "r", "viewBox"})
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}(?:e-?\d+)?")


def _round(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _rename(old: str, prefix: str) -> str:
    return old.replace(ROOT_ID, prefix) if ROOT_ID in old else f"{prefix}-{old}"


def clean_svg(raw: str, *, id_prefix: str) -> str:
    """Apply the clean-up described in the module docstring to mermaidx output."""
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must be a letter followed by [A-Za-z0-9_-]")
    root = ET.fromstring(raw)
    _safe(root)
    _prefix_ids(root, id_prefix)
    # intrinsic size from the viewBox; no width="100%", no max-width
    vb = [float(v) for v in root.attrib.get("viewBox", "0 0 0 0").replace(",", " ").split()]
    root.attrib.pop("style", None)
    root.attrib["width"] = str(math.ceil(vb[2]))
    root.attrib["height"] = str(math.ceil(vb[3]))
    root.attrib.pop("aria-roledescription", None)
    _accessible(root, id_prefix)
    merge_runs(root)
    finish_svg_links(root)  # SVG 2 href beside xlink:href; a link's text lines kept apart
    # ElementTree's prefix registry is global and other libraries (WeasyPrint) change it on
    # import; register ours again right before writing so the output is always <svg>.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _prefix_ids(root: ET.Element, id_prefix: str) -> None:
    """Rename every id and every reference to it (aria, ``href``, ``url(#…)``, CSS), so two
    diagrams on one page cannot clash; long coordinates are rounded and CSS imports dropped."""
    ids = {
        el.attrib["id"]: _rename(el.attrib["id"], id_prefix)
        for el in root.iter()
        if "id" in el.attrib
    }

    def ref(match: re.Match[str]) -> str:
        return f"url(#{ids.get(match.group(1), match.group(1))})"

    for el in root.iter():
        for name, value in list(el.attrib.items()):
            local = _local(name)
            if local == "id":
                el.attrib[name] = ids[value]
            elif local in ("aria-labelledby", "aria-describedby"):
                el.attrib[name] = " ".join(ids.get(t, t) for t in value.split())
            elif local == "href" and value.startswith("#") and value[1:] in ids:
                el.attrib[name] = "#" + ids[value[1:]]
            elif "url(" in value:
                el.attrib[name] = _URL_REF.sub(ref, value)
            elif local in _GEOMETRY:
                el.attrib[name] = _LONG_NUMBER.sub(_round, value)
        if _local(el.tag) == "style" and el.text:
            css = _CSS_ID.sub(lambda m: "#" + ids.get(m.group(1), m.group(1)), el.text)
            css = re.sub(r"@import[^;]*;", "", css)
            el.text = _URL_REF.sub(ref, css)


def _accessible(root: ET.Element, id_prefix: str) -> None:
    """Name the diagram by its title and description; with links it is a group of named links
    (each read as its box's text, the first row bold) and loose labels are hidden, else one
    image."""
    title = root.find(f"{_SVG}title")
    desc = root.find(f"{_SVG}desc")
    if title is not None and "id" not in title.attrib:
        title.attrib["id"] = f"{id_prefix}-title"
    if desc is not None and "id" not in desc.attrib:
        desc.attrib["id"] = f"{id_prefix}-desc"
    links = [el for el in root.iter(f"{_SVG}a")]
    if links:
        root.attrib["role"] = "group"
        for a in links:
            a.attrib["aria-label"] = _text_of(a)
            rows = [t for t in a.iter(f"{_SVG}tspan") if "row" in t.get("class", "").split()]
            for tspan in rows[0].iter(f"{_SVG}tspan") if rows else ():
                if "font-weight" in tspan.attrib:
                    tspan.attrib["font-weight"] = "bold"
        linked_texts = {id(t) for a in links for t in a.iter(f"{_SVG}text")}
        for text in root.iter(f"{_SVG}text"):
            if id(text) not in linked_texts:
                text.attrib["aria-hidden"] = "true"
    else:
        root.attrib["role"] = "img"
    root.attrib.pop("aria-labelledby", None)
    root.attrib.pop("aria-describedby", None)
    if title is not None:
        root.attrib["aria-labelledby"] = title.attrib["id"]
    if desc is not None:
        root.attrib["aria-describedby"] = desc.attrib["id"]


def svg_size(svg: str) -> tuple[int, int]:
    """The intrinsic width and height written by :func:`clean_svg`."""
    head = svg[: svg.index(">")]
    w = re.search(r'\swidth="(\d+)"', head)
    h = re.search(r'\sheight="(\d+)"', head)
    return (int(w.group(1)) if w else 0, int(h.group(1)) if h else 0)


def svg_texts(svg: str) -> list[str]:
    """Every label in the SVG as one string each (what a reader sees), in document order."""
    root = ET.fromstring(svg)
    out = []
    for text in root.iter(f"{_SVG}text"):
        holder = ET.Element("g")
        holder.append(text)
        words = _text_of(holder)
        if words:
            out.append(words)
    return out
