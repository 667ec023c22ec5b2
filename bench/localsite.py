"""A generated news site (archiver.testing.newssite) served on 127.0.0.1, for the benches."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from archiver.testing.newssite import SECTIONS, build

ROOT = Path(__file__).resolve().parent.parent


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections when Scrapy opens 16 at once;
    # the client then retries after 1 s, 3 s, ...: stalls that would swamp the figures.
    request_queue_size = 128
    daemon_threads = True


@contextmanager
def served_site(root: Path, pages: int) -> Iterator[tuple[str, list[str]]]:
    """Build ``pages`` articles under ``root`` and serve them: (base URL, page URLs).

    The URLs are every article plus the section fronts, so that non-articles are fetched
    (and archived) too."""
    server = SiteServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    build(root, pages, ROOT / "fixtures", base)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    urls = [base + a["path"] for a in manifest] + [f"{base}/section/{s}/" for s in SECTIONS]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, urls
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Run:
    wall: float  # seconds, the whole process
    # user + system seconds of the crawl process: reactor and WARC writer thread. The
    # extraction workers are not in it: they are children of multiprocessing's forkserver,
    # which never waits for them, so their time does not roll up.
    cpu: float
    log: str  # INFO: the stats dump is at the end


def crawl(args: list[str], cwd: Path = ROOT) -> Run:
    """Run ``scrapy crawl news ARGS`` in a fresh process.

    CPU time is reported next to wall time because the benchmark machine is shared: wall
    time swings with other people's load, CPU time much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-L", "INFO", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, proc.stderr)


def stat(log: str, name: str) -> float:
    """One number from the stats dump of a crawl's log."""
    match = re.search(rf"'{re.escape(name)}': ([0-9.]+)", log)
    return float(match.group(1)) if match else 0.0


def count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())
