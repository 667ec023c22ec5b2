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

from scrapy.utils.misc import load_object

from archiver.extract.errors import ExtractionError
from archiver.extract.job import ExtractionJob
from archiver.items import Page
from archiver.pipelines.pool import ExtractionPool, Task, WorkerCrashed, usable_cpus
from archiver.skips import PageSkipped, drop_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

ARTICLE = "article"
PAYWALL = "paywall"
INFLIGHT_PER_WORKER = 4  # enough queued pages that workers never wait on the reactor


class ExtractPipeline:
    def __init__(
        self,
        crawler: Crawler,
        workers: int,
        max_inflight: int,
        task: Task,
        initializer: Callable[[], None] | None,
        keep_page_types: frozenset[str] = frozenset(),
    ) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.keep_page_types = keep_page_types | {ARTICLE}
        self.workers = workers or usable_cpus()
        self.max_inflight = max_inflight or INFLIGHT_PER_WORKER * self.workers
        self.pool = ExtractionPool(self.workers, task, initializer)
        self.slots: asyncio.Semaphore | None = None
        self.inflight = 0
        self.peak_inflight = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        return cls(
            crawler,
            settings.getint("ARCHIVER_EXTRACT_WORKERS"),
            settings.getint("ARCHIVER_EXTRACT_MAX_INFLIGHT"),
            load_object(settings["ARCHIVER_EXTRACT_TASK"]),
            _optional_object(settings, "ARCHIVER_EXTRACT_WORKER_INIT"),
            frozenset(t.strip() for t in settings.getlist("ARCHIVER_KEEP_PAGE_TYPES") if t.strip()),
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
        # A paywalled article is still an article: its visible text, title, date and
        # authors are what can be archived, and a reader of the dataset can filter on it.
        record["paywalled"] = page_type == PAYWALL
        if page_type == PAYWALL:
            record["page_type"] = page_type = ARTICLE
        if page_type not in self.keep_page_types:
            raise self._skip(item, f"{page_type}_page", f"not an article ({page_type})", page_type)
        record.update(item.extra)
        return record

    def _skip(self, item: Page, reason: str, message: str, page_type: str | None) -> PageSkipped:
        return drop_page(
            self.crawler,
            url=item.url,
            reason=reason,
            message=f"{message}; {item.source}" if item.source != item.url else message,
            fetched_at=item.fetched_at,
            page_type=page_type,
            status=item.status,
            warc_file=item.extra.get("warc_file"),
            warc_offset=item.extra.get("warc_offset"),
        )

    async def _extract(self, item: Page) -> dict[str, Any]:
        """The record for one page; every failure becomes a skip with its reason."""
        try:
            return await self.pool.extract(
                ExtractionJob(
                    item.body,
                    item.url,
                    item.fetched_at,
                    item.content_type,
                    item.hints or None,
                    item.site_rules or None,
                )
            )
        except ExtractionError as exc:
            raise self._skip(item, exc.reason, exc.message, None) from exc
        except WorkerCrashed as exc:
            logger.error("extraction worker died on %s", item.source)
            raise self._skip(item, "worker_crash", "extraction worker died", None) from exc
        except Exception as exc:
            logger.exception("extraction failed on %s", item.source)
            raise self._skip(item, "extraction_error", f"extraction failed: {exc!r}", None) from exc


def _optional_object(settings: BaseSettings, name: str) -> Any:
    path = settings.get(name)
    return load_object(path) if path else None
