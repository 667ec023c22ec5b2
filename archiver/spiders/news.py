"""The ``news`` spider: one spider for every transport.

``-a urls=URL[,URL...]`` fetches those pages live; ``-a replay=PATH[,PATH...]`` (or
``-s ARCHIVER_REPLAY=...``) answers requests from recorded fixture folders or WARC files
(globs allowed) through the HTTP-cache seam. Callbacks and pipelines are the same either way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider

from archiver.extract.fetched import isoformat
from archiver.items import Page
from archiver.transport.sources import shared_index
from archiver.transport.storage import FETCHED_AT, REPLAY_KEY

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response


HINTS = "archiver_hints"  # request.meta: date signals found before the page (sitemap, feed)
RECORD_EXTRA = "archiver_record_extra"  # response.meta: fields a middleware adds to the record


def capture_moment(response: Response) -> str:
    """The recorded capture time, else the server's Date header, else the moment of receipt."""
    recorded = response.meta.get(FETCHED_AT)
    if recorded:
        return str(recorded)
    date_header = response.headers.get(b"Date")
    if date_header:
        try:
            return isoformat(parsedate_to_datetime(date_header.decode("latin-1")))
        except (TypeError, ValueError):
            pass
    return isoformat(datetime.now(UTC))


class NewsSpider(Spider):
    name = "news"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        replay = kwargs.get("replay")
        if replay:
            paths = [p.strip() for p in str(replay).split(",") if p.strip()]
            crawler.settings.set("ARCHIVER_REPLAY", paths, priority="spider")
        if crawler.settings.getlist("ARCHIVER_REPLAY"):
            # Recorded responses: no robots.txt to ask, no server to be polite to, and
            # nothing new to archive.
            for name, value in (
                ("HTTPCACHE_ENABLED", True),
                ("ARCHIVER_WARC_ENABLED", False),
                ("ROBOTSTXT_OBEY", False),
                ("AUTOTHROTTLE_ENABLED", False),
                ("CONCURRENT_REQUESTS_PER_DOMAIN", 64),
                ("CONCURRENT_REQUESTS", 64),
                ("DOWNLOAD_DELAY", 0),
            ):
                crawler.settings.set(name, value, priority="spider")
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, NewsSpider)
        return spider

    def __init__(self, *args: Any, urls: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_urls = [u.strip() for u in urls.split(",") if u.strip()]

    async def start(self) -> AsyncIterator[Any]:
        paths = tuple(self.settings.getlist("ARCHIVER_REPLAY"))
        if paths:
            for request in self.replay_requests(paths):
                yield request
            return
        if not self.start_urls:
            raise ValueError("news: nothing to crawl; pass -a urls=URL,... or -a replay=PATH")
        for url in self.start_urls:
            yield Request(url, callback=self.parse_page)

    def replay_requests(self, paths: tuple[str, ...]) -> Iterator[Request]:
        index = shared_index(paths)
        stats = self.crawler.stats
        for problem in index.problems:
            self.logger.log(problem.level, "skipped: %s", problem.message)
            if stats is not None:
                stats.inc_value(f"archiver/skipped/{problem.reason}")
        if stats is not None:
            stats.set_value("archiver/replay/entries", len(index.entries))
        for entry in index.entries.values():
            yield Request(
                entry.url,
                callback=self.parse_page,
                meta={REPLAY_KEY: entry.key, "source": entry.key, RECORD_EXTRA: dict(entry.extra)},
                dont_filter=True,
            )

    def parse_page(self, response: Response) -> Iterator[Page]:
        content_type = response.headers.get(b"Content-Type")
        yield Page(
            url=response.url,
            body=response.body,
            fetched_at=capture_moment(response),
            source=str(response.meta.get("source") or response.url),
            status=response.status,
            content_type=content_type.decode("latin-1") if content_type else None,
            hints=dict(response.meta.get(HINTS) or {}),
            extra=dict(response.meta.get(RECORD_EXTRA) or {}),
        )
