"""Tidying mermaidx's label text for inlining: one ``<tspan>`` a word becomes one a run, the
classes no stylesheet selects go, and so do the ``font-style="normal"`` and
``font-weight="normal"`` that restate what the run inherits, with the run's element when
nothing else is left on it (part of :func:`.svg.clean_svg`; about 17 KB on the bundled chart,
more in languages with longer words)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

_TSPAN = "{http://www.w3.org/2000/svg}tspan"
_TEXT = "{http://www.w3.org/2000/svg}text"
_FONT = ("font-style", "font-weight", "style", "class")
"""What can make a line's text other than normal: with none on the ``<text>`` or the line, a
run's ``normal`` restates what it inherits (the diagram's stylesheet sets neither)."""

UNSTYLED = frozenset({"text-outer-tspan", "text-inner-tspan", "row"})
"""Classes mermaidx puts on every label line and word that no stylesheet of the diagram or the
site selects (about 10 KB on the bundled chart): dropped once the bold first line is set."""


def merge_runs(root: ET.Element) -> None:
    """Join neighbouring word <tspan>s that look the same (mermaidx writes one per word), and
    drop their :data:`UNSTYLED` classes."""
    for tspan in root.iter(_TSPAN):
        kept_classes = [c for c in tspan.get("class", "").split() if c not in UNSTYLED]
        tspan.attrib.pop("class", None)
        if kept_classes:
            tspan.attrib["class"] = " ".join(kept_classes)
    for parent in list(root.iter(_TSPAN)):
        kept: ET.Element | None = None
        for child in list(parent):
            if (kept is not None and len(kept) == 0 and len(child) == 0 and not kept.tail
                    and child.tag == kept.tag and child.attrib == kept.attrib):
                kept.text = (kept.text or "") + (child.text or "")
                kept.tail = child.tail
                parent.remove(child)
            else:
                kept = child
    drop_plain_runs(root)


def drop_plain_runs(root: ET.Element) -> None:
    """Drop ``normal`` font attributes a run inherits anyway, then the run's ``<tspan>`` when
    it is the only thing on its line and has nothing left on it (its words move up)."""
    for text in root.iter(_TEXT):
        if any(a in text.attrib for a in _FONT if a != "style") or "font" in text.get("style", ""):
            continue
        for line in [t for t in text if t.tag == _TSPAN]:
            if any(a in line.attrib for a in _FONT):
                continue
            for run in line:
                for name in ("font-style", "font-weight"):
                    if run.tag == _TSPAN and run.get(name) == "normal":
                        del run.attrib[name]
            if len(line) == 1 and not line.text and not line[0].attrib and len(line[0]) == 0:
                run = line[0]
                line.text = (run.text or "") + (run.tail or "")
                line.remove(run)
