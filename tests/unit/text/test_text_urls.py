"""Link safety and site addresses: the one place that decides what a link may be."""

from __future__ import annotations

import pytest

from generator.text.urls import (
    LinkProblem,
    Target,
    classify,
    doc_url,
    is_safe_href,
    link_problem,
    public_resolver,
    relative_md,
    relative_url,
    site_resolver,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.nhs.uk/conditions/sciatica/",
         Target(kind="external", raw="https://www.nhs.uk/conditions/sciatica/",
                href="https://www.nhs.uk/conditions/sciatica/")),
        ("HTTPS://www.nhs.uk", Target(kind="external", raw="HTTPS://www.nhs.uk",
                                      href="HTTPS://www.nhs.uk")),
        ("https://en.wikipedia.org/wiki/Sciatica_(disorder)?a=1&b=2#x",
         Target(kind="external", raw="https://en.wikipedia.org/wiki/Sciatica_(disorder)?a=1&b=2#x",
                href="https://en.wikipedia.org/wiki/Sciatica_(disorder)?a=1&b=2#x")),
        ("https://localhost:8000/", Target(kind="external", raw="https://localhost:8000/",
                                           href="https://localhost:8000/")),
        ("mailto:team@example.org", Target(kind="mail", raw="mailto:team@example.org",
                                           href="mailto:team@example.org")),
        ("tel:+44(0)1234-567.890", Target(kind="tel", raw="tel:+44(0)1234-567.890",
                                          href="tel:+44(0)1234-567.890")),
        ("tel:999", Target(kind="tel", raw="tel:999", href="tel:999")),
        ("conditions/sciatica.md", Target(kind="page", raw="conditions/sciatica.md",
                                          page="conditions/sciatica.md")),
        ("compare.md#col-sciatica", Target(kind="page", raw="compare.md#col-sciatica",
                                           page="compare.md", fragment="col-sciatica")),
        ("guides/walking.md", Target(kind="page", raw="guides/walking.md",
                                     page="guides/walking.md")),
        ("#causes", Target(kind="anchor", raw="#causes", href="#causes")),
    ],
)
def test_allowed_targets(raw: str, expected: Target) -> None:
    assert classify(raw) == expected
    assert link_problem(raw) is None


