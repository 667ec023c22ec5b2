"""What WARC capture adds to a live crawl's wall time (target: under 10%).

    python bench/warc_overhead.py [--pages 500] [--runs 3]

Serves a generated news site on 127.0.0.1, then crawls every article and section front
with the news spider (``-a urls=...``; AutoThrottle off so that the crawl is as fast as
the machine, which makes the overhead as visible as it gets), alternating runs with and
without ``ARCHIVER_WARC_ENABLED``. Reports the median wall time of each and the overhead.
Every run is a fresh process, so start-up (Scrapy, the extraction pool) is included.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from localsite import count_lines, crawl, served_site, stat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warc-overhead-") as tmp:
        work = Path(tmp)
        with served_site(work / "site", args.pages) as (_, urls):
            url_file = work / "urls.txt"
            url_file.write_text(",".join(urls))
            times: dict[bool, list[float]] = {False: [], True: []}
            records: dict[bool, int] = {}
            warc_bytes = 0
            writing_share: list[float] = []
            for run in range(args.runs):
                for warc in (False, True):
                    out = work / f"out-{warc}-{run}.jsonl"
                    prefix = work / "warc" / f"run{run}"
                    settings = [
                        f"ARCHIVER_WARC_ENABLED={warc}",
                        f"ARCHIVER_WARC_PREFIX={prefix}",
                        "ARCHIVER_WARC_DEDUP=False",  # every run writes full responses
                        "AUTOTHROTTLE_ENABLED=False",
                    ]
                    options = [a for s in settings for a in ("-s", s)]
                    elapsed, log = crawl(
                        ["-a", f"urls={url_file.read_text()}", "-O", str(out), *options]
                    )
                    times[warc].append(elapsed)
                    records[warc] = count_lines(out)
                    in_crawl = stat(log, "elapsed_time_seconds")
                    line = (
                        f"run {run + 1} warc={'on ' if warc else 'off'}: {elapsed:6.2f} s "
                        f"({in_crawl:.2f} s in-crawl)"
                    )
                    if warc:
                        files = prefix.parent.glob(f"run{run}-*")
                        warc_bytes = sum(p.stat().st_size for p in files)
                        written = stat(log, "archiver/warc/write_seconds")
                        writing_share.append(written / in_crawl)
                        line += f", writing WARC {written:.2f} s in the writer thread"
                    print(line, flush=True)
    off, on = statistics.median(times[False]), statistics.median(times[True])
    print(f"pages fetched: {len(urls)} ({args.pages} articles); records: {records}")
    print(f"median wall time: without WARC {off:.2f} s, with WARC {on:.2f} s")
    print(f"overhead: {100 * (on - off) / off:+.1f}%  (WARC size {warc_bytes / 1e6:.1f} MB a run)")
    print(
        "time the writer thread spent on WARC records, share of the crawl's elapsed time: "
        f"median {100 * statistics.median(writing_share):.1f}%"
    )


if __name__ == "__main__":
    main()
