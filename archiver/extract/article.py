"""The Article record: what one page becomes, one JSON line in the dataset.

Field names follow schema.org / Zyte's Article schema where one exists; the JSON Schema in
``archiver/record.schema.json`` is the contract every written line is checked against.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from archiver.extract.utc import utc_instant

DATE_KINDS = ("published", "modified")


@dataclass
class DateValue:
    """One resolved date with its evidence: where it came from and how precise it is."""

    value: str | None = None  # ISO 8601: date, or datetime with offset when the time is known
    raw: str | None = None  # the text of the winning signal, as found on the page
    precision: str | None = None  # second|minute|hour|day|month|year
    source: str | None = None  # which signal won, e.g. "json-ld:datePublished"
    earliest: str | None = None  # when only a range is known
    latest: str | None = None


@dataclass
class Article:
    url: str
    fetched_at: str
    canonical_url: str | None = None
    title: str | None = None
    text: str = ""
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    published: DateValue = field(default_factory=DateValue)
    modified: DateValue = field(default_factory=DateValue)
    page_type: str = "article"
    content_sha256: str = ""
    extractor_version: str = ""

    def to_record(self) -> dict[str, Any]:
        """Flatten to the JSON record: ``published.value`` becomes ``date_published`` etc."""
        record: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, DateValue):
                prefix = f"date_{f.name}"
                record[prefix] = value.value
                record[f"{prefix}_utc"] = utc_instant(value.value)
                record[f"{prefix}_raw"] = value.raw
                record[f"{prefix}_precision"] = value.precision
                record[f"{prefix}_source"] = value.source
                record[f"{prefix}_earliest"] = value.earliest
                record[f"{prefix}_latest"] = value.latest
            else:
                record[f.name] = value
        return record
