"""A feed storage and a request queue on a disk that fills up, for ``-s FEED_STORAGES`` and
``-s SCHEDULER_DISK_QUEUE``.

A file-size limit (``RLIMIT_FSIZE``) would stop the extraction workers too (the language
model is unpacked to a temporary file), so the disk is played by the raw file instead.
"""

from __future__ import annotations

import errno
import io
from pathlib import Path
from typing import IO, Any

from scrapy.squeues import PickleLifoDiskQueue

from archiver.incremental.feedstorage import LineFlushingFileFeedStorage

ROOM = 20_000  # bytes: room for a record or two
QUEUE_ROOM = 40  # requests


class FullFile(io.FileIO):
    def write(self, data: object) -> int:
        left = ROOM - self.tell()
        if left <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(memoryview(data)[:left])  # type: ignore[arg-type]


class FullDiskFeedStorage(LineFlushingFileFeedStorage):
    def open_raw(self, path: Path) -> IO[bytes]:
        return FullFile(path, "w" if "w" in self.write_mode else "a")


class FullDiskQueue(PickleLifoDiskQueue):
    """A JOBDIR request queue on a disk that fills up after ``QUEUE_ROOM`` pushes, for
    ``-s SCHEDULER_DISK_QUEUE``: the count is per process, across the per-slot queues."""

    pushes = 0

    def push(self, obj: Any) -> None:
        FullDiskQueue.pushes += 1
        if FullDiskQueue.pushes > QUEUE_ROOM:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().push(obj)
