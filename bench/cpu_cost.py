"""Per-page CPU of ``extract_article`` against one plain ``trafilatura.extract`` call.

The budget is 1.5x the median plain call. Both sides start from the same bytes, so parsing
and decoding are counted on both. CPU time (``process_time``), not wall time, so other
load on the machine disturbs the figure less; each page is measured ``--repeat`` times and
the fastest run is kept, then the median over pages is reported.

    python bench/cpu_cost.py ../shared/corpus/metadata-dev ../shared/corpus/extraction-dev
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from archiver.evaluate.extraction import CORPUS_CONTENT_TYPE, DEFAULT_FETCHED_AT, Page, load_corpus
from archiver.extract import extract_article


def cpu_ms(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best * 1000


def ours(page: Page) -> Callable[[], object]:
    fetched = page.truth.get("crawl_date", DEFAULT_FETCHED_AT)
    return lambda: extract_article(page.html, page.url, fetched, content_type=CORPUS_CONTENT_TYPE)


def plain(page: Page) -> Callable[[], object]:
    return lambda: trafilatura.extract(page.html, url=page.url, with_metadata=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--every", type=int, default=1, help="measure every N-th page only")
    args = parser.parse_args()
    pages = [p for corpus in args.corpora for p in load_corpus(corpus)][:: args.every]
    ours(pages[0])()  # load the language model and trafilatura's caches before timing
    mine = [cpu_ms(ours(p), args.repeat) for p in pages]
    theirs = [cpu_ms(plain(p), args.repeat) for p in pages]
    ratios = [m / t for m, t in zip(mine, theirs, strict=True) if t > 0]
    print(f"{len(pages)} pages, CPU ms per page (fastest of {args.repeat} runs)\n")
    print("| extractor | median ms | mean ms |")
    print("|---|---|---|")
    print(
        f"| archiver extract_article | {statistics.median(mine):.1f} "
        f"| {statistics.mean(mine):.1f} |"
    )
    print(
        f"| trafilatura.extract(with_metadata=True) | {statistics.median(theirs):.1f} "
        f"| {statistics.mean(theirs):.1f} |"
    )
    print(
        f"\nratio of medians: {statistics.median(mine) / statistics.median(theirs):.2f}x; "
        f"median per-page ratio: {statistics.median(ratios):.2f}x (budget 1.50x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
