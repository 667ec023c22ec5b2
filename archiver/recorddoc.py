"""``docs/record.md``, generated from ``record.schema.json`` so the two cannot drift.

    python -m archiver.recorddoc > docs/record.md

A test compares the file with this output; after a schema change, run the line above.
"""

from __future__ import annotations

import sys
from typing import Any

from archiver.export.table import arrow_type
from archiver.schema import record_schema

HEADER = """\
# The record

<!-- Generated from archiver/record.schema.json by `python -m archiver.recorddoc > docs/record.md`;
do not edit by hand (a test fails when the two differ). -->

One JSON object a line, UTF-8, one article each. Every line a crawl or a replay writes is
validated against the JSON Schema in `archiver/record.schema.json`; a record that fails is
repaired or skipped with its reason, never written invalid.

## Dates

Each date comes as a group of fields: the local value as the page gave it
(`date_published`: a day `2015-11-17`, or a time with the page's own offset
`2019-11-18T20:58:46-08:00`, or a wall-clock time without one when the page named no
zone), the text it was read from (`_raw`), how much of it the page gave (`_precision`),
which signal won (`_source`), bounds when only a range is known (`_earliest`,
`_latest`), and **the UTC instant** (`_utc`).

The rule for `date_published_utc` and `date_modified_utc`: when the value has a time and
an offset, its instant in UTC, RFC 3339 with `Z` (`2019-11-19T04:58:46Z`); otherwise
null: a day, a month or a year only, or a time the page gave no zone for. No zone is
ever assumed, so a non-null instant is one the page stated. Use the `_utc` columns to
sort or compare across sites; use the local value to show the date as the site did.

`archiver export` writes the `_utc` columns and `fetched_at` as Arrow timestamps in UTC;
every other date and every `_raw` stays a string (see the README's *Export* section).

## Fields

| field | JSON type | required | Parquet type (export) | description |
|---|---|---|---|---|
"""


def _type(spec: dict[str, Any]) -> str:
    kinds = spec.get("type")
    if kinds is None and "enum" in spec:
        values = " \\| ".join("null" if v is None else f"`{v}`" for v in spec["enum"])
        return f"one of {values}"
    kinds = kinds if isinstance(kinds, list) else [kinds]
    text = " or ".join(str(k) for k in kinds)
    if "array" in kinds:
        items = spec.get("items", {}).get("type", "any")
        text = text.replace("array", f"list of {items}")
    if "enum" in spec:
        values = ", ".join(f"`{v}`" for v in spec["enum"] if v is not None)
        text += f": {values}"
    return text


def render() -> str:
    schema = record_schema()
    required = set(schema.get("required", []))
    rows = []
    for name, spec in schema["properties"].items():
        description = str(spec.get("description", "")).replace("|", "\\|")
        if "pattern" in spec and not description:
            description = f"matches `{spec['pattern']}`"
        arrow = arrow_type(name, spec)
        rows.append(
            f"| `{name}` | {_type(spec)} | {'yes' if name in required else ''} | `{arrow}` | "
            f"{description} |"
        )
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
