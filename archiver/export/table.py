"""The Arrow schema of a record, derived from ``record.schema.json``, and the table.

Derived rather than written out so that a field added to the JSON Schema reaches every
export; the JSON types map one to one (strings, 64-bit integers, lists of strings), and
the instants (``fetched_at`` and the ``*_utc`` columns) become timestamps in UTC. The
local date values (``date_published``: a day, or a time with the page's offset) and every
``_raw`` text stay strings: they are not one type, and Arrow must not guess one.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pyarrow as pa

from archiver import __version__
from archiver.schema import record_schema

TIMESTAMP = pa.timestamp("us", tz="UTC")
TIMESTAMP_FIELDS = ("fetched_at", "date_published_utc", "date_modified_utc")
_SCALARS = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64()}
_SCALARS["boolean"] = pa.bool_()


def _json_types(spec: dict[str, Any]) -> list[str]:
    kinds = spec.get("type")
    if kinds is None and "enum" in spec:
        kinds = sorted({type(v).__name__ for v in spec["enum"] if v is not None})
        kinds = ["string" if k == "str" else k for k in kinds]
    if isinstance(kinds, str):
        kinds = [kinds]
    return [k for k in kinds or [] if k != "null"]


def arrow_type(name: str, spec: dict[str, Any]) -> pa.DataType:
    """One column's type; anything without a single plain type is kept as JSON text."""
    if name in TIMESTAMP_FIELDS:
        return TIMESTAMP
    kinds = _json_types(spec)
    if kinds == ["array"]:
        item_kinds = _json_types(spec.get("items", {}))
        if len(item_kinds) == 1 and item_kinds[0] in _SCALARS:
            return pa.list_(_SCALARS[item_kinds[0]])
        return pa.list_(pa.string())  # objects in a list: one JSON text each
    if len(kinds) == 1 and kinds[0] in _SCALARS:
        return _SCALARS[kinds[0]]
    return pa.string()


def arrow_schema() -> pa.Schema:
    """The export's schema: every property of the record schema, in its order."""
    fields = []
    for name, spec in record_schema()["properties"].items():
        description = str(spec.get("description", ""))
        fields.append(pa.field(name, arrow_type(name, spec), metadata={"description": description}))
    return pa.schema(fields, metadata={"producer": f"archiver/{__version__}"})


def _cell(value: Any, kind: pa.DataType) -> Any:
    if value is None:
        return None
    if kind == TIMESTAMP:
        moment = datetime.fromisoformat(str(value))
        return moment if moment.tzinfo else None  # no zone: the instant is unknown
    if pa.types.is_list(kind):
        items = value if isinstance(value, list) else [value]
        if pa.types.is_string(kind.value_type):
            return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in items]
        return items
    if pa.types.is_string(kind) and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


def record_table(records: list[dict[str, Any]]) -> pa.Table:
    """The records as one Arrow table of the export schema; fields a record lacks are null."""
    schema = arrow_schema()
    columns = {
        field.name: [_cell(r.get(field.name), field.type) for r in records] for field in schema
    }
    return pa.Table.from_pydict(columns, schema=schema)
