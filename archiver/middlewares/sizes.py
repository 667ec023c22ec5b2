"""Pages larger than ``DOWNLOAD_MAXSIZE``, on the wire or once decompressed: counted skips.

Scrapy already stops both: its HTTP handler cancels a download that passes the size (or
announces more in Content-Length), and its HttpCompressionMiddleware stops inflating a
body at the same size, so a gzip bomb never grows past it. It then says so only in a
warning, and the request fails as a bare ``DownloadCancelledError`` or a silent
``IgnoreRequest``. This subclass of the compression middleware, in its place, turns both
into one ``too_large`` skip (a ledger line) without changing how they are stopped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

# Private, but the only way to tell a bomb from other reasons to ignore a response; a
# test pins the behaviour, so a Scrapy release that renames it fails loudly.
from scrapy.utils._compression import _DecompressionMaxSizeExceeded

from archiver.middlewares.gate import Refused
from archiver.skips import skip_page

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

REASON = "too_large"


class SizeCappedCompressionMiddleware(HttpCompressionMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler=crawler)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SizeCappedCompressionMiddleware:
        return cls(crawler)  # COMPRESSION_ENABLED is checked by the parent's from_crawler

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            cause = exc.__cause__
            if not isinstance(cause, _DecompressionMaxSizeExceeded):
                raise
            self._skip(
                request,
                f"over DOWNLOAD_MAXSIZE ({cause.max_size} bytes) once decompressed, "
                f"from {len(response.body)} bytes",
                status=response.status,
            )
        raise AssertionError("unreachable")  # _skip raises

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DownloadCancelledError):
            # The handler cancels a download only for its size (timeouts have errors of
            # their own).
            limit = request.meta.get("download_maxsize", self._max_size)
            self._skip(request, f"over DOWNLOAD_MAXSIZE ({limit} bytes)")

    def _skip(self, request: Request, message: str, status: int | None = None) -> None:
        fields = {"status": status} if status is not None else {}
        skip_page(
            self.crawler,
            url=request.url,
            reason=REASON,
            message=message,
            level=logging.WARNING,
            **fields,
        )
        raise Refused(REASON, f"{REASON}: {request.url}: {message}")
