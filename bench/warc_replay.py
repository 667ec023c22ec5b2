"""Replay speed of a 2,000-page WARC, next to the same pages replayed as fixture folders.

    python bench/warc_replay.py [--pages 2000] [--runs 2]

A generated news site is crawled once with WARC capture (extraction off: only the WARC is
wanted); its HTML responses are also written out as fixture folders. Then ``archiver
replay`` runs over the WARC files and over the fixtures, alternately, each in a fresh
process, first with extraction (the real replay) and then without (``ITEM_PIPELINES={}``:
the transport alone, where the cost of reading WARC shows most). Reported: pages per
second over the whole command (start-up included) and over the crawl's own elapsed time,
and the time to scan (index) the WARC alone.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from localsite import ROOT, count_lines, served_site, stat
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from archiver.transport.entry import Entry
from archiver.transport.sources import iter_sources


def capture(urls: list[str], prefix: Path) -> None:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.settings")
    settings = get_project_settings()
    settings.setdict(
        {
            "ARCHIVER_WARC_PREFIX": str(prefix),
            "ARCHIVER_WARC_DEDUP": False,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "ITEM_PIPELINES": {},
            "LOG_LEVEL": "WARNING",
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    process.crawl("news", urls=",".join(urls))
    process.start()


def write_fixtures(warcs: list[Path], into: Path) -> int:
    written = 0
    for item in iter_sources(warcs):
        if isinstance(item, Entry) and item.status == 200:
            folder = into / f"page-{written:05d}"
            folder.mkdir(parents=True)
            (folder / "body.html").write_bytes(item.load_body())
            info = {"url": item.url, "fetched_at": item.fetched_at, "headers": item.headers}
            (folder / "info.json").write_text(json.dumps(info), encoding="utf-8")
            written += 1
    return written


def replay(paths: list[Path], out: Path, extract: bool) -> tuple[float, float, int]:
    """(wall seconds, in-crawl seconds, pages) of one ``archiver replay``; without
    extraction, pages are counted from the responses received (nothing is written)."""
    options = [] if extract else ["-s", "ITEM_PIPELINES={}", "-s", "FEEDS={}"]
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "replay", *map(str, paths), "-o", str(out)]
        + options,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    pages = count_lines(out) if extract else int(stat(proc.stderr, "response_received_count"))
    return wall, stat(proc.stderr, "elapsed_time_seconds"), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warc-replay-") as tmp:
        work = Path(tmp)
        with served_site(work / "site", args.pages) as (_, urls):
            capture(urls, work / "warc" / "bench")
        warcs = sorted((work / "warc").glob("bench-*.warc.gz"))
        size = sum(p.stat().st_size for p in warcs)
        start = time.perf_counter()
        entries = sum(isinstance(item, Entry) for item in iter_sources(warcs))
        scan = time.perf_counter() - start
        pages = write_fixtures(warcs, work / "fixtures")
        print(f"WARC: {len(warcs)} file(s), {size / 1e6:.1f} MB, {entries} HTML responses")
        print(f"scan (index) of the WARC alone: {scan:.2f} s ({entries / scan:.0f} records/s)")
        results: dict[str, list[tuple[float, float, int]]] = {}
        for extract in (True, False):
            for run in range(args.runs):
                for kind, paths in (("warc", warcs), ("fixtures", [work / "fixtures"])):
                    label = f"{kind}, {'with extraction' if extract else 'transport only'}"
                    out = work / f"{kind}-{extract}-{run}.jsonl"
                    wall, in_crawl, records = replay(paths, out, extract)
                    results.setdefault(label, []).append((wall, in_crawl, records))
                    print(
                        f"run {run + 1} {label:32}: {records} pages, {wall:6.2f} s wall, "
                        f"{in_crawl:6.2f} s in-crawl",
                        flush=True,
                    )
    print(f"pages: {pages}")
    for label, rows in results.items():
        wall = statistics.median(r[0] for r in rows)
        in_crawl = statistics.median(r[1] for r in rows)
        records = rows[0][2]
        print(
            f"{label:32}: {records / wall:6.1f} pages/s over the command, "
            f"{records / in_crawl:6.1f} pages/s in-crawl (median of {len(rows)})"
        )


if __name__ == "__main__":
    main()
