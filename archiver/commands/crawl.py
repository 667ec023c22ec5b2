"""``archiver crawl URL|SITE``: one live, incremental crawl of a site, safe to run from cron.

Same as ``scrapy crawl news -a site=SITE -s ARCHIVER_OUTPUT_DIR=DIR``; this command adds
what a scheduler needs around it: a clear message and exit 75 when a previous run of
the site still holds its lock, one summary line, and an exit
status that says whether the crawl worked.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from archiver.commands.crawling import (
    CrawlResult,
    accounting,
    add_scrapy_options,
    by_reason,
    project_settings,
    run_spider,
    skipped,
    tally,
)
from archiver.commands.filters import add_filter_options, filter_settings
from archiver.distributed import WORKER, RedisUnreachable
from archiver.incremental.feedstorage import WRITE_FAILED
from archiver.incremental.run import clear_jobdir
from archiver.ledger import RECORDS
from archiver.sites import ProfileError, find_profile
from archiver.stores import SiteLocked

EX_UNAVAILABLE = 69  # sysexits.h: a service is unavailable (Redis, for a distributed crawl)
EX_TEMPFAIL = 75  # sysexits.h: try again later (another run of this site holds the lock)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "crawl",
        help="crawl a site live, writing only new or changed articles",
        description="Crawl one site live: a profile name (archiver/sites/*.toml or --sites "
        "DIR) or a URL (default profile: robots.txt sitemaps, feeds in the page head, "
        "links within the site). Records go to OUTPUT_DIR/SITE/RUN-ID.jsonl as they are "
        "made; OUTPUT_DIR/state.sqlite remembers what earlier runs wrote, so a re-run "
        "writes only new articles and changed content (version 2, 3, ...). Exit status: 0 "
        "done, 1 crawl failed, 2 bad arguments or profile, 69 Redis unreachable (--redis), "
        "75 another run of the site is still going. Same as: scrapy crawl news -a site=SITE.",
    )
    p.add_argument("site", metavar="URL|SITE", help="a site profile name or a start URL")
    p.add_argument(
        "--output-dir",
        metavar="DIR",
        help="where datasets and the state file go (default: output/)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue the site's last run if it was stopped or killed (else start a new one)",
    )
    p.add_argument(
        "--sites",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of site profiles (*.toml), searched before the built-in ones",
    )
    p.add_argument(
        "--redis",
        metavar="URL",
        help="run as one worker of the site's run in Redis (redis://HOST:PORT/DB), started "
        "with archiver seed; records go to OUTPUT_DIR/SITE/RUN-ID.WORKER-ID.jsonl "
        "(docs/distributed.md)",
    )
    p.add_argument(
        "--worker-id",
        metavar="ID",
        help="with --redis: the name in this worker's file names (default HOSTNAME-PID); "
        "give a killed worker's id with --resume to settle what it left",
    )
    add_filter_options(p)
    add_scrapy_options(p)
    p.set_defaults(func=run)


def summary(result: CrawlResult, site: str) -> str:
    """The line a cron mail shows: what was written, what was known already, what not."""
    count = result.count
    unchanged = sum(
        count(f"archiver/incremental/{k}")
        for k in ("unchanged", "unchanged_lastmod", "not_modified")
    )
    # Unchanged pages are ledger lines too (reason "unchanged"); shown once, here.
    others = {k: v for k, v in skipped(result).items() if k != "unchanged"}
    return (
        f"crawl {site}: {count(RECORDS)} records written "
        f"({count('archiver/incremental/new')} new, {count('archiver/incremental/changed')} "
        f"changed), {unchanged} unchanged, {tally(others, 'skipped')}, "
        f"finish reason {result.finish_reason}"
    )


def run(args: argparse.Namespace) -> int:
    overrides: dict[str, object] = dict(filter_settings(args))
    if args.output_dir:
        overrides["ARCHIVER_OUTPUT_DIR"] = args.output_dir
    if args.resume:
        overrides["ARCHIVER_RESUME"] = True
    if args.sites:
        overrides["ARCHIVER_SITES_DIRS"] = args.sites
    if args.redis:
        overrides["ARCHIVER_REDIS_URL"] = args.redis
    if args.worker_id:
        overrides["ARCHIVER_WORKER_ID"] = args.worker_id
    settings = project_settings(args, overrides)
    try:
        profile = find_profile(args.site, settings.getlist("ARCHIVER_SITES_DIRS"))
    except ProfileError as exc:
        print(f"crawl: {exc}", file=sys.stderr)
        return 2
    site_dir = Path(settings["ARCHIVER_OUTPUT_DIR"]) / profile.name
    # The crawl takes the site's lock (ARCHIVER_LOCK_CLASS) as it prepares the run.
    result = run_spider(settings, "news", args, log_not_started=False, site=args.site)
    if result.not_started is not None:
        cause = result.not_started.__cause__
        print(f"crawl {profile.name}: not started: {cause or result.not_started}", file=sys.stderr)
        if isinstance(cause, RedisUnreachable):
            return EX_UNAVAILABLE
        return EX_TEMPFAIL if isinstance(cause, SiteLocked) else 2
    print(summary(result, profile.name), file=sys.stderr)
    print(accounting(result, f"crawl {profile.name}"), file=sys.stderr)
    if failed := result.stats.get(WRITE_FAILED):
        print(f"crawl {profile.name}: failed: {failed}", file=sys.stderr)
    worker = result.stats.get(WORKER)  # a worker of a distributed run
    if run_id := result.stats.get("archiver/run_id"):
        name = f"{run_id}.{worker}.jsonl" if worker else f"{run_id}.jsonl"
        print(f"crawl {profile.name}: records in {site_dir / name}", file=sys.stderr)
    failed = by_reason(result, "archiver/failed/")
    if failed:
        print(f"crawl {profile.name}: {tally(failed, 'failed')}", file=sys.stderr)
    if not result.ok:
        return 1
    # A worker may fetch none of the start points: another worker of the run did.
    if not worker and not result.count("archiver/discovery/start_points_ok"):
        print(f"crawl {profile.name}: no start point could be fetched", file=sys.stderr)
        return 1
    # Finished: nothing left to resume.
    jobdir = Path(settings.get("JOBDIR") or site_dir / ".job")
    clear_jobdir(jobdir)
    with contextlib.suppress(OSError):
        jobdir.rmdir()  # only if empty
    return 0
