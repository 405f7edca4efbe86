"""Condition file names the site already uses for something else (the site map's reserved names).

A condition's file name is its page's and its handout's address; ``index``, ``overview``,
``booklet``, ``hazard-log`` and ``booklet-N`` are taken (``model/sitemap.py`` says by what). Load
only reads the files; this check refuses such a name at ``validate``, at the file, so the clash
can never surface later, when the pages or handouts are made.
"""

from __future__ import annotations

from ..diagnostics import Report
from ..model.content import Content
from ..model.sitemap import reserved_reason


def check_names(content: Content, report: Report) -> None:
    for key in sorted(content.files):
        folder, _, name = key.rpartition("/")
        slug = name.rsplit(".", 1)[0]
        if folder != "conditions" or (reason := reserved_reason(slug)) is None:
            continue
        report.add(content.display(key), 1, 1, f'the file name "{name}" cannot be used: '
                   f'{reason}. Rename it (for example "{slug}-condition.yml").')
