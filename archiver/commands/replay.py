"""``archiver replay PATH... -o OUT.jsonl``: recorded pages through the crawl's own spider."""

from __future__ import annotations

import argparse
import sys

from archiver.commands.crawling import (
    add_output,
    add_scrapy_options,
    project_settings,
    report,
    run_spider,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "replay",
        help="replay recorded pages (fixture folders, WARC files) into a JSON Lines dataset",
        description="Replay recorded pages through the news spider and its pipelines, "
        "offline. A PATH is a folder searched at any depth for fixture folders "
        "(body.html + info.json), or a WARC file (.warc or .warc.gz, any tool's; a glob "
        "such as 'crawl/*.warc.gz' is expanded). Damaged or foreign records are reported "
        "and skipped; the exit status is non-zero only if nothing could be read. "
        "Same as: scrapy crawl news -a replay=PATH,... -O OUT.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="fixture folders and WARC files")
    p.add_argument(
        "-o", "--output", required=True, help="the JSON Lines file to write (overwritten)"
    )
    add_scrapy_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = project_settings(args, {})
    add_output(settings, args.output)
    result = run_spider(settings, "news", args, replay=",".join(args.paths))
    report(result, "replay")
    if not result.ok:
        return 1
    if not result.count("archiver/replay/entries"):
        print("replay: nothing could be read from " + ", ".join(args.paths), file=sys.stderr)
        return 1
    return 0
