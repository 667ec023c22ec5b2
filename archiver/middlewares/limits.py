"""Limits a scheduled crawl can live with, and a word in the stats when one cuts a run.

Most limits are Scrapy's own settings: ``DEPTH_LIMIT`` (links followed from a start
point), ``CLOSESPIDER_PAGECOUNT`` (responses a run may receive) and
``CLOSESPIDER_TIMEOUT`` (seconds a run may last). A run stopped by one of them ends like a
finished one: what it wrote stays, the state marks it finished, the lock is released.
What Scrapy has no setting for is the sitemap tree, which a site can make endless (an
index that lists the next index) or huge: this spider middleware gives each sitemap
request its depth below the start point that named it and refuses those past
``ARCHIVER_SITEMAP_MAX_DEPTH`` or past ``ARCHIVER_SITEMAP_MAX_COUNT`` in a run.

Each limit that cut the run is counted under ``archiver/limits/<limit>`` (requests not
made, or 1 for the run-wide ones) and named in one warning when the spider closes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from archiver.meta import ROLE, SITEMAP_DEPTH

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

SITEMAP = "sitemap"  # the ROLE of a sitemap request
PREFIX = "archiver/limits/"
# finish_reason -> (stats name, setting)
RUN_LIMITS = {
    "closespider_pagecount": ("pages", "CLOSESPIDER_PAGECOUNT"),
    "closespider_timeout": ("run_time", "CLOSESPIDER_TIMEOUT"),
    "closespider_itemcount": ("records", "CLOSESPIDER_ITEMCOUNT"),
}


class CrawlLimitsMiddleware(BaseSpiderMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.max_depth = settings.getint("ARCHIVER_SITEMAP_MAX_DEPTH")
        self.max_count = settings.getint("ARCHIVER_SITEMAP_MAX_COUNT")
        self.max_size = settings.getint("ARCHIVER_SITEMAP_MAXSIZE")
        self.sitemaps = 0
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLimitsMiddleware:
        return cls(crawler)

    def _count(self, limit: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"{PREFIX}{limit}")

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if request.meta.get(ROLE) != SITEMAP:
            return request
        parent = None
        if response is not None and response.meta.get(ROLE) == SITEMAP:
            parent = response.meta.get(SITEMAP_DEPTH, 0)
        depth = 0 if parent is None else parent + 1
        if self.max_depth and depth > self.max_depth:
            self._count("sitemap_depth")
            return None
        if self.max_count and self.sitemaps >= self.max_count:
            self._count("sitemap_count")
            return None
        self.sitemaps += 1
        request.meta[SITEMAP_DEPTH] = depth
        if self.max_size:
            # Sitemaps may be larger than pages (50 MB by the protocol); gzipped ones are
            # held to the same size once decompressed (see the spider's parse_sitemap).
            request.meta.setdefault("download_maxsize", self.max_size)
        return request

    def spider_closed(self, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        settings = self.crawler.settings
        cut: list[str] = []
        if reason in RUN_LIMITS:
            name, setting = RUN_LIMITS[reason]
            stats.set_value(f"{PREFIX}{name}", 1)
            cut.append(f"{setting}={settings.get(setting)} stopped the run")
        depth = stats.get_value("depth/request_ignored_count", 0)
        if depth:
            stats.set_value(f"{PREFIX}depth", depth)
            cut.append(f"DEPTH_LIMIT={settings.getint('DEPTH_LIMIT')}: {depth} requests not made")
        for name, setting in (
            ("sitemap_depth", "ARCHIVER_SITEMAP_MAX_DEPTH"),
            ("sitemap_count", "ARCHIVER_SITEMAP_MAX_COUNT"),
        ):
            if count := stats.get_value(f"{PREFIX}{name}", 0):
                cut.append(f"{setting}={settings.getint(setting)}: {count} sitemaps not read")
        if cut:
            logger.warning("crawl limits reached: %s", "; ".join(cut))
