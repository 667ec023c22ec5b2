"""Scrapy settings for archiver: the one switchboard. Override with ``-s NAME=VALUE``."""

from __future__ import annotations

from archiver import __version__

BOT_NAME = "archiver"
SPIDER_MODULES = ["archiver.spiders"]
NEWSPIDER_MODULE = "archiver.spiders"

# Who we are, and how to reach the operator: set ARCHIVER_CONTACT_URL (a page or mailto:
# address) for live crawls; the User-Agent then names it, and a live crawl without one
# logs a warning when it starts (archiver.politeness).
ARCHIVER_CONTACT_URL = ""
USER_AGENT = f"archiver/{__version__}"

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
# What a worker runs on each page (an archiver.extract.job.ExtractionJob) -> record dict,
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
# HTTPCACHE_* is left to Scrapy's defaults: the replay add-on (archiver.addons) sets it
# for a replay, and a live crawl may use Scrapy's own cache with -s HTTPCACHE_ENABLED=True.
ARCHIVER_REPLAY: list[str] = []

# WARC capture: every raw response of a live crawl, with its request, before extraction
# (archiver.warc). The replay add-on switches it off. The prefix takes %(site)s,
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
ARCHIVER_INCREMENTAL = False  # switched on by the site-crawl add-on
# A JOBDIR queue that fails to write (a full disk) stops the crawl instead of hanging it.
SCHEDULER = "archiver.incremental.jobdir.WriteSafeScheduler"
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

