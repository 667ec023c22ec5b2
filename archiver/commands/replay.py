"""``archiver replay PATH... -o OUT.jsonl``: recorded pages through the crawl's own spider."""

from __future__ import annotations

import argparse
import sys

from archiver.commands.crawling import (
    add_scrapy_options,
    project_settings,
    report,
    run_spider,
)
from archiver.commands.filters import add_filter_options, filter_settings
from archiver.commands.output import AtomicOutput, OutputError
from archiver.ledger import LEDGER_FILE
from archiver.transport.sources import shared_index

NOT_FOUND = ("missing_source", "unknown_source")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "replay",
        help="replay recorded pages (fixture folders, WARC files) into a JSON Lines dataset",
        description="Replay recorded pages through the news spider and its pipelines, "
        "offline. A PATH is a folder searched at any depth for fixture folders "
        "(body.html + info.json), or a WARC file (.warc or .warc.gz, any tool's; a glob "
        "such as 'crawl/*.warc.gz' is expanded). Damaged or foreign records are reported "
        "and skipped (one line each in OUT's ledger, OUT.skipped.jsonl). The exit status "
        "is non-zero when a PATH does not exist, nothing could be read, or OUT could not "
        "be written; OUT is replaced only when the run succeeds (it is written beside "
        "it first), so a failed run leaves an existing OUT whole. OUT may end in .gz. "
        "Same as: scrapy crawl news -a replay=PATH,... -O OUT.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="fixture folders and WARC files")
    p.add_argument("-o", "--output", required=True, help="the JSON Lines file to write (replaced)")
    add_filter_options(p)
    add_scrapy_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Inputs first: a mistyped PATH must not cost the user an existing OUT.
    index = shared_index(tuple(args.paths))
    missing = [p.message for p in index.problems if p.reason in NOT_FOUND]
    if missing:
        print(f"replay: not started: {'; '.join(missing)}", file=sys.stderr)
        return 2
    if not index.entries and not index.problems:
        print(
            "replay: not started: nothing could be read from " + ", ".join(args.paths),
            file=sys.stderr,
        )
        return 1
    try:
        output = AtomicOutput.prepare(args.output)
    except OutputError as exc:
        print(f"replay: not started: {exc}", file=sys.stderr)
        return 1
    for path in output.leftovers:
        print(f"replay: removed {path}, left by a killed run", file=sys.stderr)
    settings = project_settings(args, filter_settings(args))
    output.configure(settings)
    try:
        result = run_spider(settings, "news", args, replay=",".join(args.paths))
    except BaseException:
        output.abort()
        raise
    ok = result.ok and bool(result.count("archiver/replay/entries"))
    if ok:
        output.commit()
        result.stats[LEDGER_FILE] = str(output.final_ledger)
    else:
        output.abort()
    report(result, "replay")
    if not result.count("archiver/replay/entries"):
        print("replay: nothing could be read from " + ", ".join(args.paths), file=sys.stderr)
    if not ok:
        print(f"replay: {output.final} left as it was", file=sys.stderr)
        return 1
    return 0
