"""A sitemap-only crawl: the project against Scrapy's SitemapSpider + trafilatura.

    python bench/sitemap_crawl.py [--pages 1000] [--rounds 3] [--source fixtures/]

Builds a local news site of N recorded pages (archiver.testing.newssite: every article
links to its section, tag and author pages), serves it on 127.0.0.1 (nginx, else Python's
http.server), and runs, alternating which goes first in each round:

- sitemap: ``news -a site=sitebench``, a profile naming only the sitemap index (no
  pages, no feeds, no link following), with every pipeline, state and WARC capture;
- sitemap_naive: Scrapy's ``SitemapSpider`` over the same index, calling
  ``trafilatura.extract(with_metadata=True)`` in its callback, Scrapy's defaults.

Politeness is off for both (loopback; same concurrency). Reported: articles written per
second from the first request to the last (Scrapy's elapsed_time_seconds), the ratio
project ÷ naive of the medians, and requests made per article written.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path

from proctree import become_subreaper
from staticserver import free_port, serve
from throughput import Run, run_variant

from archiver.testing.newssite import build

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("sitemap", "sitemap_naive")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", type=Path, default=ROOT / "fixtures")
    parser.add_argument("--keep", type=Path, help="keep the site, logs and outputs here")
    args = parser.parse_args()
    become_subreaper()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-sitemap-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        shutil.rmtree(work / "site", ignore_errors=True)
        build(work / "site", args.pages, args.source, base_url)
        (work / "site.json").write_text(json.dumps({"base_url": base_url}))
        sitemaps = len(list((work / "site").glob("sitemap*.xml")))
        runs: dict[str, list[Run]] = {name: [] for name in VARIANTS}
        with serve(work / "site", port) as server:
            print(f"bench: {args.pages} articles, {sitemaps} sitemaps, served by {server.kind}")
            for round_no in range(args.rounds):
                order = VARIANTS if round_no % 2 == 0 else VARIANTS[::-1]
                for name in order:
                    run = run_variant(name, work, args.pages, 0, server.pids)
                    runs[name].append(run)
                    print(
                        f"bench: round {round_no + 1} {name}: {run.pages_per_s:.1f} articles/s, "
                        f"{run.result['records']} articles, {run.result['requests']} requests, "
                        f"{run.cpu_ms:.1f} CPU ms/article, load {run.result['load']:.1f}",
                        flush=True,
                    )
        median = {name: statistics.median(r.pages_per_s for r in rs) for name, rs in runs.items()}
        print()
        for name, rs in runs.items():
            extra = [int(r.result["requests"]) - int(r.result["records"]) for r in rs]
            per_article = [int(r.result["requests"]) / int(r.result["records"]) for r in rs]
            print(
                f"{name}: median {median[name]:.1f} articles/s "
                f"({' / '.join(f'{r.pages_per_s:.1f}' for r in rs)}); requests per article "
                f"{' / '.join(f'{x:.4f}' for x in per_article)}; requests beyond one per "
                f"article: {' / '.join(map(str, extra))} (the site has {sitemaps} sitemaps)"
            )
        ratio = median["sitemap"] / median["sitemap_naive"]
        print(f"project ÷ naive (medians): {ratio:.2f} (goal >= 1.6)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
