"""A feed storage on a disk that fills up after a few kilobytes, for ``-s FEED_STORAGES``.

A file-size limit (``RLIMIT_FSIZE``) would stop the extraction workers too (the language
model is unpacked to a temporary file), so the disk is played by the raw file instead.
"""

from __future__ import annotations

import errno
import io
from pathlib import Path
from typing import IO

from archiver.incremental.feedstorage import LineFlushingFileFeedStorage

ROOM = 20_000  # bytes: room for a record or two


class FullFile(io.FileIO):
    def write(self, data: object) -> int:
        left = ROOM - self.tell()
        if left <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(memoryview(data)[:left])  # type: ignore[arg-type]


class FullDiskFeedStorage(LineFlushingFileFeedStorage):
    def open_raw(self, path: Path) -> IO[bytes]:
        return FullFile(path, "w" if "w" in self.write_mode else "a")
