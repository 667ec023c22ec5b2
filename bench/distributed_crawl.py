"""Articles per second: one ``archiver crawl`` process, then 1 and 2 scrapy-redis workers.

    python bench/distributed_crawl.py [--pages 1000] [--source fixtures/] [--runs 1]

Builds the generated news site (archiver.testing.newssite) in a temporary folder, serves
it on 127.0.0.1 and starts ``redis-server`` (no persistence) on a free loopback port.
Each crawl starts from an empty output folder and an empty Redis database:

single     ``archiver crawl bench`` (SQLite state, Scrapy's own queue);
workers=1  ``archiver seed`` then one ``archiver crawl bench --redis URL``;
workers=2  the same with two workers started together.

A worker waits ``ARCHIVER_REDIS_IDLE_SECONDS`` (here 1 s, checked every 5 s by Scrapy's
engine) on an empty queue before it exits, which is not crawling: the time of each crawl
is from the start of its crawl processes to the last record written (the newest
modification time of its datasets), the same measure for the three; the seed, once per
run before the workers start, is timed on its own. AutoThrottle is off
(the site is local); the rest are the project's settings. Best of ``--runs``.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import redis

from archiver.testing.newssite import build
from archiver.testing.redisserver import redis_server

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = r"/news/[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$"
SETTINGS = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ARCHIVER_REDIS_IDLE_SECONDS=1",
            "-s", "ARCHIVER_CONTACT_URL=mailto:bench@example.org"]  # fmt: skip


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", *args, *SETTINGS],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait(*procs: subprocess.Popen[str]) -> None:
    for proc in procs:
        _, stderr = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}):\n{stderr[-3000:]}")


def written(out: Path) -> tuple[int, float]:
    """Records in the output folder's datasets, and when the last was written."""
    files = [p for p in (out / "bench").glob("*.jsonl") if not p.name.endswith(".skipped.jsonl")]
    records = sum(p.read_bytes().count(b"\n") for p in files)
    return records, max(p.stat().st_mtime for p in files)


def crawl(sites: Path, out: Path, url: str | None, workers: int) -> dict[str, float]:
    common = ["--sites", str(sites), "--output-dir", str(out)]
    seeded = 0.0
    if url is None:
        started = time.time()
        wait(cli("crawl", "bench", *common))
    else:
        seeding = time.time()
        wait(cli("seed", "bench", "--sites", str(sites), "--redis", url))
        started = time.time()
        seeded = started - seeding
        wait(*(cli("crawl", "bench", *common, "--redis", url, "--worker-id", f"w{i}")
               for i in range(workers)))  # fmt: skip
    records, last = written(out)
    seconds = last - started
    result = {"seconds": round(seconds, 2), "records": records,
              "articles_per_second": round(records / seconds, 1)}  # fmt: skip
    if url is not None:
        result["seed_seconds"] = round(seeded, 2)  # once per run, before the workers start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--source", type=Path, default=Path("fixtures"))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with redis_server() as server_url, tempfile.TemporaryDirectory(prefix="archiver-bench-") as tmp:
        url = f"{server_url}/0"
        root, sites = Path(tmp, "site"), Path(tmp, "sites")
        root.mkdir()
        sites.mkdir()
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
        )
        base = f"http://127.0.0.1:{server.server_address[1]}"
        build(root, args.pages, args.source, base)
        (sites / "bench.toml").write_text(
            f'domains = ["127.0.0.1"]\n[start]\npages = ["{base}/"]\nfeeds = ["{base}/rss.xml"]\n'
            f"[articles]\nallow = ['{ARTICLES}']\n[follow]\nallow = ['/section/']\n",
            encoding="utf-8",
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        client = redis.Redis.from_url(url)
        results: dict[str, dict[str, float]] = {}
        try:
            for mode, workers in (("single", 0), ("workers=1", 1), ("workers=2", 2)):
                best: dict[str, float] | None = None
                for n in range(args.runs):
                    client.flushdb()
                    out = Path(tmp, f"out-{mode}-{n}")
                    result = crawl(sites, out, url if workers else None, workers)
                    if best is None or result["seconds"] < best["seconds"]:
                        best = result
                assert best is not None
                results[mode] = best
        finally:
            server.shutdown()
    single = results["single"]["articles_per_second"]
    overhead = {
        mode: f"{100 * (1 - r['articles_per_second'] / single):.1f}%"
        for mode, r in results.items()
        if mode != "single"
    }
    print(json.dumps({"pages": args.pages, **results, "slower_than_single": overhead}, indent=1))


if __name__ == "__main__":
    main()
