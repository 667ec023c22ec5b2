"""Checks at the end of every run, with spidermon: did this run work like the last ones?

A run can finish cleanly and still be wrong: a site changes its layout and every article
comes back without authors, a block page answers every request, the network fails half
the time. The suite checks the records written against a per-site minimum, the error,
retry and skip ratios, and each field's fill rate against the site's last runs (from a
history file beside the site's datasets). Verdicts go into the run's stats
(``archiver/monitors/*``), whose ``failed`` count makes the crawl and replay commands exit
non-zero, and each failure is logged with its reason.

Fill rates (``archiver/fill_rate/<field>``: the share of records with the field neither
null nor empty) come from ``FillCounter``, not from spidermon's field coverage: that
walks every record through ItemAdapter on the reactor thread, 0.3 ms a record, where
counting the filled keys of the record dict costs 16 us (measured, same record).
"""

from __future__ import annotations

import json
import logging
import warnings
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from spidermon import Monitor, MonitorSuite
from spidermon.core.actions import Action

from archiver.incremental.run import site_folder
from archiver.pipelines.filters import FILTER_REASONS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# spidermon 1.27's report writer still calls Spider.log(), which Scrapy 2.19 deprecates:
# one warning in every run's log that the user can do nothing about.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated")

FILL_RATE = "archiver/fill_rate/"
EMPTY: tuple[Any, ...] = (None, "", [], {})
# Hidden and not *.jsonl, like .lock and .job: globs for a site's datasets must not pick it.
HISTORY_FILE = ".monitor-history.ndjson"


def _stats(monitor: Monitor | Action) -> dict[str, Any]:
    return dict(monitor.data.stats)


def _setting(monitor: Monitor | Action, name: str) -> float:
    return float(monitor.data.crawler.settings.getfloat(name))


def _sum(stats: dict[str, Any], prefix: str) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix))


def history_path(spider: Any) -> Path | None:
    """The site's history file, beside its datasets; None for a run without a site."""
    site = spider.settings.get("ARCHIVER_SITE") if spider is not None else None
    return site_folder(spider.settings, site) / HISTORY_FILE if site else None


def read_history(path: Path | None, limit: int) -> list[dict[str, Any]]:
    if path is None or not path.is_file():
        return []
    runs = []
    for line in path.read_text("utf-8").splitlines():
        try:
            runs.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut by a killed run: the others still count
    return runs[-limit:] if limit > 0 else []


def fill_rates(stats: dict[str, Any]) -> dict[str, float]:
    return {k[len(FILL_RATE) :]: float(v) for k, v in stats.items() if k.startswith(FILL_RATE)}


class FillCounter:
    """Counts, per field, the records written with it filled; the rates go into the stats
    when the spider closes, before the monitors read them (a lower EXTENSIONS order
    connects this handler first)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.records = 0
        self.filled: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FillCounter:
        if not crawler.settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured
        counter = cls(crawler)
        crawler.signals.connect(counter.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(counter.spider_closed, signal=signals.spider_closed)
        return counter

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, dict):
            self.records += 1
            self.filled.update(k for k, v in item.items() if v not in EMPTY)

    def spider_closed(self) -> None:
        stats = self.crawler.stats
        if stats is None or not self.records:
            return
        for name, count in self.filled.items():
            stats.set_value(f"{FILL_RATE}{name}", round(count / self.records, 4))


class RunMonitor(Monitor):
    """Shared helpers; ratios are judged only on runs with enough pages to mean something."""

    def enough_pages(self) -> int:
        stats = _stats(self)
        pages = int(stats.get("response_received_count", 0))
        if pages < _setting(self, "ARCHIVER_MONITOR_MIN_PAGES"):
            self.skipTest(f"{pages} pages fetched, too few to judge a ratio")
        return pages


class Records(RunMonitor):
    def test_records_written(self) -> None:
        """Records written reach the site's minimum (ARCHIVER_MONITOR_MIN_RECORDS)."""
        minimum = int(_setting(self, "ARCHIVER_MONITOR_MIN_RECORDS"))
        written = int(_stats(self).get("item_scraped_count", 0))
        if written < minimum:
            self.fail(f"{written} records written, fewer than the minimum {minimum}")


