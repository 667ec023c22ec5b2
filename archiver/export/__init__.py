"""Datasets for other tools: Parquet, gzipped JSON Lines and CSV with one type per column.

``read_datasets`` reads the JSON Lines a crawl or a replay wrote (plain or gzipped),
``latest_versions`` keeps the newest record of each URL, ``record_table`` builds the Arrow
table with the explicit schema of ``arrow_schema``, and ``write`` writes one of the
formats without leaving a half-written file behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archiver.export.read import Read, read_datasets
from archiver.export.versions import latest_versions
from archiver.export.write import FORMATS, write

if TYPE_CHECKING:
    from archiver.export.table import TIMESTAMP_FIELDS, arrow_schema, record_table

_ARROW = ("TIMESTAMP_FIELDS", "arrow_schema", "record_table")

__all__ = [
    "FORMATS",
    "TIMESTAMP_FIELDS",
    "Read",
    "arrow_schema",
    "latest_versions",
    "read_datasets",
    "record_table",
    "write",
]


def __getattr__(name: str) -> Any:
    """The Arrow names on first use: importing pyarrow costs a tenth of a second."""
    if name in _ARROW:
        from archiver.export import table

        return getattr(table, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
