"""One crawl of a site at a time: an advisory ``flock`` on ``<output-dir>/<site>/.lock``.

The kernel drops the lock when the process dies, however it dies, so a killed crawl never
leaves a stale lock behind for cron's next run. The default ``ARCHIVER_LOCK_CLASS``
(archiver.stores).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import TYPE_CHECKING, Self

from archiver.incremental.run import site_folder
from archiver.stores import SiteLocked

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["FileLock", "SiteLocked"]


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self._fd: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, site: str) -> Self:
        return cls(site_folder(crawler.settings, site) / ".lock")

    def acquire(self) -> None:
        """Take the lock, or raise SiteLocked with the holder's process id."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is held already by this lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise SiteLocked(f"another crawl holds {self.path} (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
