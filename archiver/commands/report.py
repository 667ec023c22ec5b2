"""``archiver report DATASET.jsonl... -o report.html``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.export.read import given_datasets
from archiver.export.write import replacing
from archiver.report import build


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report",
        help="write one self-contained HTML page of charts about datasets",
        description="Write one HTML page (charts as inline SVG; opens offline) about one or "
        "more datasets: articles per publication day and per site, languages, date "
        "precision and sources, text lengths, field fill rates per site, and the ten most "
        "frequent skip reasons from the ledger beside each dataset (<dataset>.skipped.jsonl).",
    )
    p.add_argument("datasets", nargs="+", type=Path, metavar="DATASET", help="JSON Lines files")
    p.add_argument("-o", "--output", required=True, type=Path, help="the HTML file to write")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    args.datasets, problem = given_datasets(args.datasets)
    if problem:
        print(f"report: {problem}", file=sys.stderr)
        return 2
    page, figures = build(args.datasets)
    with replacing(args.output) as temporary:
        temporary.write_text(page, encoding="utf-8")
    print(
        f"report: {args.output}: {figures.urls} articles, {figures.skipped} skipped pages, "
        f"{figures.damaged} damaged lines",
        file=sys.stderr,
    )
    return 0