class Ratios(RunMonitor):
    def test_error_ratio(self) -> None:
        """Errors logged per page fetched stay under ARCHIVER_MONITOR_MAX_ERROR_RATIO."""
        pages = self.enough_pages()
        errors = int(_stats(self).get("log_count/ERROR", 0))
        limit = _setting(self, "ARCHIVER_MONITOR_MAX_ERROR_RATIO")
        if errors / pages > limit:
            self.fail(f"{errors} errors for {pages} pages, over {limit:.0%}")

    def test_retry_ratio(self) -> None:
        """Retries per request stay under ARCHIVER_MONITOR_MAX_RETRY_RATIO."""
        self.enough_pages()
        stats = _stats(self)
        requests = max(int(stats.get("downloader/request_count", 0)), 1)
        retries = int(stats.get("retry/count", 0))
        limit = _setting(self, "ARCHIVER_MONITOR_MAX_RETRY_RATIO")
        if retries / requests > limit:
            self.fail(f"{retries} retries for {requests} requests, over {limit:.0%}")

    def test_skip_ratio(self) -> None:
        """Pages skipped per page accounted for stay under ARCHIVER_MONITOR_MAX_SKIP_RATIO;
        pages the run's own filters left out (--site, --since ...) are not counted."""
        self.enough_pages()
        stats = _stats(self)
        wanted = sum(int(stats.get(f"archiver/skipped/{r}", 0)) for r in FILTER_REASONS)
        skipped = _sum(stats, "archiver/skipped/") - wanted
        accounted = max(skipped + int(stats.get("item_scraped_count", 0)), 1)
        limit = _setting(self, "ARCHIVER_MONITOR_MAX_SKIP_RATIO")
        if skipped / accounted > limit:
            self.fail(f"{skipped} of {accounted} pages skipped, over {limit:.0%}")


class FillRates(RunMonitor):
    def test_fill_rates_hold(self) -> None:
        """No field's fill rate falls by more than ARCHIVER_MONITOR_MAX_FILL_DROP below its
        mean over the site's last runs (a layout change the extraction no longer reads)."""
        stats = _stats(self)
        minimum = _setting(self, "ARCHIVER_MONITOR_MIN_PAGES")
        if int(stats.get("item_scraped_count", 0)) < minimum:
            self.skipTest("too few records to compare fill rates")
        limit = int(_setting(self, "ARCHIVER_MONITOR_HISTORY_RUNS"))
        runs = [
            r
            for r in read_history(history_path(self.data.spider), limit)
            if r.get("run_id") != stats.get("archiver/run_id")
        ]
        if not runs:
            self.skipTest("no earlier run of this site to compare with")
        current = fill_rates(stats)
        drop = _setting(self, "ARCHIVER_MONITOR_MAX_FILL_DROP")
        fallen = []
        for name in sorted({k for r in runs for k in r.get("fill", {})}):
            before = sum(float(r.get("fill", {}).get(name, 0.0)) for r in runs) / len(runs)
            now = current.get(name, 0.0)
            if before - now > drop:
                fallen.append(
                    f"{name} filled in {now:.0%} of records, {before:.0%} in the site's last "
                    f"{len(runs)} runs"
                )
        if fallen:
            self.fail("; ".join(fallen) + " (has the site's layout changed?)")


class RecordVerdicts(Action):
    """Verdicts into the run's stats and the log; the run's fill rates into the site's
    history when it finished with enough records to stand for the site."""

    def run_action(self) -> None:
        stats = self.data.crawler.stats
        counts = {"passed": 0, "skipped": 0, "failed": 0}
        for result in self.result.monitor_results:
            name = f"{type(result.item).__name__}.{result.item._testMethodName}"
            stats.set_value(f"archiver/monitors/{name}", result.status)
            if result.status in ("FAIL", "ERROR"):
                counts["failed"] += 1
                logger.error("monitor failed: %s: %s", name, result.reason or result.error)
            else:
                counts["skipped" if result.status == "SKIPPED" else "passed"] += 1
        for verdict, count in counts.items():
            stats.set_value(f"archiver/monitors/{verdict}", count)
        self.remember_run(_stats(self))

    def remember_run(self, stats: dict[str, Any]) -> None:
        path = history_path(self.data.spider)
        enough = int(stats.get("item_scraped_count", 0)) >= _setting(
            self, "ARCHIVER_MONITOR_MIN_PAGES"
        )
        if path is None or stats.get("finish_reason") != "finished" or not enough:
            return
        entry = {
            "run_id": stats.get("archiver/run_id"),
            "records": int(stats.get("item_scraped_count", 0)),
            "fill": fill_rates(stats),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as history:
            history.write(json.dumps(entry, sort_keys=True) + "\n")


class EndOfRun(MonitorSuite):
    """The suite named in SPIDERMON_SPIDER_CLOSE_MONITORS."""

    monitors = [Records, Ratios, FillRates]
    monitors_finished_actions = [RecordVerdicts]
