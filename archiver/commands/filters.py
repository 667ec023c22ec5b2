"""The filter options every source command can offer, as settings for FilterPipeline."""

from __future__ import annotations

import argparse
from typing import Any

from archiver.pipelines.filters import normalize_host, parse_day


def _day(text: str) -> str:
    try:
        parse_day(text)
    except (ValueError, IndexError):
        message = f"not a date: {text!r} (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise argparse.ArgumentTypeError(message) from None
    return text


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (filtered pages are counted in the ledger)")
    group.add_argument(
        "--site",
        dest="filter_sites",  # not "site": crawl's positional SITE has that name
        action="append",
        default=[],
        metavar="HOST",
        help="keep pages of this host and its subdomains, any port (may be repeated)",
    )
    group.add_argument(
        "--since", type=_day, metavar="DATE", help="keep pages published on or after DATE"
    )
    group.add_argument(
        "--until", type=_day, metavar="DATE", help="keep pages published on or before DATE"
    )
    group.add_argument(
        "--language",
        action="append",
        default=[],
        metavar="xx",
        help="keep pages in this language, an ISO 639-1 code (may be repeated)",
    )
    group.add_argument(
        "--keep-undated",
        action="store_true",
        help="with --since/--until: keep pages with no publication date (default: skip "
        "them as no_date)",
    )


def filter_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The ARCHIVER_FILTER_* settings the options ask for (only those given)."""
    settings: dict[str, Any] = {}
    if args.filter_sites:
        sites = [normalize_host(s) for s in args.filter_sites]
        if not all(sites):
            raise SystemExit(f"archiver: --site needs a host name, got {args.filter_sites}")
        settings["ARCHIVER_FILTER_SITES"] = sites
    if args.since:
        settings["ARCHIVER_FILTER_SINCE"] = args.since
    if args.until:
        settings["ARCHIVER_FILTER_UNTIL"] = args.until
    if args.language:
        settings["ARCHIVER_FILTER_LANGUAGES"] = [x.lower() for x in args.language]
    if args.keep_undated:
        settings["ARCHIVER_FILTER_KEEP_UNDATED"] = True
    return settings
