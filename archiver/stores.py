"""The stateful parts of a crawl, each a class named in a setting.

As Scrapy names its ``DUPEFILTER_CLASS`` and ``SCHEDULER``, the archiver names the
components that keep something between requests or between runs, so that another
backend (a shared one, for a crawl spread over machines) replaces the local one without
a change to the spider, the pipelines or the middlewares:

=============================== ============================================ =====================
setting                         what it keeps                                default
=============================== ============================================ =====================
``ARCHIVER_STATE_CLASS``        what each URL's last record was; the runs    SQLite file
``ARCHIVER_DIGEST_STORE_CLASS`` payloads already in a WARC file (revisits)   SQLite file
``ARCHIVER_LOCK_CLASS``         one crawl of a site at a time                ``flock``
=============================== ============================================ =====================

Each class is built with Scrapy's ``build_from_crawler``: its ``from_crawler(crawler,
*args)`` when it has one, else its constructor with the same ``*args``. The protocols
below are what the rest of the package calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from scrapy.utils.misc import build_from_crawler, load_object

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from archiver.warc.digests import Archived


@dataclass(frozen=True)
class Known:
    """What the last run that wrote this URL knew about it."""

    content_sha256: str
    version: int
    lastmod: str | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class Run:
    run_id: str
    site: str
    output: Path
    finished: bool


class CrawlState(Protocol):
    """What earlier runs wrote (per URL) and which runs are unfinished (per site)."""

    def known(self, url: str) -> Known | None: ...
    def record_written(
        self, site: str, run_id: str, record: dict[str, Any], validators: dict[str, str | None]
    ) -> None: ...
    def refresh_validators(self, url: str, validators: dict[str, str | None]) -> None: ...
    def mark_done(self, run_id: str, url: str) -> None: ...
    def is_done(self, run_id: str, url: str) -> bool: ...
    def new_run_id(self, site: str) -> str: ...
    def start_run(self, run_id: str, site: str, output: Path) -> None: ...
    def finish_run(self, run_id: str) -> None: ...
    def unfinished_runs(self, site: str) -> list[Run]: ...
    def reconcile(self, run: Run) -> int: ...
    def close(self) -> None: ...


class DigestStore(Protocol):
    """Payload digests already archived: what a revisit record refers to."""

    def find(self, digest: str) -> Archived | None: ...
    def latest(self, uri: str) -> Archived | None: ...
    def add(self, digest: str, archived: Archived) -> None: ...
    def close(self) -> None: ...


class SiteLocked(RuntimeError):
    """Another crawl of the site holds its lock."""


class CrawlLock(Protocol):
    """Held while one crawl of a site runs."""

    def acquire(self) -> None:
        """Take the lock, or raise ``SiteLocked`` saying who holds it."""

    def release(self) -> None: ...


def new_run_id(taken: Callable[[str], bool] = lambda run_id: False) -> str:
    """The one maker of run ids: the start time, e.g. 20261128T081500Z, with -2, -3, ...
    while ``taken`` says another run has it. Run metadata, not a page's date: the machine's
    clock is the right one here."""
    base = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_id, n = base, 1
    while taken(run_id):
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def open_state(crawler: Crawler) -> CrawlState:
    """The crawl state (``ARCHIVER_STATE_CLASS``) of this crawler's output folder."""
    cls = load_object(crawler.settings["ARCHIVER_STATE_CLASS"])
    state: CrawlState = build_from_crawler(cls, crawler)
    return state


def open_digest_store(crawler: Crawler, path: Path) -> DigestStore:
    """The digest store (``ARCHIVER_DIGEST_STORE_CLASS``); ``path`` is where the WARC
    files' settings place it, which a store kept elsewhere may ignore."""
    cls = load_object(crawler.settings["ARCHIVER_DIGEST_STORE_CLASS"])
    store: DigestStore = build_from_crawler(cls, crawler, path)
    return store


def site_lock(crawler: Crawler, site: str) -> CrawlLock:
    """The lock (``ARCHIVER_LOCK_CLASS``) of one site, not yet taken."""
    cls = load_object(crawler.settings["ARCHIVER_LOCK_CLASS"])
    lock: CrawlLock = build_from_crawler(cls, crawler, site)
    return lock
