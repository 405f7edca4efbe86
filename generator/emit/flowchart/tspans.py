"""Tidying mermaidx's label text for inlining: one ``<tspan>`` a word becomes one a run, and the
classes no stylesheet selects go (part of :func:`.svg.clean_svg`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

_TSPAN = "{http://www.w3.org/2000/svg}tspan"

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
