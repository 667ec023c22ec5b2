"""Publication and modification dates as reported by the page's structured metadata."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from lxml import html as lxml_html

from archiver.extract.article import DateValue
from archiver.extract.structured import StructuredData

_PUBLISHED = [
    ("json-ld:datePublished", lambda d: d.jsonld_value("datePublished")),
    ("meta:article:published_time", lambda d: d.first_meta("article:published_time")),
    ("json-ld:uploadDate", lambda d: d.jsonld_value("uploadDate")),
]
_MODIFIED = [
    ("json-ld:dateModified", lambda d: d.jsonld_value("dateModified")),
    ("meta:article:modified_time", lambda d: d.first_meta("article:modified_time")),
]


def _first(
    data: StructuredData, signals: list[tuple[str, Callable[[StructuredData], Any]]]
) -> DateValue:
    for source, getter in signals:
        raw = getter(data)
        if isinstance(raw, str) and raw.strip():
            return DateValue(value=raw.strip(), raw=raw.strip(), source=source)
    return DateValue()


def resolve_dates(
    tree: lxml_html.HtmlElement,
    url: str,
    fetched_at: datetime,
    language: str | None,
    data: StructuredData,
) -> tuple[DateValue, DateValue]:
    """Return (published, modified)."""
    return _first(data, _PUBLISHED), _first(data, _MODIFIED)
