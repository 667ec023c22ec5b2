"""Reading datasets back: JSON Lines files, plain or gzipped, damaged lines counted."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)


LEDGER_SUFFIX = ".skipped.jsonl"  # a run's skip ledger, beside its dataset


def is_ledger(path: Path) -> bool:
    """A skip ledger rather than a dataset: a glob such as ``output/site/*.jsonl`` picks
    both, and a ledger's lines (url, reason) must not pass for records."""
    return path.name.removesuffix(".gz").endswith(LEDGER_SUFFIX)


def given_datasets(paths: list[Path]) -> tuple[list[Path], str | None]:
    """The datasets among command-line paths (a glob's ledgers left out), and what is
    wrong with them for a command to print, if anything."""
    datasets = [p for p in paths if not is_ledger(p)]
    if not datasets:
        return datasets, "no dataset given (only skip ledgers)"
    missing = [str(p) for p in datasets if not p.is_file()]
    if missing:
        return datasets, f"no such file: {', '.join(missing)}"
    return datasets, None


def open_text(path: Path) -> IO[str]:
    """A dataset file for reading; gzip is recognised by its magic bytes, not its name."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


@dataclass
class Read:
    """What reading found: the records in input order and the lines that were not records."""

    records: list[dict[str, Any]] = field(default_factory=list)
    damaged: int = 0
    files: int = 0


def read_lines(path: Path, damaged: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON Lines file; a line that is not one is logged and noted in
    ``damaged`` (a run killed mid-line leaves one), never a reason to stop."""
    with open_text(path) as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                value, error = None, str(exc)
            else:
                error = "not a JSON object"
            if isinstance(value, dict):
                yield value
                continue
            message = f"{path}:{number}: skipped, {error}"
            logger.warning("%s", message)
            if damaged is not None:
                damaged.append(message)


def read_datasets(paths: Iterable[Path]) -> Read:
    """Every record of every file, in order; objects without a ``url`` count as damaged."""
    read = Read()
    damaged: list[str] = []
    for path in paths:
        read.files += 1
        for record in read_lines(path, damaged):
            if "url" in record:
                read.records.append(record)
            else:
                damaged.append(f"{path}: a line without url")
    read.damaged = len(damaged)
    return read
