"""One recorded response, whatever stores it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Entry:
    key: str  # unique within a replay: a fixture folder, or "file.warc.gz#offset"
    url: str
    fetched_at: str  # ISO 8601, the capture moment
    load_body: Callable[[], bytes]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Problem:
    """A recorded item that could not be read: named, counted, and skipped."""

    where: str
    reason: str  # short and stable; becomes the stats key archiver/skipped/<reason>
    message: str
