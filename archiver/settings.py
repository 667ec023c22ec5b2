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
# Scrapy re-reads and parses a generator callback's source for a `return value` whenever
# its cache of bound methods misses, which is every few pages: 0.2 ms of the reactor's CPU
# a page. A test runs the same check once on every callback of the spider.
WARN_ON_GENERATOR_RETURN_VALUE = False

# Replay: fixture folders (and WARC files) answer requests through the HTTP-cache seam.
ARCHIVER_REPLAY: list[str] = []
HTTPCACHE_STORAGE = "archiver.transport.storage.ReplayCacheStorage"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.DummyPolicy"
HTTPCACHE_IGNORE_MISSING = True
HTTPCACHE_ENABLED = False  # switched on by the spider when ARCHIVER_REPLAY is set

# WARC capture: every raw response of a live crawl, with its request, before extraction
# (archiver.warc). The spider switches it off for replays. The prefix takes %(site)s,
# %(run_id)s and %(spider)s; files are <prefix>-00000.warc.gz, -00001, ... rotated at
# ARCHIVER_WARC_MAX_SIZE bytes. Payloads already archived (digests kept in
# ARCHIVER_WARC_DIGESTS, default beside the WARCs) are written as revisit records.
ARCHIVER_WARC_ENABLED = True
ARCHIVER_WARC_PREFIX = "output/%(site)s/%(run_id)s"
ARCHIVER_WARC_MAX_SIZE = 1_000_000_000
# ISA-L deflate levels, 0-3. Level 2: on news HTML, 0.25 ms a 150 KB page and 23.5% of the
# size; level 3 takes 0.52 ms for 22.8% (zlib's level 3 took 1.23 ms for the same).
ARCHIVER_WARC_GZIP_LEVEL = 2
ARCHIVER_WARC_DEDUP = True
ARCHIVER_WARC_DIGESTS = ""
ARCHIVER_RUN_ID = ""  # default: the crawl's start time, e.g. 20261128T081500Z

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
    # Scrapy's meta-refresh redirects, without decoding the whole page (see the module).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "archiver.middlewares.metarefresh.HeadMetaRefreshMiddleware": 580,
    "archiver.incremental.middleware.IncrementalDownloaderMiddleware": 580,
    "archiver.middlewares.redirect_loop.RedirectLoopMiddleware": 610,  # sees 3xx before 600
    # Next to the downloader (after the HTTP cache at 900): sees responses as received.
    "archiver.warc.middleware.WarcCaptureMiddleware": 950,
}

FEED_EXPORT_ENCODING = "utf-8"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# Filters for every source (archiver.pipelines.filters; --site/--since/--until/--language):
# hosts (and their subdomains), publication days (a record whose date is a range is kept
# when the range overlaps), languages. A filtered page is a skip with its reason.
ARCHIVER_FILTER_SITES: list[str] = []
ARCHIVER_FILTER_SINCE = ""  # YYYY[-MM[-DD]], inclusive
ARCHIVER_FILTER_UNTIL = ""  # YYYY[-MM[-DD]], inclusive
ARCHIVER_FILTER_LANGUAGES: list[str] = []  # ISO 639-1 codes
ARCHIVER_FILTER_KEEP_UNDATED = False  # with --since/--until: keep records with no date
ITEM_PIPELINES = {**ITEM_PIPELINES, "archiver.pipelines.filters.FilterPipeline": 400}
# Common Crawl as a source (archiver.commoncrawl, docs/commoncrawl.md).
ARCHIVER_COMMONCRAWL_DATA_URL = "https://data.commoncrawl.org/"
ARCHIVER_COMMONCRAWL_INDEX_URL = "https://index.commoncrawl.org/"
ARCHIVER_COMMONCRAWL_STREAMS = 2  # WARC files (or range requests) read at once
ARCHIVER_COMMONCRAWL_RETRIES = 8  # per request; waits double from the backoff, or Retry-After
ARCHIVER_COMMONCRAWL_BACKOFF = 1.0  # seconds before the first retry
ARCHIVER_COMMONCRAWL_TIMEOUT = 60.0  # seconds without a byte before a read is retried
