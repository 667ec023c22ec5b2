"""Extraction workers do not outlive the crawl: killed with it, as by the OOM killer."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

POOL_SCRIPT = """
import asyncio, json
from archiver.extract.job import ExtractionJob
from archiver.pipelines.pool import ExtractionPool
from tests.hostile_tools import worker_pid

async def main():
    pool = ExtractionPool(2, worker_pid, None)
    pool.start()
    seen = {}
    while len(seen) < 2:
        jobs = [ExtractionJob(b"", "u", "t") for _ in range(8)]
        for r in await asyncio.gather(*(pool.extract(job) for job in jobs)):
            seen[r["pid"]] = r["ppid"]
    print(json.dumps(seen), flush=True)
    await asyncio.sleep(600)

asyncio.run(main())
"""


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper has exited)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "zombie" not in state and "(dead)" not in state


def test_workers_exit_when_the_crawl_process_is_killed() -> None:
    crawl = subprocess.Popen(
        [sys.executable, "-c", POOL_SCRIPT], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert crawl.stdout is not None
    workers = {int(pid): ppid for pid, ppid in json.loads(crawl.stdout.readline()).items()}
    forkservers = set(workers.values())
    assert len(workers) == 2 and all(alive(p) for p in workers)
    crawl.send_signal(signal.SIGKILL)
    crawl.wait()
    # Liveness, not speed: poll until they are gone (the kernel acts at once; the
    # fallback watch thread within a second).
    deadline = time.monotonic() + 30
    while any(alive(p) for p in [*workers, *forkservers]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in workers if alive(p)] == []
    assert [p for p in forkservers if alive(p)] == []
