"""Crawls a site cannot keep going for ever: the page and time limits of one run.

(The depth limit and the sitemap depth limit are shown on the hostile site of
test_hostile_crawl, with their default values.) A run cut by a limit ends like a finished
one: exit 0, its records written, the state finished, the site lock free for the next run.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

from archiver.incremental.lock import acquire, release
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
    proc = run_cli("crawl", site.url("/"), "--output-dir", str(out), *args)
    return proc.returncode, proc.stderr


def assert_ended_normally(out: Path, site: HostileSite, code: int, stderr: str) -> int:
    assert code == 0, stderr[-3000:]
    (records,) = run_files(out, f"127.0.0.1_{site.port}")
    written = len(read_jsonl(records))
    assert written > 0
    assert f"crawl 127.0.0.1_{site.port}: {written} records written" in stderr
    lock = out / f"127.0.0.1_{site.port}" / ".lock"
    acquire(lock)  # free: the run released it
    release(lock)
    return written


def test_pages_per_run(tmp_path: Path) -> None:
    with serve() as site:
        endless(site)
        code, stderr = crawl(site, tmp_path, "CLOSESPIDER_PAGECOUNT=30")
    assert "finish reason closespider_pagecount" in stderr
    assert "'archiver/limits/pages': 1" in stderr
    assert "crawl limits reached: CLOSESPIDER_PAGECOUNT=30 stopped the run" in stderr
    assert_ended_normally(tmp_path, site, code, stderr)
    # Scrapy stops scheduling at the count; the requests already in flight still land.
    assert 30 <= len(site.hits) < 30 + 16


def test_run_time(tmp_path: Path) -> None:
    with serve() as site:
        endless(site, delay=0.2)
        code, stderr = crawl(site, tmp_path, "CLOSESPIDER_TIMEOUT=4")
    assert "finish reason closespider_timeout" in stderr
    assert "'archiver/limits/run_time': 1" in stderr
    assert_ended_normally(tmp_path, site, code, stderr)
