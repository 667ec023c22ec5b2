"""Time live crawls of the generated news site on 127.0.0.1: a first run, then a re-run.

    python bench/crawl_site.py [--pages 1000] [--source fixtures/] [-s NAME=VALUE ...]

Builds the site (archiver.testing.newssite) in a temporary folder, serves it with Python's
static file server, and runs ``archiver crawl`` against it twice with a fresh output
folder: the first run fetches and writes every article, the second finds nothing new
(sitemap lastmod and If-Modified-Since). Prints wall time and articles per second for
each; extra ``-s`` settings are passed to both runs (e.g. to compare a feature on/off).
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

from archiver.testing.newssite import build

ARTICLES = r"/news/[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def crawl(site_dir: Path, out: Path, settings: list[str]) -> tuple[float, int]:
    command = [sys.executable, "-m", "archiver.cli", "crawl", "bench", "--sites", str(site_dir)]
    command += ["--output-dir", str(out)] + [x for s in settings for x in ("-s", s)]
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    runs = (out / "bench").glob("*.jsonl")
    newest = sorted(p for p in runs if not p.name.endswith(".skipped.jsonl"))[-1]
    return elapsed, sum(1 for line in newest.open(encoding="utf-8") if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--source", type=Path, default=Path("fixtures"))
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archiver-bench-") as tmp:
        root, sites, out = Path(tmp, "site"), Path(tmp, "sites"), Path(tmp, "out")
        root.mkdir()
        sites.mkdir()
        handler = functools.partial(QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        build(root, args.pages, args.source, base)
        (sites / "bench.toml").write_text(
            f'domains = ["127.0.0.1"]\n[start]\npages = ["{base}/"]\nfeeds = ["{base}/rss.xml"]\n'
            f"[articles]\nallow = ['{ARTICLES}']\n[follow]\nallow = ['/section/']\n",
            encoding="utf-8",
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            results = {}
            for run in ("first", "rerun"):
                elapsed, records = crawl(sites, out, args.settings)
                results[run] = {
                    "seconds": round(elapsed, 2),
                    "records": records,
                    "articles_per_second": round(args.pages / elapsed, 1),
                }
        finally:
            server.shutdown()
    print(json.dumps({"pages": args.pages, "settings": args.settings, **results}, indent=1))


if __name__ == "__main__":
    main()
