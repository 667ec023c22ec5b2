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


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with open_text(path) as lines:
        yield from enumerate(lines, 1)


def read_datasets(paths: Iterable[Path]) -> Read:
    """Every record of every file; a line that is not a JSON object is logged and counted
    (a crawl killed mid-line leaves one), never a reason to stop."""
    read = Read()
    for path in paths:
        read.files += 1
        for number, line in _lines(path):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                record, error = None, str(exc)
            else:
                error = "not a JSON object"
            if not isinstance(record, dict) or "url" not in record:
                read.damaged += 1
                logger.warning("%s:%d: skipped, %s", path, number, error)
                continue
            read.records.append(record)
    return read
