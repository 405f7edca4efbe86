"""The built-site link check sees links MkDocs cannot (raw HTML, SVG, JSON)."""

from __future__ import annotations

from pathlib import Path

from generator.publish.linkcheck import check_built_site


def test_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="top"><a href="a/">ok</a> <a href="a/#x">ok anchor</a> <a href="#top">self</a>'
        ' <a href="missing/">broken</a> <a href="a/#nope">bad anchor</a>'
        ' <a href="https://example.org/">external</a>'
        '<svg><a xlink:href="gone.pdf"><text>t</text></a></svg></p>'
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2>')
    (tmp_path / "api.json").write_text('{"items": [{"url": "a/"}, {"url": "nowhere/"}]}')
    problems = check_built_site(tmp_path)
    assert problems == [
        "index.html: link to 'a/#nope': no anchor #nope",
        "index.html: link to 'gone.pdf': no such file",
        "index.html: link to 'missing/': no such file",
        "api.json: link to 'nowhere/': no such file",
    ]


def test_absolute_links_to_the_site_itself_are_checked(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>")
    (tmp_path / "api.json").write_text(
        '{"url": "https://site.example/a/", "handout_url": "https://site.example/h.pdf",'
        ' "other": {"url": "https://elsewhere.example/x"}}'
    )
    assert check_built_site(tmp_path, public_url="https://site.example/") == [
        "api.json: link to 'https://site.example/h.pdf': no such file"
    ]
