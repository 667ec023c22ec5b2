"""``archiver export DATASET.jsonl... --to parquet|jsonl.gz|csv -o OUT``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.export import FORMATS, latest_versions, read_datasets, write
from archiver.export.read import given_datasets


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="convert datasets to Parquet, gzipped JSON Lines or CSV, one type per column",
        description="Read one or more datasets (JSON Lines written by crawl or replay, plain "
        "or gzipped) and write them as one file. Parquet has an explicit schema: lists are "
        "lists, fetched_at and the *_utc dates are timestamps in UTC, every other date and "
        "each *_raw text is a string. CSV has no lists: a list cell holds its JSON text "
        '(["A", "B"]). By default each URL keeps only its newest record (last fetched; '
        "then highest version; then the later file).",
    )
    p.add_argument("datasets", nargs="+", type=Path, metavar="DATASET", help="JSON Lines files")
    p.add_argument("-o", "--output", required=True, type=Path, help="the file to write")
    p.add_argument(
        "--to",
        choices=FORMATS,
        help="output format (default: from the output's suffix: .parquet, .jsonl.gz, .csv)",
    )
    p.add_argument(
        "--all-versions",
        action="store_true",
        help="keep every record, not only the newest of each URL",
    )
    p.set_defaults(func=run)


def output_format(args: argparse.Namespace) -> str | None:
    if args.to:
        return str(args.to)
    name = args.output.name
    return next((f for f in FORMATS if name.endswith(f".{f}")), None)


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    if fmt is None:
        print(f"export: say --to {'|'.join(FORMATS)} for {args.output}", file=sys.stderr)
        return 2
    args.datasets, problem = given_datasets(args.datasets)
    if problem:
        print(f"export: {problem}", file=sys.stderr)
        return 2
    read = read_datasets(args.datasets)
    records = read.records if args.all_versions else latest_versions(read.records)
    write(records, args.output, fmt)
    print(
        f"export: {len(records)} records to {args.output} ({fmt}) from {len(read.records)} "
        f"in {read.files} files, {len(read.records) - len(records)} older versions left out, "
        f"{read.damaged} damaged lines skipped",
        file=sys.stderr,
    )
    return 0
