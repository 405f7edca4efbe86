"""How a handout lists its sources, with addresses (short citations: :mod:`..treatment`).

A source may be a page of this site (``about.md#source-article``): paper has no page to be
relative to, so it gets the site's public address, and neither link nor address when the site
has none yet (a placeholder ``public_url``; see :func:`generator.text.urls.source_href`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ...model.vocab import Source
from ...text.inline import LinkResolver
from ...text.urls import source_href


def shown_sources(by_id: Mapping[str, Source], ids: Iterable[str],
                  link: LinkResolver) -> list[dict[str, Any]]:
    """The sources ``ids`` as a handout lists them (``by_id``: ``Resolved.sources``), each
    with the address it prints ("" for none)."""
    return [{"title": by_id[i].title, "publisher": by_id[i].publisher,
             "url": source_href(by_id[i].url, link) or ""} for i in ids]


__all__ = ["shown_sources"]
