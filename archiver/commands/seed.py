"""``archiver seed SITE|URL --redis URL``: start a distributed run of a site.

The previous run of the site is finished (its done URLs and claims dropped), a new run id
is made, the queue is emptied and the site's start points are pushed once, so that the
workers (``archiver crawl SITE --redis URL``) do not each push them again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.commands.crawling import project_settings


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "seed",
        help="start a distributed run of a site: push its start points to Redis once",
        description="Start a new run of a site in Redis and push its start points (robots.txt "
        "sitemaps, sitemaps, feeds, start pages) to the shared queue; then start workers with "
        "archiver crawl SITE --redis URL on any number of machines. Exit status: 0 seeded, "
        "2 bad arguments or profile, 69 Redis unreachable, 75 workers of the previous run "
        "still hold the site.",
    )
    p.add_argument("site", metavar="URL|SITE", help="a site profile name or a start URL")
    p.add_argument("--redis", metavar="URL", required=True, help="redis://HOST:PORT/DB")
    p.add_argument(
        "--sites",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of site profiles (*.toml), searched before the built-in ones",
    )
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                   help="set/override a setting (may be repeated)")  # fmt: skip
    p.add_argument("-L", "--loglevel", help=argparse.SUPPRESS)
    p.add_argument("--logfile", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


EX_UNAVAILABLE = 69  # sysexits.h: a service is unavailable
EX_TEMPFAIL = 75


def run(args: argparse.Namespace) -> int:
    from scrapy.crawler import Crawler  # see archiver.cli

    from archiver.distributed.frontier import push_start_points
    from archiver.distributed.keys import Keys, RedisUnreachable, connect
    from archiver.distributed.state import RedisLock, RedisState
    from archiver.spiders.news import NewsSpider
    from archiver.startup import NotStarted
    from archiver.stores import SiteLocked

    overrides: dict[str, object] = {"ARCHIVER_REDIS_URL": args.redis}
    if args.sites:
        overrides["ARCHIVER_SITES_DIRS"] = args.sites
    settings = project_settings(args, overrides)
    try:
        client = connect(args.redis)
    except RedisUnreachable as exc:
        print(f"seed: {exc}", file=sys.stderr)
        return EX_UNAVAILABLE
    crawler = Crawler(NewsSpider, settings)
    try:
        spider = NewsSpider.from_crawler(crawler, site=args.site)
    except NotStarted as exc:
        print(f"seed: {exc}", file=sys.stderr)
        return 2
    assert spider.profile is not None
    site, keys = spider.profile.name, Keys.of(settings)
    state = RedisState(client, keys)
    run_id = state.new_run_id(site)
    ttl = settings.getfloat("ARCHIVER_REDIS_LOCK_TTL")
    lock = RedisLock(client, keys, site, run_id, "seed", ttl)
    try:
        lock.acquire()  # no worker of an earlier run may still be crawling the site
    except SiteLocked as exc:
        print(f"seed {site}: {exc}", file=sys.stderr)
        return EX_TEMPFAIL
    try:
        for earlier in state.unfinished_runs(site):
            state.finish_run(earlier.run_id)
            client.delete(keys.dupefilter(site, earlier.run_id))
        state.start_run(run_id, site, Path(site) / f"{run_id}.*.jsonl")  # one file a worker
        client.delete(keys.queue(site))
        pushed = push_start_points(client, keys, site, run_id, spider)
        client.set(keys.current_run(site), run_id)
    finally:
        lock.release()
    queue = keys.queue(site)
    print(f"seed {site}: run {run_id}, {pushed} start points in {queue}", file=sys.stderr)
    return 0
