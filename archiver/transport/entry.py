"""One recorded response, whatever stores it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Entry:
    key: str  # unique within a replay: a fixture folder, or "file.warc.gz#offset"
    url: str
    fetched_at: str  # ISO 8601, the capture moment
    load_body: Callable[[], bytes]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # copied into the record, e.g. warc_*
    hints: dict[str, str] = field(default_factory=dict)  # what the crawl knew: sitemap dates...


@dataclass
class Problem:
    """A recorded item that could not be read: named, counted, and skipped."""

    where: str
    reason: str  # short and stable; becomes the stats key archiver/skipped/<reason>
    message: str
    # Damage is an error; a record that is simply not a page (an image in a WARC) is not.
    level: int = logging.ERROR
