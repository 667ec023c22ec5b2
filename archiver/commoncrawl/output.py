"""A feed file that takes each line with one unbuffered write.

A resumed run trusts the dataset's lines: a line must be on disk once the run state says
its record ended. Scrapy's FileFeedStorage buffers; this one does not. (Used only where
the project has no FEED_STORAGES of its own.)
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage


class LineFileFeedStorage(FileFeedStorage):
    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)


FLUSHING_STORAGES = {
    "": "archiver.commoncrawl.output.LineFileFeedStorage",
    "file": "archiver.commoncrawl.output.LineFileFeedStorage",
}
