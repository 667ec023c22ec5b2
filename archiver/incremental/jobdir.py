"""Scrapy's JOBDIR components, for a folder that may fail to write.

With JOBDIR the scheduler pushes every request to a file queue. On a full disk that push
raises ``OSError`` inside the scraper's output handling, which Scrapy does not expect: the
request is lost, the scraper's bookkeeping is left waiting for it, and the crawl never
closes. Here a failed push or pop stops the crawl with ``write_failed`` (one line, a
non-zero exit) and the request goes to the memory queue instead, so the closing engine
still sees every request it was given. A resumed run fetches what was not written again.
``SpiderState`` likewise: a state file it cannot write is removed, not left torn.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy.core.scheduler import Scheduler
from scrapy.extensions.spiderstate import SpiderState

from archiver.incremental.feedstorage import write_failed

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler


class WriteSafeScheduler(Scheduler):
    # Scrapy offers no hook for queue failures: these two methods are the narrowest
    # place to catch them, and they have kept their names and contracts since Scrapy 1.0.
    def _dqpush(self, request: Request) -> bool:
        if self.dqs is None:
            return False
        try:
            return super()._dqpush(request)
        except OSError as exc:
            self._failed(exc)
            return False  # the caller puts it in the memory queue

    def _dqpop(self) -> Request | None:
        try:
            return super()._dqpop()
        except OSError as exc:
            self._failed(exc)
            return None

    def _failed(self, exc: OSError) -> None:
        where = f"the request queue in {self.dqdir}" if self.dqdir else "the request queue"
        write_failed(self.crawler, where, exc)
        # Nothing more goes to, or comes from, a queue that failed once.
        self.dqs = None


class WriteSafeSpiderState(SpiderState):
    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = super().from_crawler(crawler)
        extension.crawler = crawler
        return extension

    def spider_closed(self, spider: Spider) -> None:
        try:
            super().spider_closed(spider)
        except OSError as exc:
            # A torn pickle would stop the resumed run at its start: better none at all.
            Path(self.statefn).unlink(missing_ok=True)
            write_failed(self.crawler, self.statefn, exc)
