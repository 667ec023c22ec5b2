"""What a user expects when a site misbehaves: each case named, counted, and the crawl goes on.

One scripted site holds every case (a crawl costs seconds); each test reads one of them:
503 then recovery, a 500 that never recovers, a timeout, a redirect loop, a robots.txt
that disallows a section, a malformed sitemap, a gzipped sitemap, a non-HTML page.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, read_jsonl, run_cli
from tests.crawl_helpers import Scripted, ScriptedSite, free_port, run_files, scripted_site

ARTICLE = (SEED / "body.html").read_bytes()
XML = {"Content-Type": "application/xml"}


def urlset(site: ScriptedSite, *paths: str) -> bytes:
    urls = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    ).encode()


def build(site: ScriptedSite) -> None:
    robots = f"User-agent: *\nDisallow: /news/private/\nSitemap: {site.url('/sitemap_index.xml')}\n"
    site.page("/robots.txt", robots.encode(), "text/plain")
    index = "".join(
        f"<sitemap><loc>{site.url(p)}</loc></sitemap>"
        for p in ("/sitemap-main.xml", "/sitemap-broken.xml", "/sitemap-old.xml.gz")
    )
    site.page(
        "/sitemap_index.xml",
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + index.encode()
        + b"</sitemapindex>",
        "application/xml",
    )
    main = ("flaky", "broken", "slow", "loop", "private/secret")
    paths = [f"/news/{name}.html" for name in main] + ["/news/report.pdf"]
    site.page("/sitemap-main.xml", urlset(site, *paths), "application/xml")
    # Cut off mid-entry: the first entry is readable, the rest is lost.
    broken = urlset(site, "/news/before-damage.html", "/news/after-damage.html")
    site.routes["/sitemap-broken.xml"] = Scripted([(200, XML, broken[: broken.index(b"after")])])
    gzipped = gzip.compress(urlset(site, "/news/archived.html"))
    site.page("/sitemap-old.xml.gz", gzipped, "application/x-gzip")
    site.page(
        "/",
        b'<html><body><a href="/news/plain.html">a</a>'
        b'<a href="/news/private/hidden.html">b</a></body></html>',
    )
    # A feed URL that now serves the home page instead.
    site.page("/feed.xml", b"<!DOCTYPE html><html><body><p>Moved</p></body></html>")
    for path in ("/news/plain.html", "/news/before-damage.html", "/news/archived.html"):
        site.page(path, ARTICLE)
    site.routes["/news/flaky.html"] = Scripted(
        [(503, {}, b"busy"), (503, {}, b"busy"), (200, {"Content-Type": "text/html"}, ARTICLE)]
    )
    site.routes["/news/broken.html"] = Scripted([(500, {}, b"error")])
    site.routes["/news/slow.html"] = Scripted([(200, {"Content-Type": "text/html"}, ARTICLE)], 4.0)
    site.routes["/news/loop.html"] = Scripted([(302, {"Location": "/news/loop-2.html"}, b"")])
    site.routes["/news/loop-2.html"] = Scripted([(302, {"Location": "/news/loop.html"}, b"")])
    site.page("/news/report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" * 50, "application/pdf")


@dataclass
class Crawl:
    site: ScriptedSite
    returncode: int
    stderr: str
    urls: set[str]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("failures")
    sites, out = tmp / "sites", tmp / "out"
    sites.mkdir()
    with scripted_site() as site:
        build(site)
        (sites / "shaky.toml").write_text(
            f'domains = ["127.0.0.1"]\n[start]\npages = ["{site.url("/")}"]\n'
            f'feeds = ["{site.url("/feed.xml")}"]\n'
            "[articles]\nallow = ['/news/']\n[follow]\nallow = ['/section/']\n",
            encoding="utf-8",
        )
        proc = run_cli(
            "crawl", "shaky", "--sites", str(sites), "--output-dir", str(out),
            "-s", "DOWNLOAD_TIMEOUT=1",
        )  # fmt: skip
        (output,) = run_files(out, "shaky")
        urls = {str(r["url"]).removeprefix(site.url("")) for r in read_jsonl(output)}
        yield Crawl(site, proc.returncode, proc.stderr, urls)


def test_good_pages_written_and_exit_zero(crawl: Crawl) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert crawl.urls == {
        "/news/plain.html",
        "/news/flaky.html",
        "/news/before-damage.html",
        "/news/archived.html",
    }


def test_503_is_retried_until_the_server_recovers(crawl: Crawl) -> None:
    # Scrapy's default: two retries; the third attempt gets the 200.
    assert crawl.site.hits.count("/news/flaky.html") == 3
    assert "/news/flaky.html" in crawl.urls


def test_500_that_never_recovers_is_a_counted_failure(crawl: Crawl) -> None:
    assert crawl.site.hits.count("/news/broken.html") == 3
    assert (
        f"failed article {crawl.site.url('/news/broken.html')}: HTTP 500 after 3 attempts"
        in crawl.stderr
    )
    assert "http_500=1" in crawl.stderr


def test_timeout_is_a_counted_failure(crawl: Crawl) -> None:
    assert crawl.site.hits.count("/news/slow.html") == 3
    assert (
        f"failed article {crawl.site.url('/news/slow.html')}: no answer within 1s after 3 attempts"
        in crawl.stderr
    )
    assert "timeout=1" in crawl.stderr


def test_redirect_loop_is_named(crawl: Crawl) -> None:
    loop = " -> ".join(crawl.site.url(p) for p in ("/news/loop.html", "/news/loop-2.html"))
    assert f"redirect loop, giving up: {loop} -> {crawl.site.url('/news/loop.html')}" in (
        crawl.stderr
    )
    assert "redirect_loop=1" in crawl.stderr


def test_robots_txt_disallowed_section_is_never_fetched(crawl: Crawl) -> None:
    assert not [h for h in crawl.site.hits if h.startswith("/news/private/")]
    assert "robots_txt=2" in crawl.stderr
    assert f"robots.txt disallows {crawl.site.url('/news/private/secret.html')}" in crawl.stderr


def test_malformed_sitemap_is_reported_and_its_readable_part_used(crawl: Crawl) -> None:
    assert f"bad sitemap {crawl.site.url('/sitemap-broken.xml')}: malformed XML" in crawl.stderr
    assert "bad_sitemap=1" in crawl.stderr
    assert "entries read before it: 1" in crawl.stderr
    assert "/news/before-damage.html" in crawl.urls
    assert "/news/archived.html" in crawl.urls  # from the gzipped sitemap


def test_a_feed_that_is_not_a_feed_is_reported(crawl: Crawl) -> None:
    assert f"bad feed {crawl.site.url('/feed.xml')}: not RSS or Atom (root element <html>)" in (
        crawl.stderr
    )
    assert "bad_feed=1" in crawl.stderr


def test_non_html_page_is_a_counted_skip(crawl: Crawl) -> None:
    assert "/news/report.pdf" in crawl.site.hits
    assert "/news/report.pdf" not in crawl.urls
    assert f"skipped {crawl.site.url('/news/report.pdf')}: not_html (no HTML markup" in crawl.stderr
    line = next(x for x in crawl.stderr.splitlines() if x.startswith("crawl shaky:"))
    assert line.startswith("crawl shaky: 4 records written (4 new, 0 changed), 0 unchanged, 7 ")
    assert "not_html=1" in line
    # failed article fetches are ledger lines too
    assert "http_500=1" in line and "timeout=1" in line


def test_unreachable_site_fails_with_nonzero_exit(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    proc = run_cli("crawl", url, "--output-dir", str(tmp_path), "-s", "RETRY_TIMES=0")
    assert proc.returncode == 1
    assert "no start point could be fetched" in proc.stderr
    assert f"failed start page {url}: cannot connect" in proc.stderr


def test_unknown_profile_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("crawl", "no-such-site", "--output-dir", str(tmp_path))
    assert proc.returncode == 2
    assert "no site profile named 'no-such-site' (known: franceinfo" in proc.stderr


def test_second_run_of_a_site_waits_for_the_first(tmp_path: Path) -> None:
    """A cron run that overlaps the previous one leaves at once, exit 75, nothing written."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from archiver.incremental.lock import "
         "FileLock; FileLock(Path(sys.argv[1])).acquire(); print('held', flush=True); "
         "time.sleep(60)",
         str(tmp_path / "franceinfo" / ".lock")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        proc = run_cli("crawl", "franceinfo", "--output-dir", str(tmp_path))
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 75
    assert f"crawl franceinfo: not started: another crawl holds {tmp_path}" in proc.stderr
    assert f"(pid {holder.pid})" in proc.stderr
    assert not list((tmp_path / "franceinfo").glob("*.jsonl"))
