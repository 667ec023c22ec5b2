"""Turn fetched Pages into records in a process pool, so the reactor keeps downloading.

The pool starts once per crawl; each page goes to it as bytes plus a few fields. A
semaphore bounds the pages in flight: when the pool falls behind, process_item waits,
Scrapy's scraper slot fills, and the engine stops taking new responses.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from archiver.extract.errors import ExtractionError
from archiver.extract.worker import extract_record, warm_up
from archiver.items import Page

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

ARTICLE = "article"


class ExtractPipeline:
    def __init__(self, stats: StatsCollector, workers: int, max_inflight: int) -> None:
        self.stats = stats
        self.workers = workers or os.cpu_count() or 1
        self.max_inflight = max_inflight or 4 * self.workers
        self.pool: Executor | None = None
        self.slots: asyncio.Semaphore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            crawler.settings.getint("ARCHIVER_EXTRACT_WORKERS"),
            crawler.settings.getint("ARCHIVER_EXTRACT_MAX_INFLIGHT"),
        )

    def open_spider(self) -> None:
        self.pool = self._new_pool()
        self.stats.set_value("archiver/extract/workers", self.workers)

    def _new_pool(self) -> Executor:
        # forkserver: workers never inherit the reactor's threads and sockets.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archiver.extract.worker"])
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=warm_up)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        if self.slots is None:  # made here: it must belong to the running event loop
            self.slots = asyncio.Semaphore(self.max_inflight)
        async with self.slots:
            pool = self.pool
            assert pool is not None
            future = pool.submit(
                extract_record,
                item.body,
                item.url,
                item.fetched_at,
                item.content_type,
                item.hints or None,
                item.site_rules or None,
            )
            try:
                record: dict[str, Any] = await asyncio.wrap_future(future)
            except ExtractionError as exc:
                self.stats.inc_value(f"archiver/skipped/{exc.reason}")
                raise DropItem(f"skipped {item.source}: {exc}") from exc
            except BrokenProcessPool as exc:
                # A worker died (e.g. a parser crash): replace the pool, lose only this page.
                logger.error("extraction worker died on %s", item.source)
                if self.pool is pool:  # pages in flight all see it break; replace it once
                    pool.shutdown(wait=False, cancel_futures=False)
                    self.pool = self._new_pool()
                self.stats.inc_value("archiver/skipped/worker_crash")
                raise DropItem(f"skipped {item.source}: extraction worker died") from exc
            except Exception as exc:
                logger.exception("extraction failed on %s", item.source)
                self.stats.inc_value("archiver/skipped/extraction_error")
                raise DropItem(f"skipped {item.source}: extraction failed: {exc!r}") from exc
        page_type = record.get("page_type") or ARTICLE
        self.stats.inc_value(f"archiver/page_type/{page_type}")
        if page_type != ARTICLE:
            raise DropItem(f"not an article ({page_type}): {item.source}")
        record.update(item.extra)
        self.stats.inc_value("archiver/records")
        return record
