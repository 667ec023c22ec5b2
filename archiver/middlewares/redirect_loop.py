"""Name a redirect loop as such, instead of letting it vanish.

Scrapy's RedirectMiddleware follows ``A -> B -> A`` until the duplicate filter silently
drops the repeated request (or REDIRECT_MAX_TIMES is hit). Placed just outside it (a
higher number in DOWNLOADER_MIDDLEWARES, so it sees the 3xx first), this middleware
notices a Location already in the chain, logs the loop, counts it, and fails the request
(the spider's errback sees a RedirectLoop).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from w3lib.url import safe_url_string

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class RedirectLoop(IgnoreRequest):
    pass


class RedirectLoopMiddleware:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not (300 <= response.status < 400) or not location:
            return response
        target = safe_url_string(urljoin(request.url, location.decode("latin-1")))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            loop = " -> ".join([*chain[chain.index(target) :], target])
            logger.error("redirect loop, giving up: %s", loop)
            self.stats.inc_value("archiver/failed/redirect_loop")
            raise RedirectLoop(f"redirect loop: {loop}")
        return response
