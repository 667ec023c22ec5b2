"""One benchmark variant per process: ``python bench/variants.py NAME --work DIR --pages N``.

Each variant runs in a fresh interpreter so that its CPU time and memory are its own (and
because Scrapy's reactor starts once per process). It writes ``DIR/NAME.json`` with the
pages it handled; bench/throughput.py times it from outside.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

FETCHED_AT = "2024-06-01T12:00:00+00:00"  # capture moment for the runs without HTTP


def pages(work: Path, n: int) -> list[tuple[str, Path]]:
    """(url, file) of the first ``n`` article pages of the generated site."""
    info = json.loads((work / "site.json").read_text())
    manifest = json.loads((work / "site" / "manifest.json").read_text())
    return [
        (info["base_url"] + a["path"], work / "site" / a["path"].lstrip("/")) for a in manifest[:n]
    ]


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as f:
        return sum(1 for _ in f)


# -- extraction without network -------------------------------------------------------------


def _extract_file(job: tuple[str, str]) -> dict[str, Any] | None:
    from archiver.extract.errors import ExtractionError
    from archiver.extract.job import ExtractionJob
    from archiver.extract.worker import extract_record

    url, path = job
    try:
        return extract_record(ExtractionJob(Path(path).read_bytes(), url, FETCHED_AT))
    except ExtractionError:
        return None


def core_1(work: Path, n: int, workers: int) -> dict[str, Any]:
    """The project's extraction core in this one process: files in, records out."""
    from archiver.extract.worker import warm_up

    warm_up()
    jobs = pages(work, n)
    start = time.perf_counter()
    done = sum(1 for url, path in jobs if _extract_file((url, str(path))) is not None)
    return {"pages": n, "records": done, "work_s": time.perf_counter() - start}


def core_n(work: Path, n: int, workers: int) -> dict[str, Any]:
    """The core in one process per core, workers reading the files themselves: the limit."""
    from archiver.extract.worker import warm_up

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["archiver.extract.worker"])
    jobs = [(url, str(path)) for url, path in pages(work, n)]
    workers = workers or len(os.sched_getaffinity(0))
    start = time.perf_counter()  # workers start on the first submit, as in the crawl
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up) as pool:
        done = sum(1 for r in pool.map(_extract_file, jobs, chunksize=4) if r is not None)
    return {"pages": n, "records": done, "work_s": time.perf_counter() - start}


def cpu_per_page(work: Path, n: int, workers: int) -> dict[str, Any]:
    """CPU time of the core and of plain trafilatura.extract on the same pages, alternating."""
    import trafilatura

    from archiver.extract.errors import ExtractionError
    from archiver.extract.job import ExtractionJob
    from archiver.extract.worker import extract_record, warm_up

    warm_up()
    everything = pages(work, n)
    step = max(1, len(everything) // 300)
    sample = everything[::step]

    def plain(body: bytes, url: str) -> object:
        return trafilatura.extract(body, url=url, with_metadata=True)

    def core(body: bytes, url: str) -> object:
        try:
            return extract_record(ExtractionJob(body, url, FETCHED_AT))
        except ExtractionError:
            return None

    runners: list[Callable[[bytes, str], object]] = [core, plain]
    plain(sample[0][1].read_bytes(), sample[0][0])  # trafilatura's own first-call costs
    cost: dict[str, list[float]] = {"core": [], "plain": []}
    for i, (url, path) in enumerate(sample):
        body = path.read_bytes()
        for run in runners if i % 2 else reversed(runners):
            start = time.process_time()
            run(body, url)
            cost[run.__name__].append(time.process_time() - start)
    ratios = [c / p for c, p in zip(cost["core"], cost["plain"], strict=True) if p > 0]
    return {
        "pages": len(sample),
        "core_ms": 1000 * statistics.median(cost["core"]),
        "plain_ms": 1000 * statistics.median(cost["plain"]),
        "ratio_of_medians": statistics.median(cost["core"]) / statistics.median(cost["plain"]),
        "median_ratio": statistics.median(ratios),
    }


# -- Scrapy runs ----------------------------------------------------------------------------


def _run_crawl(settings: Any, spider: Any, **kwargs: Any) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **kwargs)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats is not None else {}


