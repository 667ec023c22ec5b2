"""Crawls a site cannot keep going for ever: the page and time limits of one run.

(The depth limit and the sitemap depth limit are shown on the hostile site of
test_hostile_crawl, with their default values.) A run cut by a limit ends like a finished
one: exit 0, its records written, the state finished, the site lock free for the next run.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from archiver.discovery.feeds import NotAFeed, parse_feed
from archiver.incremental.lock import FileLock
from archiver.meta import ROLE, SITEMAP_DEPTH
from archiver.middlewares.limits import CrawlLimitsMiddleware
from archiver.testing.hostile import HostileSite, calendar, send, serve
from tests.conftest import SEED, read_jsonl, run_cli
from tests.crawl_helpers import run_files

ARTICLE = (SEED / "body.html").read_bytes()


def endless(site: HostileSite, delay: float = 0.0) -> None:
    """A calendar of three links a page, each page with its own article."""

    def story(h: BaseHTTPRequestHandler) -> None:
        n = h.path.removeprefix("/news/day-").removesuffix(".html")
        send(h, ARTICLE.replace(b"Kerry", f"Kerry on day {n}".encode()))

    site.routes["/"] = lambda h: send(h, b'<html><body><a href="/cal/0">cal</a></body></html>')
    calendar(site, fan_out=3, article="/news/day-", delay=delay)
    site.prefixes["/news/day-"] = story


def crawl(site: HostileSite, out: Path, *settings: str) -> tuple[int, str]:
    args = [x for s in settings for x in ("-s", s)]
    # An endless site's cut-off links fail the end-of-run monitors by design; these tests
    # judge the limits and the exit of the crawl itself.
    args += ["-s", "SPIDERMON_ENABLED=False"]
    proc = run_cli("crawl", site.url("/"), "--output-dir", str(out), *args)
    return proc.returncode, proc.stderr


def assert_ended_normally(
    out: Path, site: HostileSite, code: int, stderr: str, some_records: bool = True
) -> int:
    assert code == 0, stderr[-3000:]
    (records,) = run_files(out, f"127.0.0.1_{site.port}")
    written = len(read_jsonl(records))
    assert written > 0 or not some_records
    assert f"crawl 127.0.0.1_{site.port}: {written} records written" in stderr
    lock = FileLock(out / f"127.0.0.1_{site.port}" / ".lock")
    lock.acquire()  # free: the run released it
    lock.release()
    return written


def test_pages_per_run(tmp_path: Path) -> None:
    with serve() as site:
        endless(site)
        code, stderr = crawl(site, tmp_path, "CLOSESPIDER_PAGECOUNT=10")
    assert "finish reason closespider_pagecount" in stderr
    assert "'archiver/limits/pages': 1" in stderr
    assert "crawl limits reached: CLOSESPIDER_PAGECOUNT=10 stopped the run" in stderr
    assert_ended_normally(tmp_path, site, code, stderr)
    # Scrapy stops scheduling at the count; the requests already in flight still land.
    assert 10 <= len(site.hits) < 10 + 16


def test_run_time(tmp_path: Path) -> None:
    with serve() as site:
        endless(site, delay=0.2)
        code, stderr = crawl(site, tmp_path, "CLOSESPIDER_TIMEOUT=3")
    assert "finish reason closespider_timeout" in stderr
    assert "'archiver/limits/run_time': 1" in stderr
    # How many pages fit in the time depends on the machine: the records file is written
    # and closed whatever it holds.
    assert_ended_normally(tmp_path, site, code, stderr, some_records=False)


def sitemap_request(url: str) -> Request:
    return Request(url, meta={ROLE: "sitemap"})


def limits(**settings: object) -> CrawlLimitsMiddleware:
    crawler = get_crawler(Spider, {"ARCHIVER_SITEMAP_MAXSIZE": 50 * 1024 * 1024, **settings})
    crawler.stats.open_spider()
    return CrawlLimitsMiddleware.from_crawler(crawler)


def test_sitemap_depth_counts_index_hops_from_the_start_point() -> None:
    mw = limits(ARCHIVER_SITEMAP_MAX_DEPTH=2)
    robots = Response(
        "http://a.example/robots.txt",
        request=Request("http://a.example/robots.txt", meta={ROLE: "robots.txt"}),
    )
    request = mw.get_processed_request(sitemap_request("http://a.example/s0.xml"), robots)
    depths = []
    while request is not None:
        depths.append(request.meta[SITEMAP_DEPTH])
        assert request.meta["download_maxsize"] == 50 * 1024 * 1024
        parent = Response(request.url, request=request)
        request = mw.get_processed_request(sitemap_request(request.url + "x"), parent)
    assert depths == [0, 1, 2]
    assert mw.crawler.stats.get_value("archiver/limits/sitemap_depth") == 1


def test_sitemap_count_per_run() -> None:
    mw = limits(ARCHIVER_SITEMAP_MAX_COUNT=3)
    index = Request("http://a.example/index.xml", meta={ROLE: "sitemap", SITEMAP_DEPTH: 0})
    parent = Response(index.url, request=index)
    kept = [
        mw.get_processed_request(sitemap_request(f"http://a.example/{i}.xml"), parent)
        for i in range(5)
    ]
    assert [r.url for r in kept if r is not None] == [f"http://a.example/{i}.xml" for i in range(3)]
    assert mw.crawler.stats.get_value("archiver/limits/sitemap_count") == 2
    # Pages are never counted as sitemaps.
    page = Request("http://a.example/news/1.html", meta={ROLE: "article"})
    assert mw.get_processed_request(page, parent) is page


def test_a_feed_over_its_size_cap_is_not_parsed() -> None:
    rss = b'<rss version="2.0"><channel><item><link>http://a.example/1</link></item>'
    body = rss + b" " * 1000 + b"</channel></rss>"
    assert [e.link for e in parse_feed(body, "http://a.example/", 0)] == ["http://a.example/1"]
    with pytest.raises(NotAFeed, match=r"over ARCHIVER_FEED_MAXSIZE \(1000 bytes\)"):
        parse_feed(body, "http://a.example/", 1000)
