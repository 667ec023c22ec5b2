"""``archiver extract PAGE.html --url URL``: one page to one JSON record on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "extract",
        help="extract one saved page and print its record as JSON",
        description="Extract one saved page and print its record as one JSON object.",
    )
    p.add_argument("page", type=Path, help="the saved HTML file")
    p.add_argument("--url", required=True, help="the URL the page was fetched from")
    p.add_argument(
        "--fetched-at",
        help="ISO 8601 capture time that relative dates resolve against "
        "(default: the file's modification time)",
    )
    p.add_argument("--content-type", help="the Content-Type header, if the page had one")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archiver.extract import ExtractionError, extract_article  # see archiver.cli

    try:
        body = args.page.read_bytes()
    except OSError as exc:
        print(f"archiver extract: {exc}", file=sys.stderr)
        return 2
    fetched_at = args.fetched_at or datetime.fromtimestamp(args.page.stat().st_mtime, UTC)
    try:
        article = extract_article(body, args.url, fetched_at, content_type=args.content_type)
    except (ExtractionError, ValueError) as exc:
        print(f"archiver extract: {args.page}: {exc}", file=sys.stderr)
        return 1
    json.dump(article.to_record(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
