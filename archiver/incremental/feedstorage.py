"""A FEEDS file storage whose every line reaches the file as soon as it is exported.

Scrapy's ``FileFeedStorage`` writes through a buffered file, so a killed crawl loses its
last few kilobytes of records. Unbuffered, each ``export_item`` is one ``write`` to the
OS, and the state file can safely mark a URL done once ``item_scraped`` fires.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from scrapy.extensions.feedexport import FileFeedStorage

if TYPE_CHECKING:
    from scrapy import Spider


class LineFlushingFileFeedStorage(FileFeedStorage):
    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return cast(IO[bytes], path.open(self.write_mode, buffering=0))
