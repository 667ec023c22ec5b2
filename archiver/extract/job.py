"""What one page sends to an extraction worker: the worker's whole input, in one value.

A frozen dataclass of plain values (bytes, strings, dicts of strings), so it pickles to a
worker process as it is, and a task (``ARCHIVER_EXTRACT_TASK``) takes one argument whose
fields have names. No import beyond the standard library: the Scrapy process builds these
without loading the extraction core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ExtractionJob:
    body: bytes  # as received, still in the page's own encoding
    url: str
    fetched_at: str  # ISO 8601: the capture moment relative dates resolve against
    content_type: str | None = None  # the Content-Type header, for the declared charset
    hints: dict[str, str] | None = None  # what the crawl knew: sitemap and feed dates...
    site_rules: dict[str, Any] | None = None  # a profile's [extract] selectors
