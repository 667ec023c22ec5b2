"""One recorded response, whatever stores it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

# The most a recorded body may weigh once decoded: DOWNLOAD_MAXSIZE's default, so a replay
# holds no more of a page in memory than the live crawl that recorded it would have.
MAX_BODY = 16 * 1024 * 1024


class TooLarge(ValueError):
    """A recorded body over the size cap: a counted skip, never read whole."""

    def __init__(self, where: str, limit: int) -> None:
        super().__init__(f"{where}: body over {limit} bytes once decoded")
        self.limit = limit


class BodyLoader(Protocol):
    """Reads an entry's decoded body; raises TooLarge past ``max_size`` (0: no cap)."""

    def __call__(self, max_size: int = MAX_BODY) -> bytes: ...


@dataclass
class Entry:
    key: str  # unique within a replay: a fixture folder, or "file.warc.gz#offset"
    url: str
    fetched_at: str  # ISO 8601, the capture moment
    load_body: BodyLoader
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # copied into the record, e.g. warc_*
    hints: dict[str, str] = field(default_factory=dict)  # what the crawl knew: sitemap dates...
    # The profile that extracted it in the crawl: {"profile", "version", "extract"}.
    site_rules: dict[str, Any] = field(default_factory=dict)


@dataclass
class Problem:
    """A recorded item that could not be read: named, counted, and skipped."""

    where: str
    reason: str  # short and stable; becomes the stats key archiver/skipped/<reason>
    message: str
    # Damage is an error; a record that is simply not a page (an image in a WARC) is not.
    level: int = logging.ERROR
