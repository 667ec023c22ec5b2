"""``archiver commoncrawl news|index``: Common Crawl's records through the news spider."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.commands.crawling import (
    add_output,
    add_scrapy_options,
    project_settings,
    report,
    run_spider,
)
from archiver.commands.filters import add_filter_options, filter_settings
from archiver.commoncrawl.state import state_path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "commoncrawl",
        help="turn Common Crawl records (CC-NEWS, or a crawl's index) into a dataset",
        description="Stream Common Crawl's WARC files (never a full local copy unless "
        "--keep-warc) and extract the wanted pages as a replay would. Records not of a "
        "--site host are passed over on their WARC headers. A re-run with the same -o "
        "resumes: files already read are not read again, records already written are not "
        "written twice (state in OUT's folder: <name>.commoncrawl.sqlite).",
    )
    sub = p.add_subparsers(dest="source", required=True, metavar="SOURCE")
    news = sub.add_parser(
        "news",
        help="the CC-NEWS files of a period",
        description="Read the CC-NEWS files started between --since and --until (from the "
        "published monthly path listings), keeping pages published in that period.",
    )
    index = sub.add_parser(
        "index",
        help="a crawl's records of some sites, found in its CDX index",
        description="Look the --site hosts up in a main crawl's CDX index and fetch only "
        "those records, one range request each.",
    )
    index.add_argument("--crawl", required=True, metavar="CC-MAIN-YYYY-WW", help="the crawl")
    index.add_argument(
        "--url-pattern", metavar="REGEX", help="keep index hits whose URL matches REGEX"
    )
    news.add_argument(
        "--paths",
        metavar="LISTING",
        help="a warc.paths(.gz) file naming the files to read, instead of the period's",
    )
    news.add_argument(
        "--keep-warc", metavar="DIR", help="also keep a copy of each file read in DIR"
    )
    for command in (news, index):
        command.add_argument(
            "-o", "--output", required=True, help="the JSON Lines file to write (resumed)"
        )
        command.add_argument(
            "--sites",
            metavar="DIR",
            help="a folder of site profiles, searched before the built-in ones",
        )
        command.add_argument(
            "--restart", action="store_true", help="forget an earlier run of this output"
        )
        add_filter_options(command)
        add_scrapy_options(command)
        command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.source == "news" and not args.paths and not (args.since and args.until):
        raise SystemExit("archiver commoncrawl news: give --since and --until (or --paths)")
    if args.source == "index" and not args.filter_sites:
        raise SystemExit("archiver commoncrawl index: give at least one --site")
    output = Path(args.output)
    state = state_path(output)
    if args.restart:
        state.unlink(missing_ok=True)
    resume = state.exists() and output.exists()
    if output.exists() and not resume and not args.restart:
        # Never overwrite a file this command did not write (no run state beside it).
        raise SystemExit(f"archiver commoncrawl: {output} exists and is no run of this command")
    settings = project_settings(args, filter_settings(args))
    if args.sites:
        settings.set("ARCHIVER_SITES_DIRS", [*settings.getlist("ARCHIVER_SITES_DIRS"), args.sites])
    add_output(settings, str(output), overwrite=not resume)
    spargs = {"source": args.source, "dataset": str(output)}
    if args.source == "index":
        spargs["crawl"] = args.crawl
        if args.url_pattern:
            spargs["url_pattern"] = args.url_pattern
    else:
        if args.paths:
            spargs["paths"] = args.paths
        if args.keep_warc:
            spargs["keep_warc"] = args.keep_warc
    if resume:
        print(f"commoncrawl: resuming the run in {state}", file=sys.stderr)
    result = run_spider(settings, "commoncrawl", args, **spargs)
    report(result, "commoncrawl")
    stat = "archiver/commoncrawl/"
    print(
        f"commoncrawl: {result.count(stat + 'records')} response records read "
        f"({result.stats.get(stat + 'records_per_second', 0)} records/s, "
        f"{result.stats.get(stat + 'mb_per_second', 0)} MB/s), "
        f"{result.count(stat + 'tasks_done')} of {result.count(stat + 'tasks')} "
        f"{'files' if args.source == 'news' else 'records'} done "
        f"({result.count(stat + 'tasks_done_before')} before this run)",
        file=sys.stderr,
    )
    if not result.ok or result.count(stat + "failed_tasks"):
        return 1
    return 0
