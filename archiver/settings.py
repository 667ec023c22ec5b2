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
ARCHIVER_EXTRACT_WORKERS = 0  # 0: one per core
ARCHIVER_EXTRACT_MAX_INFLIGHT = 0  # 0: four per worker

# Replay: fixture folders (and WARC files) answer requests through the HTTP-cache seam.
ARCHIVER_REPLAY: list[str] = []
HTTPCACHE_STORAGE = "archiver.transport.storage.ReplayCacheStorage"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.DummyPolicy"
HTTPCACHE_IGNORE_MISSING = True
HTTPCACHE_ENABLED = False  # switched on by the spider when ARCHIVER_REPLAY is set

ITEM_PIPELINES = {
    "archiver.pipelines.extract.ExtractPipeline": 300,
    "archiver.incremental.pipeline.IncrementalPipeline": 700,
    "archiver.pipelines.validate.ValidateRecordPipeline": 800,
}

# Live site crawls: archiver crawl SITE|URL, or scrapy crawl news -a site=SITE|URL.
ARCHIVER_OUTPUT_DIR = "output"  # <dir>/<site>/<run-id>.jsonl, <dir>/state.sqlite
ARCHIVER_SITES_DIRS: list[str] = []  # user folders of site profiles, searched first
ARCHIVER_RESUME = False  # continue the site's last unfinished run (JOBDIR + state file)
ARCHIVER_STATE_FILE = ""  # default: <ARCHIVER_OUTPUT_DIR>/state.sqlite
ARCHIVER_INCREMENTAL = False  # switched on by the spider for a site crawl
DOWNLOADER_MIDDLEWARES = {
    "archiver.incremental.middleware.IncrementalDownloaderMiddleware": 580,
    "archiver.middlewares.redirect_loop.RedirectLoopMiddleware": 610,  # sees 3xx before 600
}

FEED_EXPORT_ENCODING = "utf-8"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
