"""``archiver dates PAGE.html --url URL --fetched-at ISO8601``: every date signal and the verdict.

For people debugging a site: which signals the page carries, which were set aside and why,
and which rule decided the published and modified dates.
"""

from __future__ import annotations

import argparse
import calendar
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archiver.extract.article import DateValue
    from archiver.extract.dates import Signal


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "dates",
        help="show the date signals of one saved page and how they resolve",
        description="List every date signal of a page, the rejected ones with their reason, "
        "and the resolved publication and modification dates.",
    )
    p.add_argument("page", type=Path, help="the saved HTML file")
    p.add_argument("--url", required=True, help="the URL the page was fetched from")
    p.add_argument(
        "--fetched-at", required=True, help="ISO 8601 capture time relative dates resolve against"
    )
    p.add_argument("--language", help="the page language (default: what the page declares)")
    p.set_defaults(func=run)


def describe(s: Signal) -> str:
    if s.parsed is not None:
        found = f"{s.parsed.value.isoformat()} ({s.parsed.precision})"
    elif s.yearless is not None:
        wd = "" if s.yearless.weekday is None else f", a {calendar.day_name[s.yearless.weekday]}"
        found = f"--{s.yearless.month:02d}-{s.yearless.day:02d} (no year{wd})"
    else:
        found = f"between {s.earliest or '...'} and {s.latest or '...'}"
    raw = " ".join(s.raw.split())
    return f"[{s.role}] {s.source} tier {s.tier}: {raw!r} -> {found}"


def _show(label: str, value: DateValue) -> None:
    print(f"{label}:")
    for field in ("value", "precision", "source", "raw", "earliest", "latest"):
        print(f"  {field:<10} {getattr(value, field)}")


def run(args: argparse.Namespace) -> int:
    # Imported here: see archiver.cli.
    from archiver.extract import structured
    from archiver.extract.dates import analyse
    from archiver.extract.errors import ExtractionError
    from archiver.extract.fetched import parse_fetched_at
    from archiver.extract.language import declared
    from archiver.extract.parse import parse_page

    try:
        moment = parse_fetched_at(args.fetched_at)
        tree = parse_page(args.page.read_bytes())
    except (OSError, ValueError, ExtractionError) as exc:
        print(f"archiver dates: {args.page}: {exc}", file=sys.stderr)
        return 2
    data = structured.collect(tree)
    lang = args.language or declared(data)
    result = analyse(tree, args.url, moment, lang, data)
    print(f"page {args.page}  url {args.url}")
    print(f"fetched_at {moment.isoformat()}  language {lang}")
    kept = [s for s in result.signals if not s.rejected]
    rejected = [s for s in result.signals if s.rejected]
    print(f"signals ({len(kept)}):")
    for s in kept:
        print(f"  {describe(s)}")
    print(f"rejected ({len(rejected)}):")
    for s in rejected:
        print(f"  {describe(s)}\n      because {s.rejected}")
    print("rules applied:")
    for note in result.notes or ["(none: the most trusted signal stood)"]:
        print(f"  {note}")
    _show("published", result.published)
    _show("modified", result.modified)
    return 0
