"""``archiver``: one console script, one module per command in ``archiver/commands/``."""

from __future__ import annotations

import argparse
import importlib
import sys
from importlib.metadata import version

from archiver import __version__

# Each module defines ``add_parser(subparsers)``; the parser it adds sets ``func``. Building
# the parser imports every command module, so they import extraction (trafilatura,
# dateparser, the language model), pyarrow and Scrapy's crawler inside the functions that
# use them: ``archiver --help`` costs what ``scrapy version`` does (bench/cli_startup.py).
COMMANDS = [
    "archiver.commands.crawl",
    "archiver.commands.seed",
    "archiver.commands.merge",
    "archiver.commands.replay",
    "archiver.commands.extract",
    "archiver.commands.dates",
    "archiver.commands.evaluate",
    "archiver.commands.record",
    "archiver.commands.validate",
    "archiver.commands.export",
    "archiver.commands.report",
    "archiver.commands.commoncrawl",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archiver",
        description="Archive news articles as clean, dated JSON Lines.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"archiver {__version__} (Scrapy {version('scrapy')}, "
        f"trafilatura {version('trafilatura')}, Python {sys.version.split()[0]})",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
