"""The canonical URL resolved against the page URL, however the page wrote it."""

from __future__ import annotations

import pytest

from archiver.extract import extract_article
from archiver.extract.metadata import resolve_url

PAGE = "https://www.example.com/news/world/story.html?ref=home"
BODY = "<p>" + "An article paragraph long enough to be kept as the body. " * 20 + "</p>"


def page(head: str) -> str:
    return f"<html><head><title>T</title>{head}</head><body><h1>T</h1>{BODY}</body></html>"


@pytest.mark.parametrize(
    ("href", "resolved"),
    [
        ("/news/world/story", "https://www.example.com/news/world/story"),
        ("index.html", "https://www.example.com/news/world/index.html"),
        ("//cdn.example.com/a", "https://cdn.example.com/a"),
        ("www.example.com/news/a", "https://www.example.com/news/a"),
        ("example.com", "https://example.com"),
        ("https%3A%2F%2Fwww.example.com%2Fnews%2Fa", "https://www.example.com/news/a"),
        ("HTTP%3a%2f%2fexample.com%2fb", "http://example.com/b"),
        ("story.php?id=3", "https://www.example.com/news/world/story.php?id=3"),
        ("  https://other.org/z  ", "https://other.org/z"),
        ("javascript:void(0)", None),
        ("http://[::1", None),
        ("mailto:desk@example.com", None),
    ],
)
def test_resolve_url(href: str, resolved: str | None) -> None:
    assert resolve_url(href, PAGE) == resolved


def canonical(head: str) -> str | None:
    return extract_article(page(head), PAGE, "2024-01-01T00:00:00Z").canonical_url


def test_a_relative_canonical_is_made_absolute() -> None:
    assert canonical('<link rel="canonical" href="/news/world/story">') == (
        "https://www.example.com/news/world/story"
    )


def test_of_several_canonicals_the_first_on_the_page_host_wins() -> None:
    head = (
        '<link rel="canonical" href="https://partner.example.org/copy">'
        '<link rel="canonical" href="//www.example.com/news/world/story">'
    )
    assert canonical(head) == "https://www.example.com/news/world/story"


def test_a_canonical_on_another_host_is_kept_as_given() -> None:
    head = '<link rel="canonical" href="https://partner.example.org/copy">'
    assert canonical(head) == "https://partner.example.org/copy"


def test_an_unusable_canonical_falls_back_to_og_url_then_the_page() -> None:
    assert canonical('<link rel="canonical" href="javascript:;">') == PAGE
    head = '<link rel="canonical" href="javascript:;"><meta property="og:url" content="/a/b">'
    assert canonical(head) == "https://www.example.com/a/b"
    assert canonical("") == PAGE