# Accounting: every page becomes a record or a line of the run's ledger (archiver.ledger,
# docs/ledger.md), and no output is lost silently.
ARCHIVER_LEDGER_ENABLED = True
ARCHIVER_LEDGER_FILE = ""  # default: beside the first FEEDS file, out.jsonl -> out.skipped.jsonl
# Page types written as records besides articles (paywalled articles always are), e.g.
# -s ARCHIVER_KEEP_PAGE_TYPES=listing,video; the others are ledger lines.
ARCHIVER_KEEP_PAGE_TYPES: list[str] = []
# Every local feed file: one unbuffered write a line, cut back and the crawl stopped when a
# write fails (disk full, unwritable path).
FEED_STORAGES = {
    "": "archiver.incremental.feedstorage.LineFlushingFileFeedStorage",
    "file": "archiver.incremental.feedstorage.LineFlushingFileFeedStorage",
}
# Dropped items logged as one line with URL and reason, never the item (archiver.logs).
LOG_FORMATTER = "archiver.logs.QuietLogFormatter"
# Hostile sites: what a site cannot make the crawler do (archiver.middlewares.gate,
# .sizes and .limits): read local files, reach private addresses, fill the memory, or
# keep a run going for ever. Every request passes one gate: http(s) only, the site's
# domains only (redirects too), and no host name that resolves to a private, loopback,
# link-local or reserved address; hosts the user names as addresses or localhost are
# theirs to crawl. The resolver is a class with ``async addresses(host) -> list[str]``.
ARCHIVER_GATE_RESOLVER = "archiver.middlewares.gate.ReactorResolver"
# Set by sources whose responses were recorded elsewhere (Common Crawl): nothing is
# fetched from the pages' hosts, so the gate checks schemes only, as in a replay.
ARCHIVER_RECORDED_SOURCE = False
ARCHIVER_GATE_ALLOW_PRIVATE = False  # True: an intranet archive, whose names are private
DOWNLOADER_MIDDLEWARES = {
    **DOWNLOADER_MIDDLEWARES,
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "archiver.middlewares.gate.UrlGate": 50,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "archiver.middlewares.sizes.SizeCappedCompressionMiddleware": 590,
}
# Memory: no page, compressed or not, is held past DOWNLOAD_MAXSIZE (Scrapy's default is
# 1 GiB); a larger one is a ``too_large`` skip. News pages weigh tens to hundreds of KB.
# The same cap holds for bodies read back from WARC files and fixture folders.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# No scheme but http(s) is ever downloaded, even if a request got past the gate.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
# Scrapy's telnet console and its remote-control HTTP server both run any Python sent to
# them inside the crawl (the console's password is logged at INFO, the server's token is
# written to a file in the user's home): off unless asked for.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Bounded crawls (archiver.middlewares.limits): a site cannot keep a scheduled run going
# for ever (an endless calendar, an endless chain of sitemap indexes). A run cut by a
# limit ends like a finished one; each limit is a -s setting or a profile [settings] key.
DEPTH_LIMIT = 12  # links followed from a start point; sitemap hops count too
CLOSESPIDER_PAGECOUNT = 50_000  # responses in one run
CLOSESPIDER_TIMEOUT = 4 * 3600  # seconds one run may last
ARCHIVER_SITEMAP_MAX_DEPTH = 3  # sitemap index hops below robots.txt or a profile sitemap
ARCHIVER_SITEMAP_MAX_COUNT = 1000  # sitemaps read in one run
ARCHIVER_SITEMAP_MAXSIZE = 50 * 1024 * 1024  # the sitemap protocol's own limit, decompressed
ARCHIVER_FEED_MAXSIZE = 8 * 1024 * 1024
SPIDER_MIDDLEWARES = {"archiver.middlewares.limits.CrawlLimitsMiddleware": 800}
# Progress and end-of-run monitoring (archiver.progress, archiver.monitors).
# ARCHIVER_PROGRESS: auto (a live bar on a terminal, else a plain log line every
# ARCHIVER_PROGRESS_INTERVAL seconds), bar, log or off.
ARCHIVER_PROGRESS = "auto"
ARCHIVER_PROGRESS_INTERVAL = 30.0
EXTENSIONS = {
    # JOBDIR's spider.state, removed rather than left torn when it cannot be written
    "scrapy.extensions.spiderstate.SpiderState": None,
    "archiver.incremental.jobdir.WriteSafeSpiderState": 0,
    "archiver.ledger.Ledger": 480,  # before the monitors: they read its counts
    "archiver.progress.ProgressExtension": 100,
    "archiver.monitors.FillCounter": 490,  # before Spidermon: its rates are ready
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
}
# End-of-run monitors (spidermon; SPIDERMON_ENABLED=False switches them off). A failed
# monitor is logged with its reason, counted in archiver/monitors/failed, and makes the
# crawl and replay commands exit 1. Ratios are judged on runs of at least
# ARCHIVER_MONITOR_MIN_PAGES pages; a site profile's [settings] can set any of these,
# e.g. its own ARCHIVER_MONITOR_MIN_RECORDS.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["archiver.monitors.EndOfRun"]
ARCHIVER_MONITOR_MIN_RECORDS = 0
ARCHIVER_MONITOR_MIN_PAGES = 20
ARCHIVER_MONITOR_MAX_ERROR_RATIO = 0.1  # errors logged per page fetched
ARCHIVER_MONITOR_MAX_RETRY_RATIO = 0.2  # retries per request
ARCHIVER_MONITOR_MAX_SKIP_RATIO = 0.5  # pages skipped per page made a record or skipped
# A field whose fill rate falls this much below its mean over the site's last
# ARCHIVER_MONITOR_HISTORY_RUNS runs (kept in <output dir>/<site>/.monitor-history.ndjson).
ARCHIVER_MONITOR_MAX_FILL_DROP = 0.5
ARCHIVER_MONITOR_HISTORY_RUNS = 5
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
# Stateful components (archiver.stores): each a class built with Scrapy's
# build_from_crawler, so that another backend replaces the local one by a setting.
ARCHIVER_STATE_CLASS = "archiver.incremental.state.State"  # what earlier runs wrote
ARCHIVER_DIGEST_STORE_CLASS = "archiver.warc.digests.DigestStore"  # WARC payloads, revisits
ARCHIVER_LOCK_CLASS = "archiver.incremental.lock.FileLock"  # one crawl of a site at a time
# Run modes (archiver.addons): a replay (-a replay=PATH or ARCHIVER_REPLAY) and a live
# site crawl (-a site=SITE|URL) each set what they need; each stands aside otherwise.
ADDONS = {
    "archiver.addons.ReplayAddon": 100,
    "archiver.addons.SiteCrawlAddon": 200,
}
# Distributed crawls (archiver.distributed, docs/distributed.md): scrapy-redis workers on
# any number of machines share one queue, duplicate filter and state in Redis.
ARCHIVER_REDIS_URL = ""  # redis://HOST:PORT/DB: crawl as a worker of the site's seeded run
ARCHIVER_WORKER_ID = ""  # names the worker's files; default <hostname>-<pid>
ARCHIVER_REDIS_IDLE_SECONDS = 30.0  # a worker exits once the shared queue stayed empty so long
ARCHIVER_REDIS_LOCK_TTL = 60.0  # seconds; each worker refreshes the site's lock every third
ARCHIVER_REDIS_KEY_PREFIX = "archiver"  # every key the archiver keeps in Redis starts with it
ADDONS = {**ADDONS, "archiver.distributed.addon.DistributedAddon": 150}