OVERRIDES: dict[str, str] = {}  # --set NAME=VALUE: applied to the project's crawls


def _project_settings(work: Path, name: str, workers: int) -> Any:
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.settings")
    settings = get_project_settings()
    out = work / f"{name}.jsonl"
    settings.set("FEEDS", {str(out): {"format": "jsonlines", "overwrite": True}})
    settings.set("LOG_FILE", str(work / f"{name}.log"))
    settings.set("LOG_FILE_APPEND", False)
    if workers:
        settings.set("ARCHIVER_EXTRACT_WORKERS", workers)
    settings.setdict(OVERRIDES, priority="cmdline")
    return settings


def _crawl_summary(work: Path, name: str, n: int, stats: dict[str, Any]) -> dict[str, Any]:
    return {
        "pages": n,
        "records": count_lines(work / f"{name}.jsonl"),
        "responses": stats.get("response_received_count", 0),
        "finish_reason": stats.get("finish_reason"),
        "work_s": stats.get("elapsed_time_seconds"),
        "main_cpu_s": time.process_time(),
    }


def crawl(work: Path, n: int, workers: int, name: str = "crawl") -> dict[str, Any]:
    """The project: news spider over the article URLs, every pipeline, JSON Lines out."""
    settings = _project_settings(work, name, workers)
    urls = ",".join(url for url, _ in pages(work, n))
    return _crawl_summary(work, name, n, _run_crawl(settings, "news", urls=urls))


def crawl_large(work: Path, n: int, workers: int) -> dict[str, Any]:
    return crawl(work, n, workers, name="crawl_large")


def replay(work: Path, n: int, workers: int) -> dict[str, Any]:
    """The project offline: the same pages as fixture folders through the HTTP-cache seam."""
    settings = _project_settings(work, "replay", workers)
    stats = _run_crawl(settings, "news", replay=str(work / "replay"))
    return _crawl_summary(work, "replay", n, stats)


def _plain_settings(work: Path, name: str) -> Any:
    """What a new Scrapy project gets: Scrapy's defaults, a feed, a log file."""
    from scrapy.settings import Settings

    out = work / f"{name}.jsonl"
    return Settings(
        {
            "FEEDS": {str(out): {"format": "jsonlines", "overwrite": True}},
            "LOG_FILE": str(work / f"{name}.log"),
            "LOG_FILE_APPEND": False,
            "LOG_LEVEL": "INFO",
        }
    )


def _url_spider(urls: list[str], extract: bool) -> type:
    import scrapy
    import trafilatura

    class UrlSpider(scrapy.Spider):
        name = "naive" if extract else "fetch"

        async def start(self) -> Any:
            for url in urls:
                yield scrapy.Request(url)

        def parse(self, response: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
            if extract:
                text = trafilatura.extract(response.text, url=response.url, with_metadata=True)
                yield {"url": response.url, "text": text}
            else:
                yield {"url": response.url, "length": len(response.body)}

    return UrlSpider


def naive(work: Path, n: int, workers: int) -> dict[str, Any]:
    """What most users write: trafilatura.extract in the callback, in the reactor's thread."""
    spider = _url_spider([url for url, _ in pages(work, n)], extract=True)
    return _crawl_summary(work, "naive", n, _run_crawl(_plain_settings(work, "naive"), spider))


def fetch(work: Path, n: int, workers: int) -> dict[str, Any]:
    """Scrapy downloading the same pages and extracting nothing."""
    spider = _url_spider([url for url, _ in pages(work, n)], extract=False)
    return _crawl_summary(work, "fetch", n, _run_crawl(_plain_settings(work, "fetch"), spider))


# -- sitemap-only crawls (bench/sitemap_crawl.py) -------------------------------------------

ARTICLES = r"/news/[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$"
# Loopback: no server to be polite to. Both spiders get the same concurrency.
NO_POLITENESS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}


