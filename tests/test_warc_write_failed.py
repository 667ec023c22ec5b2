"""A WARC write that fails (a full disk): the crawl is told once, and the pages still in
flight go on to extraction uncaptured, instead of failing one by one on a broken file."""

from __future__ import annotations

import asyncio
import errno
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver.incremental.feedstorage import WRITE_FAILED, output_failed
from archiver.transport.storage import FETCHED_AT
from archiver.warc.middleware import WarcCaptureMiddleware


class FullFiles:
    """RotatingWarcFiles on a disk with no room left."""

    def __init__(self) -> None:
        self.writes = 0
        self.written: list[Path] = []

    def write(self, *records: Any) -> tuple[str, int]:
        self.writes += 1
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        pass


def _exchange(n: int) -> tuple[Request, HtmlResponse]:
    url = f"http://127.0.0.1:8000/news/{n}.html"
    body = b"<html><body><p>text</p></body></html>"
    return Request(url), HtmlResponse(url, body=body, request=Request(url))


def test_after_a_failed_write_nothing_more_is_captured(tmp_path: Path) -> None:
    crawler = get_crawler(
        settings_dict={
            "ARCHIVER_WARC_ENABLED": True,
            "ARCHIVER_WARC_PREFIX": str(tmp_path / "run"),
            "ARCHIVER_WARC_DEDUP": False,
        }
    )
    crawler.stats.open_spider()
    middleware = WarcCaptureMiddleware(crawler)
    files = FullFiles()
    middleware.files = files  # type: ignore[assignment]

    first_request, first = _exchange(1)
    assert asyncio.run(middleware.process_response(first_request, first)) is first
    assert crawler.stats.get_value(WRITE_FAILED) == (
        "cannot write the WARC files: No space left on device"
    )
    assert output_failed(crawler) is None  # the dataset still takes the pages in flight
    assert FETCHED_AT not in first_request.meta

    for n in (2, 3):
        request, response = _exchange(n)
        assert asyncio.run(middleware.process_response(request, response)) is response
        assert FETCHED_AT not in request.meta
    assert files.writes == 1  # the broken file is not written to again
    assert crawler.stats.get_value("archiver/warc/errors") == 1
    assert crawler.stats.get_value("archiver/warc/not_captured") == 2
    middleware.spider_closed(crawler.spider)  # type: ignore[arg-type]
