"""docs/record.md is generated from the record's JSON Schema and must match it."""

from __future__ import annotations

from archiver.recorddoc import render
from archiver.schema import record_schema
from tests.conftest import ROOT


def test_record_doc_matches_the_schema() -> None:
    written = (ROOT / "docs" / "record.md").read_text("utf-8")
    assert written == render(), (
        "docs/record.md is out of date: python -m archiver.recorddoc > docs/record.md"
    )


def test_every_field_has_a_row() -> None:
    rows = [line for line in render().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(record_schema()["properties"])
    utc = next(row for row in rows if row.startswith("| `date_published_utc`"))
    assert "| `timestamp[us, tz=UTC]` |" in utc
