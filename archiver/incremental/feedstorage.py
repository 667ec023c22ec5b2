"""A FEEDS file storage whose every line reaches the file as soon as it is exported, and
whose failure stops the crawl.

Scrapy's ``FileFeedStorage`` writes through a buffered file, so a killed crawl loses its
last few kilobytes of records. Unbuffered, each ``export_item`` is one ``write`` to the
OS, and the state file can safely mark a URL done once ``item_scraped`` fires.

Scrapy's feed exporter logs a failed write and goes on: on a full disk a crawl would
report success with most of its records missing, and the state would mark them written.
Here a write that fails cuts the file back to its last whole line, records the failure
(``archiver/output/write_failed``) and closes the spider with reason ``write_failed``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

WRITE_FAILED = "archiver/output/write_failed"  # stats: the first failed write, as a message
FEED_FAILED = "archiver/output/feed_failed"  # stats: True once a dataset write has failed


def write_failed(
    crawler: Crawler | None, path: str | Path, exc: OSError, *, feed: bool = False
) -> None:
    """Record a failed output write once, and stop the crawl: nothing after it is durable.

    ``feed``: the dataset itself failed, so no later item is a written record."""
    if crawler is None or crawler.stats is None:
        return
    if feed:
        crawler.stats.set_value(FEED_FAILED, True)
    if crawler.stats.get_value(WRITE_FAILED):
        return
    message = f"cannot write {path}: {exc.strerror or exc}"
    crawler.stats.set_value(WRITE_FAILED, message)
    logger.error("%s; stopping the crawl", message)
    try:
        engine = crawler.engine
    except RuntimeError:  # not crawling (yet): nothing to stop
        return
    if engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason="write_failed"))


def output_failed(crawler: Crawler) -> str | None:
    """Why the dataset can no longer be written to, if it cannot (a failed WARC or ledger
    write stops the crawl too, but the records written until it stops are records)."""
    if crawler.stats is None or not crawler.stats.get_value(FEED_FAILED):
        return None
    return str(crawler.stats.get_value(WRITE_FAILED))


class LineFile:
    """A raw file whose ``write`` writes all of ``data`` or none of it (as far as it can).

    A raw (unbuffered) ``write`` may write part of what it is given when the disk fills;
    the feed exporter ignores the count. A torn line in a dataset is worse than a missing
    one, so on any failure the file is cut back to where this write started.
    """

    def __init__(self, raw: IO[bytes], path: str, crawler: Crawler | None) -> None:
        self.raw = raw
        self.path = path
        self.crawler = crawler
        self.failed = False

    def write(self, data: bytes) -> int:
        """The bytes written: all of ``data``, or 0 once a write has failed.

        A failure is not raised to the feed exporter, which would log a traceback per item:
        it is recorded (one line, and the crawl stops), and the ledger takes the items."""
        if self.failed:
            if self.crawler is None:
                raise OSError(f"{self.path}: an earlier write failed")
            return 0
        view = memoryview(data)
        start = self.raw.tell()
        try:
            while view:
                written = self.raw.write(view)
                if not written:
                    raise OSError(28, "No space left on device")
                view = view[written:]
        except OSError as exc:
            self.failed = True
            try:
                self.raw.truncate(start)
            except OSError:
                logger.error("%s: cannot cut back a partly written line", self.path)
            write_failed(self.crawler, self.path, exc, feed=True)
            if self.crawler is None:
                raise
            return 0
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class LineFlushingFileFeedStorage(FileFeedStorage):
    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> LineFlushingFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            raw = self.open_raw(path)
        except OSError as exc:
            write_failed(self.crawler, path, exc, feed=True)
            raise
        return cast(IO[bytes], LineFile(raw, self.path, self.crawler))

    def open_raw(self, path: Path) -> IO[bytes]:
        return path.open(self.write_mode, buffering=0)

    def store(self, file: IO[bytes]) -> None:
        try:
            file.close()
        except OSError as exc:
            write_failed(self.crawler, self.path, exc, feed=True)
            raise
