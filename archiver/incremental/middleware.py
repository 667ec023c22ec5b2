"""Before fetching an article again: skip it, or ask the server whether it changed.

A downloader middleware, so every transport path and every discovery route passes it.
Only requests the spider marked as article fetches (``meta[ARTICLE]``) are touched;
sitemaps, feeds and section fronts are always fetched fresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from archiver.meta import ARTICLE, CONDITIONAL, HINTS
from archiver.stores import CrawlState, open_state

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector


class Skipped(IgnoreRequest):
    """Not fetched or not parsed because the state says there is nothing new: not a failure."""


class IncrementalDownloaderMiddleware:
    def __init__(self, stats: StatsCollector, state: CrawlState, run_id: str) -> None:
        self.stats = stats
        self.state = state
        self.run_id = run_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalDownloaderMiddleware:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_INCREMENTAL"):
            raise NotConfigured  # no message: off by design, nothing to warn about
        assert crawler.stats is not None
        middleware = cls(crawler.stats, open_state(crawler), settings["ARCHIVER_RUN_ID"])
        crawler.signals.connect(middleware.spider_closed, signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        if not request.meta.get(ARTICLE):
            return
        if self.state.is_done(self.run_id, request.url):
            self.stats.inc_value("archiver/incremental/done_before_resume")
            raise Skipped(f"done before the resume: {request.url}")
        known = self.state.known(request.url)
        if known is None:
            return
        lastmod = (request.meta.get(HINTS) or {}).get("sitemap_lastmod")
        if lastmod and lastmod == known.lastmod:
            self.stats.inc_value("archiver/incremental/unchanged_lastmod")
            self.state.mark_done(self.run_id, request.url)
            raise Skipped(f"sitemap lastmod unchanged: {request.url}")
        if known.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = known.etag
            request.meta[CONDITIONAL] = True
        if known.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = known.last_modified
            request.meta[CONDITIONAL] = True

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get(CONDITIONAL):
            self.stats.inc_value("archiver/incremental/not_modified")
            self.state.mark_done(self.run_id, request.url)
            raise Skipped(f"not modified: {request.url}")
        return response

    def spider_closed(self) -> None:
        self.state.close()
