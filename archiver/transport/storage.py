"""An HTTP-cache storage that answers requests from replay sources (read-only).

Plugging into ``HTTPCACHE_STORAGE`` reuses Scrapy's HttpCacheMiddleware: a replayed
response goes through every other middleware exactly as a downloaded one would.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from archiver.meta import FETCHED_AT, REPLAY_KEY
from archiver.skips import skip_page
from archiver.transport.entry import Entry, TooLarge
from archiver.transport.sources import ReplayIndex, shared_index

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


class ReplayCacheStorage:
    def __init__(self, settings: BaseSettings) -> None:
        self.paths = tuple(settings.getlist("ARCHIVER_REPLAY"))
        self.max_size = settings.getint("DOWNLOAD_MAXSIZE")  # as on the live crawl
        self.index = ReplayIndex()

    def open_spider(self, spider: Spider) -> None:
        self.index = shared_index(self.paths)

    def close_spider(self, spider: Spider) -> None:
        shared_index.cache_clear()

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        entry = self.index.lookup(request.meta.get(REPLAY_KEY), request.url)
        if entry is None:
            return None
        try:
            body = entry.load_body(self.max_size)
        except TooLarge as exc:
            message = f"{entry.key}: over DOWNLOAD_MAXSIZE ({exc.limit} bytes) once decoded"
            _skip(spider, entry, "too_large", message, logging.WARNING)
            return None
        except (OSError, ValueError) as exc:
            message = f"cannot read {entry.key}: {exc}"
            _skip(spider, entry, "unreadable", message, logging.ERROR)
            return None
        request.meta[FETCHED_AT] = entry.fetched_at
        headers = Headers(entry.headers)
        cls = responsetypes.from_args(headers=headers, url=entry.url, body=body)
        return cls(url=entry.url, status=entry.status, headers=headers, body=body, request=request)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        """Replay never writes: recorded sources are the archive, not a cache."""


def _skip(spider: Spider, entry: Entry, reason: str, message: str, level: int) -> None:
    """A recorded entry that gives no response: one ledger line, with its WARC pointer."""
    skip_page(
        spider.crawler,
        url=entry.url,
        reason=reason,
        message=message,
        level=level,
        fetched_at=entry.fetched_at,
        status=entry.status,
        warc_file=entry.extra.get("warc_file"),
        warc_offset=entry.extra.get("warc_offset"),
    )
