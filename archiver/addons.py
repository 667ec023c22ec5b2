"""Run modes as Scrapy add-ons (``ADDONS``): each one switches on what its mode needs.

``ReplayAddon``
    ``-a replay=PATH,...`` or ``-s ARCHIVER_REPLAY=...``: recorded fixture folders and
    WARC files answer the requests through the HTTP-cache seam. It alone sets
    ``HTTPCACHE_*``, so that a live crawl can use Scrapy's own HTTP cache
    (``-s HTTPCACHE_ENABLED=True``) like any Scrapy project.
``SiteCrawlAddon``
    ``-a site=SITE|URL``: a live, incremental crawl of one site. It takes the site's lock,
    settles the state (resume or new run, run id) and points ``FEEDS``, ``JOBDIR``, the
    duplicate filter and the incremental components at the run.

Scrapy builds add-ons after the spider (so they read its parsed arguments) and calls
``update_settings`` before the settings freeze and before the engine exists. That is why
the run is prepared here rather than on ``spider_opened``: the run id decides ``FEEDS``
and the WARC prefix, a killed run's queue must be gone before the scheduler opens
``JOBDIR``, and neither can change once the engine is built. Both add-ons are listed in
the project's ``ADDONS``; each stands aside (``NotConfigured``) when its mode is not the
one asked for. Values are set at ``spider`` priority, above the project's settings.py
(whose defaults they replace) and below ``-s`` on the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver.incremental.run import LiveRun, apply_run_settings, prepare_run
from archiver.startup import not_started
from archiver.stores import SiteLocked

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from archiver.sites import SiteProfile

# Recorded responses (a replay, a Common Crawl stream): no robots.txt to ask, no server to
# be polite to, and nothing new to archive. Their HTTPCACHE_STORAGE is the source's own.
RECORDED_SOURCE_SETTINGS: dict[str, Any] = {
    "HTTPCACHE_ENABLED": True,
    "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.DummyPolicy",
    "HTTPCACHE_IGNORE_MISSING": True,
    "ARCHIVER_WARC_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    "CONCURRENT_REQUESTS": 64,
    "DOWNLOAD_DELAY": 0,
}
REPLAY_STORAGE = "archiver.transport.storage.ReplayCacheStorage"


def _spider_arguments(crawler: Crawler) -> Any:
    """The news spider's parsed arguments, or None for another spider."""
    return getattr(crawler.spider, "arguments", None)


class ReplayAddon:
    def __init__(self, paths: tuple[str, ...]) -> None:
        self.paths = paths

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        arguments = _spider_arguments(crawler)
        paths = tuple(arguments.replay) if arguments is not None else ()
        paths = paths or tuple(crawler.settings.getlist("ARCHIVER_REPLAY"))
        if not paths:
            raise NotConfigured  # no message: another mode, nothing to warn about
        return cls(paths)

    def update_settings(self, settings: BaseSettings) -> None:
        settings.set("ARCHIVER_REPLAY", list(self.paths), priority="spider")
        settings.setdict(
            {**RECORDED_SOURCE_SETTINGS, "HTTPCACHE_STORAGE": REPLAY_STORAGE}, priority="spider"
        )


class SiteCrawlAddon:
    def __init__(self, crawler: Crawler, profile: SiteProfile) -> None:
        self.crawler = crawler
        self.profile = profile
        self.run: LiveRun | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        profile = getattr(crawler.spider, "profile", None)  # the spider resolved -a site
        if profile is None:
            raise NotConfigured  # no message: another mode, nothing to warn about
        if crawler.settings.get("ARCHIVER_REDIS_URL"):
            raise NotConfigured  # a worker of a distributed run (archiver.distributed.addon)
        addon = cls(crawler, profile)
        crawler.signals.connect(addon.spider_closed, signals.spider_closed)
        return addon

    def update_settings(self, settings: BaseSettings) -> None:
        try:
            self.run = prepare_run(self.crawler, self.profile)
        except SiteLocked as exc:
            raise not_started(f"news: {exc}") from exc
        apply_run_settings(settings, self.run, self.profile)

    def spider_closed(self) -> None:
        if self.run is not None:
            self.run.lock.release()
