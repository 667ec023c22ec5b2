"""What WARC capture adds to a live crawl (target: under 10% of wall time).

    python bench/warc_overhead.py [--pages 300] [--runs 5] [--no-extract] [--warc-set N=V]

Serves a generated news site on 127.0.0.1, then crawls every article and section front
with the news spider (``-a urls=...``; AutoThrottle off so that the crawl runs as fast as
the machine allows, which makes the overhead as visible as it gets), alternating runs
with and without ``ARCHIVER_WARC_ENABLED``. Every run is a fresh process, so start-up
(Scrapy, the extraction pool) is included. ``--no-extract`` crawls without the item
pipelines: downloads only, the worst case, where capture no longer hides behind
extraction.

Reported: wall time (minimum, median, and the median ratio of each with/without pair,
which ran back to back under about the same load from others), CPU time of the crawl
process (median; capture runs there, the extraction workers are not counted), and the
time the WARC writer thread spent (stat ``archiver/warc/write_seconds``, inflated by
waiting for a CPU on a loaded machine).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from localsite import Run, count_lines, crawl, served_site, stat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-extract", action="store_true", help="download only")
    parser.add_argument(
        "--warc-set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the runs with capture, e.g. ARCHIVER_WARC_GZIP_LEVEL=1",
    )
    args = parser.parse_args()
    runs: dict[bool, list[Run]] = {False: [], True: []}
    what = "responses" if args.no_extract else "records"
    with tempfile.TemporaryDirectory(prefix="warc-overhead-") as tmp:
        work = Path(tmp)
        with served_site(work / "site", args.pages) as (_, urls):
            url_arg = f"urls={','.join(urls)}"
            for n in range(args.runs):
                for warc in (False, True):
                    out = work / f"out-{warc}-{n}.jsonl"
                    prefix = work / "warc" / f"run{n}"
                    settings = [
                        f"ARCHIVER_WARC_ENABLED={warc}",
                        f"ARCHIVER_WARC_PREFIX={prefix}",
                        "ARCHIVER_WARC_DEDUP=False",  # every run writes full responses
                        "AUTOTHROTTLE_ENABLED=False",
                    ]
                    if args.no_extract:
                        settings.append("ITEM_PIPELINES={}")
                    if warc:
                        settings.extend(args.warc_set)
                    options = [a for s in settings for a in ("-s", s)]
                    run = crawl(["-a", url_arg, "-O", str(out), *options])
                    runs[warc].append(run)
                    pages = (
                        int(stat(run.log, "response_received_count"))
                        if args.no_extract
                        else count_lines(out)
                    )
                    line = (
                        f"run {n + 1} warc={'on ' if warc else 'off'}: {run.wall:6.2f} s wall, "
                        f"{run.cpu:6.2f} s CPU, {pages} {what}"
                    )
                    if warc:
                        size = sum(p.stat().st_size for p in prefix.parent.glob(f"run{n}-*"))
                        written = stat(run.log, "archiver/warc/write_seconds")
                        line += f"; writer thread {written:.2f} s, {size / 1e6:.1f} MB of WARC"
                    print(line, flush=True)
    print(
        f"pages fetched a run: {len(urls)} ({args.pages} articles, {len(urls) - args.pages} fronts)"
    )
    for name, pick in (
        ("wall time, minimum", lambda rs: min(r.wall for r in rs)),
        ("wall time, median", lambda rs: statistics.median(r.wall for r in rs)),
        ("CPU time, median", lambda rs: statistics.median(r.cpu for r in rs)),
    ):
        off, on = pick(runs[False]), pick(runs[True])
        print(
            f"{name:19}: without WARC {off:6.2f} s, with {on:6.2f} s: "
            f"{100 * (on - off) / off:+.1f}%"
        )
    # Runs alternate off/on, so each pair saw about the same load from others.
    ratios = [on.wall / off.wall for off, on in zip(runs[False], runs[True], strict=True)]
    print(
        f"wall time, paired   : median of the {len(ratios)} on/off ratios "
        f"{100 * (statistics.median(ratios) - 1):+.1f}%"
    )


if __name__ == "__main__":
    main()
