"""Scrapy settings for archiver: the one switchboard. Override with ``-s NAME=VALUE``."""

from __future__ import annotations

BOT_NAME = "archiver"
SPIDER_MODULES = ["archiver.spiders"]
NEWSPIDER_MODULE = "archiver.spiders"

# Who we are, and how to reach the operator (set ARCHIVER_CONTACT_URL for live crawls).
ARCHIVER_CONTACT_URL = "https://github.com/archiver-project/archiver"
USER_AGENT = f"archiver/0.1 (+{ARCHIVER_CONTACT_URL})"

# Politeness on by default.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Extraction runs in a process pool (see archiver.pipelines.extract).
ARCHIVER_EXTRACT_WORKERS = 0  # 0: one per usable CPU (affinity mask and cgroup quota)
ARCHIVER_EXTRACT_MAX_INFLIGHT = 0  # 0: four per worker
# What a worker runs on each page (bytes, url, fetched_at, content_type) -> record dict,
# and once when it starts. Its module is imported by the forkserver, once per crawl.
ARCHIVER_EXTRACT_TASK = "archiver.extract.worker.extract_record"
ARCHIVER_EXTRACT_WORKER_INIT = "archiver.extract.worker.warm_up"
# A news callback yields one item per response, and Scrapy starts CONCURRENT_ITEMS asyncio
# tasks for every response whatever it yields: at the default (100) that bookkeeping costs
# the reactor about a millisecond of CPU a page, a third of what fetching the page costs.
CONCURRENT_ITEMS = 4

# Replay: fixture folders (and WARC files) answer requests through the HTTP-cache seam.
ARCHIVER_REPLAY: list[str] = []
HTTPCACHE_STORAGE = "archiver.transport.storage.ReplayCacheStorage"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.DummyPolicy"
HTTPCACHE_IGNORE_MISSING = True
HTTPCACHE_ENABLED = False  # switched on by the spider when ARCHIVER_REPLAY is set

ITEM_PIPELINES = {
    "archiver.pipelines.extract.ExtractPipeline": 300,
    "archiver.pipelines.validate.ValidateRecordPipeline": 800,
}

FEED_EXPORT_ENCODING = "utf-8"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
