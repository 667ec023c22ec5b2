"""The distributed run mode: ``ARCHIVER_REDIS_URL`` makes the crawl a scrapy-redis worker.

``archiver crawl SITE --redis redis://HOST:PORT/DB``, ``scrapy crawl news -a site=SITE -s
ARCHIVER_REDIS_URL=...`` and a scrapyd job with that setting all get the same worker. As
``SiteCrawlAddon`` (archiver.addons) does for one process, the add-on prepares the run in
``update_settings``, before the engine exists; but it joins the run ``archiver seed``
started instead of making one, and points everything at Redis:

* ``SCHEDULER``/``DUPEFILTER_CLASS``: scrapy-redis' queue and duplicate filter, kept when
  the worker stops (``SCHEDULER_PERSIST``), under keys of the site and run;
* ``ARCHIVER_STATE_CLASS``/``ARCHIVER_DIGEST_STORE_CLASS``/``ARCHIVER_LOCK_CLASS``: the
  Redis ones (archiver.distributed.state);
* the worker's own files: ``<output-dir>/<site>/<run-id>.<worker-id>.jsonl``, its ledger
  and its WARC files beside it;
* no start requests of its own, one record per URL and run (``ClaimPipeline``), and an
  exit once the shared queue has stayed empty for ``ARCHIVER_REDIS_IDLE_SECONDS``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, DropItem, NotConfigured
from twisted.internet import task

from archiver.distributed import WORKER
from archiver.distributed.frontier import DUPEFILTER, QUEUE, SCHEDULER, reseed
from archiver.distributed.keys import Keys, RedisUnreachable, connect, worker_id
from archiver.incremental.run import LiveRun, apply_run_settings
from archiver.safepaths import inside, safe_folder_name
from archiver.startup import not_started
from archiver.stores import CrawlLock, Run, SiteLocked, site_lock

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from archiver.sites import SiteProfile

logger = logging.getLogger(__name__)

STATE = "archiver.distributed.state.RedisState"
DIGESTS = "archiver.distributed.state.RedisDigestStore"
LOCK = "archiver.distributed.state.RedisLock"
CLAIMS = "archiver.distributed.addon.ClaimPipeline"
START = "archiver.distributed.frontier.StartPointsFromRedis"


class DistributedAddon:
    def __init__(self, crawler: Crawler, profile: SiteProfile, url: str) -> None:
        self.crawler = crawler
        self.profile = profile
        self.url = url
        self.lock: CrawlLock | None = None
        self.heartbeat: task.LoopingCall | None = None
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("ARCHIVER_REDIS_URL")
        if not url:
            raise NotConfigured  # no message: another mode, nothing to warn about
        profile = getattr(crawler.spider, "profile", None)
        if profile is None:
            raise not_started("news: a distributed crawl (ARCHIVER_REDIS_URL) needs -a site=")
        addon = cls(crawler, profile, url)
        for handler, signal in (
            (addon.spider_opened, signals.spider_opened),
            (addon.spider_idle, signals.spider_idle),
            (addon.busy, signals.request_reached_downloader),
            (addon.spider_closed, signals.spider_closed),
        ):
            crawler.signals.connect(handler, signal)
        return addon

    def update_settings(self, settings: BaseSettings) -> None:
        site = self.profile.name
        try:
            client = connect(self.url)
        except RedisUnreachable as exc:
            raise not_started(f"news: {exc}") from exc
        keys = Keys.of(settings)
        current = client.get(keys.current_run(site))
        if current is None:
            raise not_started(
                f"news: no run of {site} in Redis at {self.url}; start one with: "
                f"archiver seed {site} --redis {self.url}"
            )
        run_id, worker = str(current), worker_id(settings)
        out = Path(settings.get("ARCHIVER_OUTPUT_DIR") or "output")
        site_dir = inside(out, out / safe_folder_name(site))
        for name, value in (
            ("ARCHIVER_RUN_ID", run_id),
            ("ARCHIVER_WORKER_ID", worker),
            ("ARCHIVER_STATE_CLASS", STATE),
            ("ARCHIVER_DIGEST_STORE_CLASS", DIGESTS),
            ("ARCHIVER_LOCK_CLASS", LOCK),
        ):
            settings.set(name, value, priority="spider")
        lock = site_lock(self.crawler, site)
        try:
            lock.acquire()
        except SiteLocked as exc:
            raise not_started(f"news: {exc}") from exc
        self.lock = lock
        output = site_dir / f"{run_id}.{worker}.jsonl"
        resumed = settings.getbool("ARCHIVER_RESUME")
        if resumed:
            self._resume(client, keys, Run(run_id, site, output, False), worker)
        run = LiveRun(site, run_id, output, site_dir / f".job-{worker}", resumed, lock)
        apply_run_settings(settings, run, self.profile)
        pipelines = {**settings.getdict("ITEM_PIPELINES"), CLAIMS: 900}  # after validation
        spider_mws = {**settings.getdict("SPIDER_MIDDLEWARES"), START: 0}
        redis_settings: tuple[tuple[str, Any], ...] = (
            ("SCHEDULER", SCHEDULER),
            ("DUPEFILTER_CLASS", DUPEFILTER),
            ("SCHEDULER_QUEUE_CLASS", QUEUE),
            ("SCHEDULER_PERSIST", True),  # a stopped worker leaves the queue to the others
            ("SCHEDULER_QUEUE_KEY", keys.queue(site)),
            ("SCHEDULER_DUPEFILTER_KEY", keys.dupefilter(site, run_id)),
            ("REDIS_URL", self.url),
            ("JOBDIR", None),  # the queue is in Redis: no spider.state file to keep either
            ("ITEM_PIPELINES", pipelines),
            ("SPIDER_MIDDLEWARES", spider_mws),
        )
        for name, value in redis_settings:
            settings.set(name, value, priority="spider")
        client.close()

    def _resume(self, client: Any, keys: Keys, run: Run, worker: str) -> None:
        """This worker was killed: settle what it wrote, then find what it had taken."""
        from archiver.distributed.state import RedisState

        state = RedisState(client, keys, worker)
        fixed = state.reconcile(run)
        if fixed:
            logger.info("%s: %d written records were not yet in the state", run.output, fixed)
        assert self.crawler.spider is not None
        pushed = reseed(client, keys, run.site, run.run_id, self.crawler.spider)
        logger.info("resuming run %s of %s: %d start points pushed again", run.run_id,
                    run.site, pushed)  # fmt: skip

    def spider_opened(self) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(WORKER, self.crawler.settings["ARCHIVER_WORKER_ID"])
        ttl = self.crawler.settings.getfloat("ARCHIVER_REDIS_LOCK_TTL")
        refresh = getattr(self.lock, "heartbeat", None)
        if refresh is not None:
            self.heartbeat = task.LoopingCall(refresh)
            self.heartbeat.start(ttl / 3, now=False)

    def busy(self) -> None:
        self.idle_since = None

    def spider_idle(self) -> None:
        """Nothing queued or in flight here: wait, as other workers may still add requests,
        until the queue has stayed empty for the idle time."""
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.crawler.settings.getfloat("ARCHIVER_REDIS_IDLE_SECONDS"):
            raise DontCloseSpider

    def spider_closed(self) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        if self.lock is not None:
            self.lock.release()


class ClaimedElsewhere(DropItem):
    """Another worker of the run writes this URL's record."""


class ClaimPipeline:
    """One record per URL and run across workers: the first worker to claim the URL in
    Redis writes it; a second one (the same URL reached twice, e.g. after a resume
    re-found it while another worker had it in flight) drops it."""

    def __init__(self, crawler: Crawler) -> None:
        from archiver.stores import open_state

        self.crawler = crawler
        self.state = open_state(crawler)
        self.run_id = crawler.settings["ARCHIVER_RUN_ID"]
        self.worker = crawler.settings["ARCHIVER_WORKER_ID"]
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or "content_sha256" not in item:
            return item
        url = str(item["url"])
        holder = self.state.claim(self.run_id, url, self.worker)  # type: ignore[attr-defined]
        if holder is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("archiver/distributed/claimed_elsewhere")
            raise ClaimedElsewhere(f"written by worker {holder}: {url}", log_level="DEBUG")
        return item

    def spider_closed(self) -> None:
        self.state.close()
