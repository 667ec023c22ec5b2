"""Meta-refresh redirects: the same answers as Scrapy's middleware, from the page's head."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver.middlewares.metarefresh import HEAD_BYTES, HeadMetaRefreshMiddleware

URL = "https://www.example.com/news/a.html"
REFRESH = '<meta http-equiv="refresh" content="0; url=/consent?next=a">'
BODY_TEXT = "<p>Les troupes au sol et en mer ont reçu l'ordre.</p>" * 2000  # about 100 KB


def page(head: str, charset: str = "utf-8") -> HtmlResponse:
    html = f"<html><head><title>a</title>{head}</head><body>{BODY_TEXT}</body></html>"
    return HtmlResponse(
        URL,
        body=html.encode(charset),
        headers={"Content-Type": f"text/html; charset={charset}"},
        request=Request(URL),
    )


def both(response: HtmlResponse) -> tuple[object, object]:
    crawler = get_crawler()
    ours = HeadMetaRefreshMiddleware.from_crawler(crawler).process_response(
        response.request, response
    )
    theirs = MetaRefreshMiddleware.from_crawler(crawler).process_response(
        response.request, response.replace()
    )
    return ours, theirs


def test_a_refresh_in_the_head_redirects_as_with_scrapy() -> None:
    response = page(REFRESH)
    assert len(response.body) > 5 * HEAD_BYTES
    ours, theirs = both(response)
    assert isinstance(ours, Request) and isinstance(theirs, Request)
    assert ours.url == theirs.url == "https://www.example.com/consent?next=a"
    assert ours.meta["redirect_reasons"] == ["meta refresh"]


@pytest.mark.parametrize(
    ("filler", "follows"),
    [
        ("é" * 3900, True),  # 7,800 bytes but 3,900 characters: inside Scrapy's window
        ("e" * 4100, False),  # past the 4,096 characters Scrapy reads
        ("語" * 3900, True),  # three bytes a character
    ],
)
def test_the_window_is_scrapys_in_characters(filler: str, follows: bool) -> None:
    response = page(f"<style>/*{filler}*/</style>{REFRESH}")
    ours, theirs = both(response)
    assert isinstance(theirs, Request) is follows
    assert isinstance(ours, Request) is follows


def test_a_page_without_refresh_passes_through_untouched() -> None:
    response = page("", charset="cp1252")
    ours, theirs = both(response)
    assert ours is response
    assert isinstance(theirs, HtmlResponse)