@pytest.mark.parametrize(
    ("raw", "message_part"),
    [
        ("", "no address"),
        ("javascript:alert(1)", "javascript: address"),
        ("JaVaScRiPt:alert(1)", "javascript: address"),
        ("vbscript:msgbox", "vbscript: address"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data: address"),
        ("file:///etc/passwd", "file: address"),
        ("ftp://example.org", '"ftp:", which is not allowed'),
        ("http://example.org", "use https://"),
        ("//evil.example/x", "starts with //"),
        ("/conditions/sciatica/", "starts with /"),
        ("java\tscript:alert(1)", "invisible character"),
        (" https://nhs.uk", "space"),
        ("https://nhs.uk/a b", "space"),
        ("conditions/sciatica.md\n", "invisible"),
        ("https:\\\\evil.example", "backslash"),
        ('https://x.org/"onmouseover=', "quote"),
        ("javascript&#58;alert(1)", "character reference"),
        ("https:nhs.uk", "not a whole web address"),
        ("https://", "not a whole web address"),
        ("https://nhs.uk@evil.example/", "user name"),
        ("mailto:nobody", "no email address"),
        ("tel:call-me", "not a phone number"),
        ("conditions/sciatica/", ".md file"),
        ("conditions/sciatica", ".md file"),
        ("handouts/sciatica.pdf", ".md file"),
        ("compare.md?x=1", "query"),
        ("compare.md#", "place name after #"),
        ("#", "place name after #"),
        ("#a b", "space"),
        ("../compare.md", "./ or ../"),
        ("./compare.md", "./ or ../"),
        ("pages/about.md", 'write "about.md"'),
        ("conditions//sciatica.md", "empty part"),
        (".hidden/x.md", "unusual character"),
        ("C:/x.md", '"c:", which is not allowed'),
    ],
)
def test_refused_targets(raw: str, message_part: str) -> None:
    with pytest.raises(LinkProblem) as info:
        classify(raw)
    assert message_part in info.value.message
    assert link_problem(raw) == info.value.message


def test_messages_show_invisible_characters() -> None:
    message = link_problem("java\tscript:x")
    assert message is not None and "java\\tscript" in message


@pytest.mark.parametrize(
    ("raw", "from_doc", "page"),
    [
        ("../compare.md", "guides/walking.md", "compare.md"),
        ("running.md#shoes", "guides/walking.md", "guides/running.md"),
        ("./index.md", "guides/walking.md", "guides/index.md"),
        ("conditions/sciatica.md", "about.md", "conditions/sciatica.md"),
    ],
)
def test_pages_link_relative_to_their_own_file(raw: str, from_doc: str, page: str) -> None:
    assert classify(raw, from_doc=from_doc).page == page


def test_pages_cannot_link_above_the_site() -> None:
    assert "top folder" in (link_problem("../../x.md", from_doc="guides/walking.md") or "")
    assert "pages/" in (link_problem("pages/x.md", from_doc="about.md") or "")


@pytest.mark.parametrize(
    ("doc", "url"),
    [
        ("conditions/sciatica.md", "conditions/sciatica/"),
        ("compare.md", "compare/"),
        ("index.md", ""),
        ("README.md", ""),
        ("guides/index.md", "guides/"),
        ("guides/walking.md", "guides/walking/"),
        ("handouts/sciatica.pdf", "handouts/sciatica.pdf"),
    ],
)
def test_doc_url(doc: str, url: str) -> None:
    assert doc_url(doc) == url


@pytest.mark.parametrize(
    ("from_doc", "to_doc", "md", "url"),
    [
        ("flowchart.md", "conditions/sciatica.md", "conditions/sciatica.md",
         "../conditions/sciatica/"),
        ("index.md", "compare.md", "compare.md", "compare/"),
        ("compare.md", "index.md", "index.md", "../"),
        ("conditions/sciatica.md", "compare.md#col-sciatica", "../compare.md#col-sciatica",
         "../../compare/#col-sciatica"),
        ("conditions/sciatica.md", "conditions/hip-osteoarthritis.md", "hip-osteoarthritis.md",
         "../hip-osteoarthritis/"),
        ("guides/walking.md", "guides/index.md", "index.md", "../"),
        ("guides/index.md", "guides/walking.md", "walking.md", "walking/"),
        ("compare.md", "compare.md", "compare.md", "./"),
        ("compare.md", "compare.md#top", "#top", "#top"),
        ("index.md", "index.md", "index.md", "./"),
        ("flowchart.md", "handouts/sciatica.pdf", "handouts/sciatica.pdf",
         "../handouts/sciatica.pdf"),
    ],
)
def test_relative_links(from_doc: str, to_doc: str, md: str, url: str) -> None:
    assert relative_md(from_doc, to_doc) == md
    assert relative_url(from_doc, to_doc) == url


def test_site_resolver() -> None:
    html = site_resolver("flowchart.md")
    md = site_resolver("conditions/sciatica.md", markdown=True)
    assert html("conditions/sciatica.md#causes") == "../conditions/sciatica/#causes"
    assert md("compare.md") == "../compare.md"
    assert html("https://www.nhs.uk/") == "https://www.nhs.uk/"
    assert md("#causes") == "#causes"
    assert html("javascript:alert(1)") is None
    assert md("http://example.org") is None


def test_public_resolver() -> None:
    pub = public_resolver("https://example.org/guide/")
    assert pub("conditions/sciatica.md#causes") == (
        "https://example.org/guide/conditions/sciatica/#causes")
    assert pub("index.md") == "https://example.org/guide/"
    assert pub("https://www.nhs.uk/") == "https://www.nhs.uk/"
    assert pub("#causes") is None  # no page to be on
    assert pub("javascript:alert(1)") is None


@pytest.mark.parametrize(
    "href",
    ["https://www.nhs.uk/", "HTTPS://X.ORG", "mailto:a@b.org", "tel:999", "#top", "../compare/",
     "compare/", "sciatica.pdf", "?q=1", "../x"],
)
def test_safe_hrefs(href: str) -> None:
    assert is_safe_href(href)


@pytest.mark.parametrize(
    "href",
    ["", "http://example.org", "javascript:alert(1)", "JAVASCRIPT:x", "data:x", "vbscript:x",
     "file:///x", "ftp://x", "//evil.example", "/absolute", "java\tscript:x", " https://x.org",
     "https:evil", "\\\\evil.example", 'x"y', "x<y", "a b"],
)
def test_unsafe_hrefs(href: str) -> None:
    assert not is_safe_href(href)
