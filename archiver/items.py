"""What the spider hands to the pipelines: a fetched page, not yet extracted.

Extraction happens in the pipeline (in a process pool), so the item carries only what the
extraction core needs plus provenance, never the Response object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    url: str
    body: bytes
    fetched_at: str  # ISO 8601: when this response was captured
    source: str  # where it came from, for messages: the URL, a fixture folder, a WARC offset
    status: int = 200
    content_type: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)  # e.g. dates from a sitemap or feed
    extra: dict[str, Any] = field(default_factory=dict)  # fields copied into the record as is
    site_rules: dict[str, Any] = field(default_factory=dict)  # a profile's [extract] selectors
