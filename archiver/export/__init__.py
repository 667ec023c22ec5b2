"""Datasets for other tools: Parquet, gzipped JSON Lines and CSV with one type per column.

``read_datasets`` reads the JSON Lines a crawl or a replay wrote (plain or gzipped),
``latest_versions`` keeps the newest record of each URL, ``record_table`` builds the Arrow
table with the explicit schema of ``arrow_schema``, and ``write`` writes one of the
formats without leaving a half-written file behind.
"""

from __future__ import annotations

from archiver.export.read import Read, read_datasets
from archiver.export.table import TIMESTAMP_FIELDS, arrow_schema, record_table
from archiver.export.versions import latest_versions
from archiver.export.write import FORMATS, write

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
