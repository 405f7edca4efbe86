"""The offline copy's pages name their hosted address (publish/offline.web_addresses): MkDocs
makes each page's canonical link and its printed footer address from the copy's ``.html`` file
name, which no web server answers; readers type the printed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.offline import web_addresses

SITE = "https://hips.clinic-trust.org/"


def _page(copy_address: str, link: str = "sciatica.html") -> str:
    return (f'<head><link rel="canonical" href="{copy_address}">\n'
            f'<style media="print">@page{{@bottom-left{{content:"{copy_address} · Last '
            f'reviewed: 2026-11-20"}}}}</style></head>\n'
            f'<body><a href="{link}">Sciatica</a> <a href="{copy_address}">here</a></body>')


@pytest.mark.parametrize(("copy_address", "web"), [
    (f"{SITE}conditions/sciatica.html", f"{SITE}conditions/sciatica/"),
    (f"{SITE}cy/conditions/sciatica.html", f"{SITE}cy/conditions/sciatica/"),
    (f"{SITE}index.html", SITE),
    (f"{SITE}ar/index.html", f"{SITE}ar/"),
    (f"{SITE}conditions/index.html", f"{SITE}conditions/"),
    (f"{SITE}findex.html", f"{SITE}findex/"),  # only a whole "index" names a folder
    (f"{SITE}README.html", SITE),
])
def test_canonical_and_printed_addresses_are_the_hosted_pages(tmp_path: Path, copy_address: str,
                                                              web: str) -> None:
    (tmp_path / "cy").mkdir()
    page = tmp_path / "cy" / "page.html"
    page.write_text(_page(copy_address), encoding="utf-8")
    assert web_addresses(tmp_path, SITE) == 1
    assert page.read_text(encoding="utf-8") == (
        _page(web).replace(f'<a href="{web}">here', f'<a href="{copy_address}">here'))


def test_links_within_the_copy_and_other_sites_stay(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    other = _page("https://example.net/sciatica.html", link="conditions/sciatica.html")
    page.write_text(other, encoding="utf-8")
    assert web_addresses(tmp_path, SITE) == 0
    assert page.read_text(encoding="utf-8") == other