def _sitemap_summary(work: Path, name: str, records: int, stats: dict[str, Any]) -> dict[str, Any]:
    return {
        "pages": records,
        "records": records,
        "requests": stats.get("downloader/request_count", 0),
        "finish_reason": stats.get("finish_reason"),
        "work_s": stats.get("elapsed_time_seconds"),
        "main_cpu_s": time.process_time(),
    }


def sitemap(work: Path, n: int, workers: int) -> dict[str, Any]:
    """The project: a live site crawl whose profile names only the sitemap index."""
    import shutil

    from scrapy.utils.project import get_project_settings

    info = json.loads((work / "site.json").read_text())
    sites, out = work / "sites", work / "sitemap-out"
    shutil.rmtree(out, ignore_errors=True)  # a fresh state: every article is new
    sites.mkdir(exist_ok=True)
    (sites / "sitebench.toml").write_text(
        f'domains = ["127.0.0.1"]\n[start]\nsitemaps = ["{info["base_url"]}/sitemap_index.xml"]\n'
        f"robots_sitemaps = false\n[articles]\nallow = ['{ARTICLES}']\n",
        encoding="utf-8",
    )
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.settings")
    settings = get_project_settings()
    settings.setdict({**NO_POLITENESS, "ARCHIVER_OUTPUT_DIR": str(out)}, priority="cmdline")
    settings.set("LOG_FILE", str(work / "sitemap.log"))
    settings.set("LOG_FILE_APPEND", False)
    if workers:
        settings.set("ARCHIVER_EXTRACT_WORKERS", workers)
    settings.setdict(OVERRIDES, priority="cmdline")
    stats = _run_crawl(settings, "news", site="sitebench", sites=str(sites))
    records = sum(
        count_lines(p) for p in (out / "sitebench").glob("*.jsonl") if ".skipped." not in p.name
    )
    return _sitemap_summary(work, "sitemap", records, stats)


def sitemap_naive(work: Path, n: int, workers: int) -> dict[str, Any]:
    """What most users write: Scrapy's SitemapSpider, trafilatura.extract in the callback."""
    import scrapy
    import trafilatura
    from scrapy.spiders import SitemapSpider

    base_url = json.loads((work / "site.json").read_text())["base_url"]

    class NaiveSitemapSpider(SitemapSpider):
        name = "sitemap_naive"
        sitemap_urls = [f"{base_url}/sitemap_index.xml"]
        sitemap_rules = [(ARTICLES, "parse_article")]

        def parse_article(self, response: scrapy.http.Response) -> Iterator[dict[str, Any]]:
            text = trafilatura.extract(response.text, url=response.url, with_metadata=True)
            yield {"url": response.url, "text": text}

    settings = _plain_settings(work, "sitemap_naive")
    settings.setdict(NO_POLITENESS)
    stats = _run_crawl(settings, NaiveSitemapSpider)
    records = count_lines(work / "sitemap_naive.jsonl")
    return _sitemap_summary(work, "sitemap_naive", records, stats)


VARIANTS: dict[str, Callable[[Path, int, int], dict[str, Any]]] = {
    "sitemap": sitemap,
    "sitemap_naive": sitemap_naive,
    "core_1": core_1,
    "core_n": core_n,
    "crawl": crawl,
    "naive": naive,
    "fetch": fetch,
    "replay": replay,
    "cpu_per_page": cpu_per_page,
    "crawl_large": crawl_large,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(VARIANTS))
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--workers", type=int, default=0, help="0: the project's default")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    OVERRIDES.update(item.split("=", 1) for item in args.set)
    result = VARIANTS[args.name](args.work, args.pages, args.workers)
    (args.work / f"{args.name}.json").write_text(json.dumps(result))


if __name__ == "__main__":
    main()
