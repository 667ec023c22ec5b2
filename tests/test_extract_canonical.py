"""The record's canonical_url is always absolute, however the page declares it."""

from __future__ import annotations

import pytest

from archiver.extract import extract_article

URL = "https://www.example.com/politics/a-story-1234?ref=home"
BODY = "<p>" + "The council met on Tuesday to approve the budget for next year. " * 12 + "</p>"


def _page(head: str) -> str:
    page = f"<html><head><title>A story</title>{head}</head>"
    return page + f"<body><article>{BODY}</article></body></html>"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<link rel="canonical" href="/politics/a-story-1234">',
            "https://www.example.com/politics/a-story-1234",
        ),
        (
            '<link rel="canonical" href="//www.example.com/a-story">',
            "https://www.example.com/a-story",
        ),
        ('<link rel="canonical" href="index.html">', "https://www.example.com/politics/index.html"),
        (
            '<link rel="canonical" href="https%3A%2F%2Fwww.example.com%2Fp%2Fa-story">',
            "https://www.example.com/p/a-story",
        ),
        ('<link rel="canonical" href="https://example.com/s/1">', "https://example.com/s/1"),
        ('<meta property="og:url" content="/og/a-story">', "https://www.example.com/og/a-story"),
        ('<link rel="canonical" href="javascript:void(0)">', URL),
        ("", URL),
    ],
)
def test_canonical_url_is_made_absolute(head: str, expected: str) -> None:
    art = extract_article(_page(head), URL, "2024-05-04T08:00:00+00:00")
    assert art.canonical_url == expected
