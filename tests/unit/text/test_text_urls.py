"""Link safety: the one place that decides what a link may be (addresses: test_sitemap.py)."""

from __future__ import annotations

import pytest

from generator.text.urls import (
    LinkProblem,
    Target,
    classify,
    is_safe_href,
    link_problem,
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
