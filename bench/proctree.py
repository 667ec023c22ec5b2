"""CPU time and peak resident memory of a command's whole process tree.

A crawl is several processes (Scrapy, the forkserver, the pool's workers), so the cost of
one variant is the sum over all of them. CPU comes from the kernel's own accounting: this
process becomes a child subreaper, so every descendant, orphaned or not, is reaped here
and its CPU time lands in ``RUSAGE_CHILDREN``. Memory is sampled from /proc: the peak of
the sum of resident set sizes over the tree (shared pages counted in each process, as
``ps`` would).
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def become_subreaper() -> bool:
    """Adopt orphaned descendants (e.g. a forkserver outliving its parent); Linux only."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _parents() -> dict[int, int]:
    """pid -> parent pid for every process visible in /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_bytes()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        fields = stat[stat.rindex(b")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(root: int, exclude: Iterable[int] = ()) -> set[int]:
    """Every process below ``root``, leaving out the subtrees of ``exclude``."""
    children: dict[int, list[int]] = {}
    for pid, ppid in _parents().items():
        children.setdefault(ppid, []).append(pid)
    skip = set(exclude)
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in skip and child not in found:
                found.add(child)
                todo.append(child)
    return found


def resident_bytes(pids: Iterable[int]) -> int:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue  # exited between listing and reading
    return total


class PeakSampler(threading.Thread):
    """Samples the summed RSS of this process's descendants until stopped."""

    def __init__(self, exclude: Iterable[int], interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.exclude = set(exclude)
        self.interval = interval
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._stop_event.is_set():
            self.peak = max(self.peak, resident_bytes(descendants(me, self.exclude)))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


@dataclass
class Measurement:
    wall: float  # seconds
    cpu: float  # seconds, user + system, whole tree
    peak_rss: int  # bytes, whole tree
    returncode: int


def _reap_orphans(exclude: set[int], timeout: float = 60.0) -> None:
    """Wait for adopted descendants (forkserver, stray workers) so their CPU is counted."""
    deadline = time.monotonic() + timeout
    while True:
        left = descendants(os.getpid(), exclude) - exclude
        mine = [pid for pid in left if _parents().get(pid) == os.getpid()]
        if not mine:
            return
        for pid in mine:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            if not done and time.monotonic() > deadline:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
        time.sleep(0.05)


def run_measured(
    command: Sequence[str], exclude: Iterable[int] = (), log: Path | None = None
) -> Measurement:
    """Run ``command`` to completion and account for its whole tree.

    ``exclude`` names long-lived children of this process (the web server) whose cost is
    not the variant's.
    """
    skip = set(exclude)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = PeakSampler(skip)
    sampler.start()
    start = time.perf_counter()
    with open(log or os.devnull, "ab") as out:
        proc = subprocess.run(list(command), stdout=out, stderr=subprocess.STDOUT, check=False)
    wall = time.perf_counter() - start
    _reap_orphans(skip)
    peak = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measurement(wall=wall, cpu=cpu, peak_rss=peak, returncode=proc.returncode)
