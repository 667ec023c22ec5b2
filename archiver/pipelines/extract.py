"""Turn fetched Pages into records in a process pool, so the reactor keeps downloading.

The pool (archiver.pipelines.pool) starts once per crawl; each page goes to it as bytes
plus a few strings, never as a Response. A semaphore bounds the pages in flight: when
the pool falls behind, process_item waits, the waiting responses stay in Scrapy's scraper
slot, and once their bodies pass SCRAPER_SLOT_MAX_ACTIVE_SIZE the engine stops sending
requests. Downloads slow down to the pool's pace instead of bodies piling up in memory.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object

from archiver.extract.errors import ExtractionError
from archiver.items import Page
from archiver.pipelines.pool import ExtractionPool, Task, WorkerCrashed, usable_cpus

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

ARTICLE = "article"
INFLIGHT_PER_WORKER = 4  # enough queued pages that workers never wait on the reactor


class ExtractPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        workers: int,
        max_inflight: int,
        task: Task,
        initializer: Callable[[], None] | None,
    ) -> None:
        self.stats = stats
        self.workers = workers or usable_cpus()
        self.max_inflight = max_inflight or INFLIGHT_PER_WORKER * self.workers
        self.pool = ExtractionPool(self.workers, task, initializer)
        self.slots: asyncio.Semaphore | None = None
        self.inflight = 0
        self.peak_inflight = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        assert crawler.stats is not None
        settings = crawler.settings
        return cls(
            crawler.stats,
            settings.getint("ARCHIVER_EXTRACT_WORKERS"),
            settings.getint("ARCHIVER_EXTRACT_MAX_INFLIGHT"),
            load_object(settings["ARCHIVER_EXTRACT_TASK"]),
            _optional_object(settings, "ARCHIVER_EXTRACT_WORKER_INIT"),
        )

    def open_spider(self) -> None:
        self.pool.start()
        self.stats.set_value("archiver/extract/workers", self.workers)
        self.stats.set_value("archiver/extract/max_inflight", self.max_inflight)

    def close_spider(self) -> None:
        self.pool.close()
        self.stats.set_value("archiver/extract/peak_inflight", self.peak_inflight)
        if self.pool.restarts:
            self.stats.set_value("archiver/extract/pool_restarts", self.pool.restarts)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        if self.slots is None:  # made here: it must belong to the running event loop
            self.slots = asyncio.Semaphore(self.max_inflight)
        async with self.slots:
            self.inflight += 1
            self.peak_inflight = max(self.peak_inflight, self.inflight)
            try:
                record = await self._extract(item)
            finally:
                self.inflight -= 1
        page_type = record.get("page_type") or ARTICLE
        self.stats.inc_value(f"archiver/page_type/{page_type}")
        if page_type != ARTICLE:
            raise DropItem(f"not an article ({page_type}): {item.source}")
        record.update(item.extra)
        self.stats.inc_value("archiver/records")
        return record

    async def _extract(self, item: Page) -> dict[str, Any]:
        """The record for one page; every failure becomes a counted, logged DropItem."""
        try:
            return await self.pool.extract(
                item.body,
                item.url,
                item.fetched_at,
                item.content_type,
                item.hints or None,
                item.site_rules or None,
            )
        except ExtractionError as exc:
            self.stats.inc_value(f"archiver/skipped/{exc.reason}")
            raise DropItem(f"skipped {item.source}: {exc}") from exc
        except WorkerCrashed as exc:
            logger.error("extraction worker died on %s", item.source)
            self.stats.inc_value("archiver/skipped/worker_crash")
            raise DropItem(f"skipped {item.source}: extraction worker died") from exc
        except Exception as exc:
            logger.exception("extraction failed on %s", item.source)
            self.stats.inc_value("archiver/skipped/extraction_error")
            raise DropItem(f"skipped {item.source}: extraction failed: {exc!r}") from exc


def _optional_object(settings: BaseSettings, name: str) -> Any:
    path = settings.get(name)
    return load_object(path) if path else None
