"""Set up one live crawl of a site: lock, state, run id, output file, JOBDIR.

Called while the crawler's settings are still open and before the engine exists (from
``archiver.addons.SiteCrawlAddon``), so ``archiver crawl``, ``scrapy crawl news -a
site=...`` and a scrapyd job all get the same layout:

    <output-dir>/state.sqlite          the state file, shared by the sites in that folder
    <output-dir>/<site>/<run-id>.jsonl the records of one run (a resumed run appends)
    <output-dir>/<site>/.job/          Scrapy's JOBDIR for --resume
    <output-dir>/<site>/.lock          held while a crawl of the site runs
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from archiver.safepaths import inside, safe_folder_name
from archiver.stores import CrawlLock, open_state, site_lock

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from archiver.sites.profile import SiteProfile

logger = logging.getLogger(__name__)

FEED_STORAGE = "archiver.incremental.feedstorage.LineFlushingFileFeedStorage"
DUPEFILTER = "archiver.incremental.dupefilter.MemoryDupeFilter"


@dataclass(frozen=True)
class LiveRun:
    site: str
    run_id: str
    output: Path
    jobdir: Path
    resumed: bool
    lock: CrawlLock  # held until the crawl closes


JOB_FILES = ("requests.queue", "requests.seen", "spider.state")  # what Scrapy keeps in JOBDIR


def clear_jobdir(jobdir: Path) -> None:
    """Forget a finished or abandoned run's queue. Only Scrapy's own files go: JOBDIR may
    be a folder the user named, with other things in it."""
    for name in JOB_FILES:
        path = jobdir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _saved(path: Path) -> bool:
    """Scrapy's saved queue state, whole: a stop on a full disk writes it empty."""
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def site_folder(settings: BaseSettings, site: str) -> Path:
    """``<output-dir>/<site>/``: the site's runs, WARCs, JOBDIR, lock and monitor history."""
    out = Path(settings.get("ARCHIVER_OUTPUT_DIR") or "output")
    # Profile names are checked when read; this also holds for names made elsewhere.
    return inside(out, out / safe_folder_name(site))


def prepare_run(crawler: Crawler, profile: SiteProfile) -> LiveRun:
    """Take the site's lock (``SiteLocked`` if another crawl has it), then settle the
    state: unfinished runs reconciled, resumed or finished, and this run's id."""
    settings = crawler.settings
    site_dir = site_folder(settings, profile.name)
    lock = site_lock(crawler, profile.name)
    lock.acquire()
    jobdir = Path(settings.get("JOBDIR") or site_dir / ".job")
    try:
        run = _settle(crawler, profile, site_dir, jobdir, lock)
    except BaseException:
        lock.release()
        raise
    return run


def _settle(
    crawler: Crawler, profile: SiteProfile, site_dir: Path, jobdir: Path, lock: CrawlLock
) -> LiveRun:
    settings = crawler.settings
    state = open_state(crawler)
    try:
        unfinished = state.unfinished_runs(profile.name)
        for run in unfinished:
            fixed = state.reconcile(run)
            if fixed:
                logger.info("%s: %d written records were not yet in the state", run.output, fixed)
        if settings.getbool("ARCHIVER_RESUME") and unfinished:
            current = unfinished[-1]
            for older in unfinished[:-1]:
                state.finish_run(older.run_id)
            run_id, resumed = current.run_id, True
            queue = jobdir / "requests.queue"
            if queue.exists() and not _saved(queue / "active.json"):
                # Killed, not stopped (or stopped on a full disk, which left the saved
                # queue empty): start points are re-discovered and finished URLs skipped.
                shutil.rmtree(queue)
                (jobdir / "spider.state").unlink(missing_ok=True)
            logger.info("resuming run %s of %s", run_id, profile.name)
        else:
            if settings.getbool("ARCHIVER_RESUME"):
                logger.info("nothing to resume for %s: starting a new run", profile.name)
            for run in unfinished:
                state.finish_run(run.run_id)
            clear_jobdir(jobdir)
            run_id, resumed = state.new_run_id(profile.name), False
        output = site_dir / f"{run_id}.jsonl"
        state.start_run(run_id, profile.name, output)
    finally:
        state.close()
    return LiveRun(profile.name, run_id, output, jobdir, resumed, lock)


def apply_run_settings(settings: BaseSettings, run: LiveRun, profile: SiteProfile) -> None:
    """Point FEEDS, JOBDIR and the incremental components at this run."""
    for name, value in profile.settings.items():
        settings.set(name, value, priority="spider")
    feeds = dict(settings.getdict("FEEDS"))
    feeds[str(run.output)] = {"format": "jsonlines", "encoding": "utf-8", "overwrite": False}
    priority = max(settings.getpriority("FEEDS") or 0, 30)  # at least "spider"
    settings.set("FEEDS", feeds, priority=priority)
    storages = {**settings.getdict("FEED_STORAGES"), "": FEED_STORAGE, "file": FEED_STORAGE}
    if (settings.getpriority("DUPEFILTER_CLASS") or 0) <= SETTINGS_PRIORITIES["default"]:
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, priority="spider")  # unless the user's
    for name, value in (
        ("FEED_STORAGES", storages),
        ("JOBDIR", str(run.jobdir)),
        ("ARCHIVER_INCREMENTAL", True),
        ("ARCHIVER_SITE", run.site),
        ("ARCHIVER_RUN_ID", run.run_id),
        # the run's WARCs beside its records: <dir>/<site>/<run-id>-00000.warc.gz
        ("ARCHIVER_WARC_PREFIX", str(run.output.with_suffix(""))),
    ):
        settings.set(name, value, priority="spider")
