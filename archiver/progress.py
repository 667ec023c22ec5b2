"""What a run is doing while it runs: a live bar on a terminal, plain lines elsewhere.

Scrapy alone logs "Crawled N pages" once a minute. This extension shows pages fetched,
records written, pages skipped by reason, failed fetches, errors logged, pages per second
and the elapsed time; with a bar and an estimate of the time left where the total is known
(a replay's entries; for a live crawl, the requests queued so far, which grows as
sitemaps, feeds and links are read).

On a terminal the display is rich's live progress bar (Scrapy's log lines print above it);
off one (cron, scrapyd, CI, ``--logfile``) it is one plain log line every
``ARCHIVER_PROGRESS_INTERVAL`` seconds, without control characters, and one at the end.
``ARCHIVER_PROGRESS``: ``auto`` (the default), ``bar``, ``log`` or ``off``.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text
from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

MODES = ("auto", "bar", "log", "off")
SKIPPED = "archiver/skipped/"
FAILED = "archiver/failed/"
BAR_REFRESH = 0.5  # seconds between two reads of the stats for the bar


@dataclass
class Snapshot:
    """The run's numbers at one moment, read from the stats."""

    fetched: int = 0
    records: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failed: int = 0
    errors: int = 0
    done: int = 0  # pages accounted for (replay) or requests finished (live crawl)
    total: int | None = None  # a replay's entries, else the requests queued so far
    unit: str = "requests"
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return self.fetched / self.elapsed if self.elapsed > 0 else 0.0

    def counts(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{k}={v}" for k, v in sorted(self.skipped.items()))
        return (
            f"{self.fetched} pages fetched, {self.records} records written, "
            f"{skipped} skipped{f' ({reasons})' if reasons else ''}, {self.failed} failed, "
            f"{self.errors} errors"
        )

    def line(self) -> str:
        """The plain line for logs: counts, rate, elapsed, and progress when a total is known."""
        text = f"{self.counts()}, {self.rate:.1f} pages/s, elapsed {_clock(self.elapsed)}"
        if self.total:
            percent = 100 * self.done // self.total
            text += f", {self.done}/{self.total} {self.unit} ({percent}%)"
            if 0 < self.done < self.total and self.elapsed > 0:
                left = (self.total - self.done) * self.elapsed / self.done
                text += f", about {_clock(left)} left"
        return text


def _clock(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


def snapshot(stats: StatsCollector, active: int, started: float) -> Snapshot:
    values: dict[str, Any] = stats.get_stats()
    skipped = {k[len(SKIPPED) :]: int(v) for k, v in values.items() if k.startswith(SKIPPED)}
    failed = sum(int(v) for k, v in values.items() if k.startswith(FAILED))
    records = int(values.get("item_scraped_count", 0))
    entries = int(values.get("archiver/replay/entries", 0))
    if entries:
        # A replay: every entry ends as a record or a counted skip, however long
        # extraction takes after the (instant) fetch.
        total: int | None = entries
        done = min(entries, records + sum(skipped.values()) + failed)
    else:
        # A live crawl: requests finished out of those queued so far.
        total = int(values.get("scheduler/enqueued", 0)) or None
        done = max(0, int(values.get("scheduler/dequeued", 0)) - active)
    return Snapshot(
        fetched=int(values.get("response_received_count", 0)),
        records=records,
        skipped=skipped,
        failed=failed,
        errors=int(values.get("log_count/ERROR", 0)),
        done=done,
        total=total,
        unit="pages" if entries else "requests",
        elapsed=time.monotonic() - started,
    )


class RunProgress(Progress):
    """rich's bar with the run's counts on the lines below it (wrapped to the terminal),
    the way rich's documentation extends a Progress display."""

    detail = ""

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        if self.detail:
            yield Text(self.detail, style="dim")


def resolve_mode(mode: str, log_file: str | None) -> str:
    """``auto``: the bar when stderr is a terminal that the log also goes to."""
    if mode != "auto":
        return mode
    return "bar" if sys.stderr.isatty() and not log_file else "log"


class ProgressExtension:
    def __init__(self, crawler: Crawler, mode: str, interval: float) -> None:
        self.crawler = crawler
        self.mode = mode
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.bar: RunProgress | None = None
        self.task_id: TaskID | None = None
        self.swapped: list[tuple[logging.StreamHandler[Any], Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        setting = crawler.settings.get("ARCHIVER_PROGRESS", "auto")
        if setting in (False, None, "", "0", "false", "False", "off"):
            raise NotConfigured
        mode = "auto" if setting in (True, "1", "true", "True") else str(setting)
        if mode not in MODES:
            raise NotConfigured(f"ARCHIVER_PROGRESS must be one of {', '.join(MODES)}")
        mode = resolve_mode(mode, crawler.settings.get("LOG_FILE"))
        interval = crawler.settings.getfloat("ARCHIVER_PROGRESS_INTERVAL", 30.0)
        ext = cls(crawler, mode, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def snapshot(self) -> Snapshot:
        assert self.crawler.stats is not None
        engine = self.crawler.engine
        active = len(engine.downloader.active) if engine is not None else 0
        return snapshot(self.crawler.stats, active, self.started)

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.mode == "bar":
            self.start_bar()
            self.loop = task.LoopingCall(self.update_bar)
            self.loop.start(BAR_REFRESH, now=True)
        else:
            self.loop = task.LoopingCall(self.log_line)
            self.loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.bar is not None:
            self.update_bar()
            self.bar.stop()
            self.restore_handlers()
        else:
            self.log_line()

    def log_line(self) -> None:
        logger.info("progress: %s", self.snapshot().line())

    def start_bar(self) -> None:
        console = Console(stderr=True)
        self.bar = RunProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("elapsed"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            redirect_stderr=True,
            transient=False,
        )
        self.bar.start()
        self.task_id = self.bar.add_task("starting", total=None)
        self.route_log_through_bar()

    def route_log_through_bar(self) -> None:
        """Scrapy's log handler holds the real stderr, which would write through the bar;
        give it rich's redirected stderr, which prints lines above the bar, until the end."""
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.__stderr__:
                self.swapped.append((handler, handler.stream))
                handler.setStream(sys.stderr)

    def restore_handlers(self) -> None:
        for handler, stream in self.swapped:
            handler.setStream(stream)
        self.swapped.clear()

    def update_bar(self) -> None:
        assert self.bar is not None and self.task_id is not None
        now = self.snapshot()
        self.bar.detail = f"{now.counts()}, {now.rate:.1f} pages/s"
        self.bar.update(self.task_id, total=now.total, completed=now.done, description=now.unit)
