"""Writing an export: Parquet, gzipped JSON Lines or CSV, all or nothing.

Every format is written to a temporary file beside the target and renamed over it when
complete, so an interrupted export never leaves a truncated dataset under the real name.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

# pyarrow and the Arrow schema are imported by the writers that use them: ``replacing``
# and ``FORMATS`` serve commands that never write Arrow (see archiver.cli).
FORMATS = ("parquet", "jsonl.gz", "csv")


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path in the target's folder, renamed to the target on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Named by the process, created by the writer: the file gets the user's umask, as the
    # target would (tempfile's files are private to the owner).
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_parquet(records: list[dict[str, Any]], path: Path) -> None:
    import pyarrow.parquet as pq

    from archiver.export.table import record_table

    pq.write_table(record_table(records), path, compression="zstd")


def write_jsonl_gz(records: list[dict[str, Any]], path: Path) -> None:
    """The records as JSON again, every line with every field of the schema in its order,
    so that readers which infer columns from the first lines see all of them."""
    from archiver.export.table import arrow_schema

    names = arrow_schema().names
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for record in records:
            line = {name: record.get(name) for name in names}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _csv_cell(value: Any) -> Any:
    """CSV has no lists: a list is written as its JSON text (``["A", "B"]``); an instant as
    RFC 3339 in UTC; null as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


def write_csv(records: list[dict[str, Any]], path: Path) -> None:
    # The csv module does the quoting of text with commas, quotes and newlines; the rows
    # come from the Arrow table, so CSV cells hold the same converted values as Parquet.
    from archiver.export.table import record_table

    table: pa.Table = record_table(records)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(table.column_names)
        for row in table.to_pylist():
            writer.writerow([_csv_cell(v) for v in row.values()])


WRITERS: dict[str, Callable[[list[dict[str, Any]], Path], None]] = {
    "parquet": write_parquet,
    "jsonl.gz": write_jsonl_gz,
    "csv": write_csv,
}


def write(records: list[dict[str, Any]], path: Path, fmt: str) -> None:
    with replacing(path) as temporary:
        WRITERS[fmt](records, temporary)
