"""``archiver eval KIND CORPUS``: score the extraction core against a ground-truth corpus."""

from __future__ import annotations

import argparse
import importlib

# Each module defines ``add_arguments(parser)`` and ``run(args) -> int``.
KINDS: dict[str, str] = {
    "dates": "archiver.evaluate.dates",
    "extraction": "archiver.evaluate.extraction",
    "metadata": "archiver.evaluate.metadata",
    "snippets": "archiver.evaluate.snippets",
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "eval",
        help="score extraction against a ground-truth corpus",
        description="Score the extraction core against a corpus folder with ground truth.",
    )
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, module_name in KINDS.items():
        module = importlib.import_module(module_name)
        sub = kinds.add_parser(kind, help=(module.__doc__ or kind).strip().splitlines()[0])
        module.add_arguments(sub)
        sub.set_defaults(func=module.run)
