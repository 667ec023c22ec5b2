"""Streamed records answer their requests through the same HTTP-cache seam as a replay."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archiver.transport.entry import Entry
from archiver.transport.sources import ReplayIndex
from archiver.transport.storage import ReplayCacheStorage

if TYPE_CHECKING:
    from scrapy import Spider


class StreamedIndex(ReplayIndex):
    """Entries read from a stream and not yet answered; each is handed out once, so a
    body leaves memory as soon as its response is made."""

    def lookup(self, key: str | None, url: str) -> Entry | None:
        return self.entries.pop(key, None) if key else None


class StreamedRecordStorage(ReplayCacheStorage):
    def open_spider(self, spider: Spider) -> None:
        self.index = getattr(spider, "streamed", None) or StreamedIndex()

    def close_spider(self, spider: Spider) -> None:
        self.index = ReplayIndex()
