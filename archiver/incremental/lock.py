"""One crawl of a site at a time: an advisory ``flock`` on ``<output-dir>/<site>/.lock``.

The kernel drops the lock when the process dies, however it dies, so a killed crawl never
leaves a stale lock behind for cron's next run.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

_held: dict[Path, int] = {}  # locks this process holds: the command and the spider share them


class SiteLocked(RuntimeError):
    pass


def acquire(path: Path) -> None:
    """Take the lock, or raise SiteLocked; taking it again in the same process is a no-op."""
    path = path.resolve()
    if path in _held:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 64).decode("ascii", "replace").strip() or "another process"
        os.close(fd)
        raise SiteLocked(f"another crawl holds {path} (pid {holder})") from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode("ascii"))
    _held[path] = fd


def release(path: Path) -> None:
    fd = _held.pop(path.resolve(), None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
