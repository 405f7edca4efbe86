"""The CSP step and the link check share one parse of each page (publish/pagescan.py): the
policy still allows exactly the templates' scripts, and every page is still link-checked."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from generator.publish.csp import CspError, apply_csp, apply_csp_scanned, policy_for
from generator.publish.linkcheck import check_built_site
from generator.publish.pagescan import scan_html

KNOWN = ("var base = '{base}';", "document.documentElement.classList.add('js');")


def _sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_scan_finds_links_ids_and_only_the_scripts_that_run() -> None:
    facts = scan_html(
        '<meta name="viewport" content="x"><link rel="stylesheet" href="s.css" src="no.css">'
        '<h2 id="top">t</h2><a name="old" href="a/#top">a</a><svg><use xlink:href="#i"/></svg>'
        '<script src="x.js"></script><script type="application/ld+json">{"a": 1}</script>'
        "<script>var a = '&amp;<b>';</script><script/>"
        '<meta http-equiv="Content-Security-Policy" content="default-src *">')
    assert facts.ids == {"top", "old"}  # a <meta name> is no link target
    assert facts.links == ("s.css", "a/#top", "#i", "x.js")  # a <link src> is nothing
    assert facts.inline_scripts == ("var a = '&amp;<b>';", "")  # raw text, as the browser hashes
    assert facts.csp_metas == 1


def test_policy_hashes_the_templates_scripts_for_the_pages_base() -> None:
    page = ("<head><meta charset=\"utf-8\"><script>var base = '../..';</script>"
            '<script type="application/json">{}</script></head>')
    policy = policy_for(page, base="../..", known=KNOWN)
    assert f"script-src 'self' {_sha(KNOWN[0].replace('{base}', '../..'))};" in policy
    with pytest.raises(CspError, match="p.html: an inline script that no template emits"):
        policy_for(page, base=".", known=KNOWN, page="p.html")  # the base is part of the body


@pytest.mark.parametrize("extra", [
    "<script>alert(1)</script>",
    '<meta http-equiv="content-security-policy" content="script-src *">',
])
def test_content_cannot_add_a_script_or_a_policy(tmp_path: Path, extra: str) -> None:
    (tmp_path / "index.html").write_text(f'<meta charset="utf-8"><p>{extra}</p>')
    with pytest.raises(CspError, match="index.html: "):
        apply_csp(tmp_path)


def _site(root: Path) -> Path:
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text(
        '<meta charset="utf-8"><h1 id="top">x</h1><a href="a/#x">ok</a><a href="a/#no">bad</a>'
        '<a href="gone/">gone</a>')
    (root / "a" / "index.html").write_text(
        '<meta charset="utf-8"><h2 id="x">x</h2><a href="../#top">up</a><a href="../#y">no</a>')
    return root


def test_the_link_check_on_the_csp_steps_parse_finds_what_its_own_parse_finds(
        tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    scanned = apply_csp_scanned(site)
    assert sorted(scanned) == sorted(site.rglob("*.html"))
    for page, facts in scanned.items():  # the page as written: the policy adds no link or id
        after = scan_html(page.read_text())
        assert "Content-Security-Policy" in page.read_text()
        assert (after.ids, after.links) == (facts.ids, facts.links)
    expected = [
        "a/index.html: link to '../#y': no anchor #y",
        "index.html: link to 'a/#no': no anchor #no",
        "index.html: link to 'gone/': gone/index.html is not in the site",
    ]
    assert check_built_site(site, scanned=scanned) == expected
    assert check_built_site(site) == expected
    # a page the CSP step did not see is parsed by the link check itself: none goes unchecked
    (site / "late.html").write_text('<a href="nowhere.html">x</a>')
    assert check_built_site(site, scanned=scanned) == [
        *expected, "late.html: link to 'nowhere.html': nowhere.html is not in the site"]
