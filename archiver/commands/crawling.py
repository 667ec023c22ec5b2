"""What every crawl-running command shares: Scrapy's ``-s``/``-a``/``-L`` options and the run.

The options mirror ``scrapy crawl`` so that users move between the two without surprises.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.settings import Settings
from scrapy.utils.conf import arglist_to_dict, feed_process_params_from_cli
from scrapy.utils.project import get_project_settings

from archiver.incremental.feedstorage import WRITE_FAILED
from archiver.ledger import LEDGER_FILE, LINES, REASON, RECORDS, SEEN
from archiver.startup import NotStarted

if TYPE_CHECKING:
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


def add_scrapy_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Scrapy options (as in scrapy crawl)")
    group.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set/override a Scrapy or archiver setting (may be repeated)",
    )
    group.add_argument(
        "-a",
        dest="spargs",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a spider argument (may be repeated)",
    )
    group.add_argument("-L", "--loglevel", metavar="LEVEL", help="log level (default: INFO)")
    group.add_argument("--logfile", metavar="FILE", help="log to FILE instead of stderr")


@dataclass
class CrawlResult:
    stats: dict[str, Any]
    not_started: NotStarted | None = None  # why the crawl could not start (no stats then)

    @property
    def finish_reason(self) -> str | None:
        return self.stats.get("finish_reason")

    @property
    def ok(self) -> bool:
        """Finished, or stopped by a limit the user set (CLOSESPIDER_*), and no end-of-run
        monitor failed (archiver.monitors logs which and why)."""
        reason = self.finish_reason or ""
        if self.stats.get(WRITE_FAILED):
            return False
        finished = reason == "finished" or reason.startswith("closespider_")
        return finished and not self.count("archiver/monitors/failed")

    def count(self, key: str) -> int:
        return int(self.stats.get(key, 0))


def project_settings(args: argparse.Namespace, overrides: dict[str, Any]) -> Settings:
    """Project defaults, then the command's own overrides, then the user's ``-s`` values."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="project")
    try:
        settings.setdict(arglist_to_dict(args.set), priority="cmdline")
    except ValueError:
        raise SystemExit("archiver: invalid -s value, use -s NAME=VALUE") from None
    if args.loglevel:
        settings.set("LOG_LEVEL", args.loglevel, priority="cmdline")
    if args.logfile:
        settings.set("LOG_FILE", args.logfile, priority="cmdline")
    return settings


def add_output(settings: Settings, output: str, overwrite: bool = True) -> None:
    """The FEEDS entry ``scrapy crawl -O FILE`` (or ``-o``) would make; format from the suffix."""
    if overwrite:
        feeds = feed_process_params_from_cli(settings, [], overwrite_output=[output])
    else:
        feeds = feed_process_params_from_cli(settings, [output])
    settings.set("FEEDS", feeds, priority="cmdline")


def run_spider(
    settings: Settings,
    spider: str,
    args: argparse.Namespace,
    log_not_started: bool = True,
    **spargs: Any,
) -> CrawlResult:
    """Run one crawl. A crawl that cannot start (archiver.startup) is logged in one line,
    or, with ``log_not_started=False``, left to the caller to report."""
    try:
        spider_args = {**spargs, **arglist_to_dict(args.spargs)}
    except ValueError:
        raise SystemExit("archiver: invalid -a value, use -a NAME=VALUE") from None
    from scrapy.crawler import CrawlerProcess  # see archiver.cli

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    result = CrawlResult(stats={})

    def not_started(failure: Failure) -> Failure | None:
        if not isinstance(failure.value, NotStarted):
            return failure  # Scrapy's own report, with the traceback
        result.not_started = failure.value
        if log_not_started:
            logger.error("not started: %s", failure.value)
        return None

    process.crawl(crawler, **spider_args).addErrback(not_started)
    process.start()
    if result.not_started is None and crawler.stats is not None:
        result.stats = crawler.stats.get_stats()
    return result


def by_reason(result: CrawlResult, prefix: str) -> dict[str, int]:
    """Stats under ``prefix`` (``archiver/skipped/``, ``archiver/failed/``) by reason."""
    return {k[len(prefix) :]: int(v) for k, v in result.stats.items() if k.startswith(prefix)}


def tally(counts: dict[str, int], what: str) -> str:
    """'5 skipped (binary=1, not_html=4)': the total, then each reason."""
    detail = ", ".join(f"{reason}={n}" for reason, n in sorted(counts.items()))
    return f"{sum(counts.values())} {what}{f' ({detail})' if detail else ''}"


def skipped(result: CrawlResult) -> dict[str, int]:
    """The ledger's lines by reason (archiver.ledger): every page that gave no record."""
    return by_reason(result, REASON)


def report(result: CrawlResult, what: str) -> None:
    """The lines a person (or a cron mail) reads: records and skips by reason, outcome,
    and the accounting: pages seen = records written + ledger lines."""
    print(
        f"{what}: {result.count(RECORDS)} records written, "
        f"{tally(skipped(result), 'skipped')}, finish reason {result.finish_reason}",
        file=sys.stderr,
    )
    print(accounting(result, what), file=sys.stderr)
    if failed := result.stats.get(WRITE_FAILED):
        print(f"{what}: failed: {failed}", file=sys.stderr)


def accounting(result: CrawlResult, what: str) -> str:
    where = result.stats.get(LEDGER_FILE)
    return (
        f"{what}: {result.count(SEEN)} pages seen = {result.count(RECORDS)} records + "
        f"{result.count(LINES)} ledger lines{f' in {where}' if where else ''}"
    )
