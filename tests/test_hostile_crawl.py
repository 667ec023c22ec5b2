"""A hostile site, crawled live on loopback servers this test starts.

The site at 127.0.0.1 tries to make the crawler read local files (``file://`` URLs in
robots.txt, a sitemap index and a feed link in the page head), fetch a second host,
127.0.0.2, which serves a secret (through robots.txt, a sitemap index, a redirect and a
meta refresh), hold a 200 MB page or a gzip bomb in memory (a page and a sitemap that
decode to 1 GiB each), and never finish (an endless calendar, an endless chain of sitemap
indexes). One crawl holds every case; each test reads one of them.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archiver.testing.hostile import (
    GIB,
    INDEX,
    URLSET,
    HostileSite,
    calendar,
    gzip_bomb,
    page,
    redirect,
    serve,
    sitemap_bomb,
    sitemap_chain,
    streamed,
)
from tests.conftest import SEED, read_jsonl, run_cli
from tests.crawl_helpers import run_files

ARTICLE = (SEED / "body.html").read_bytes()
SECRET_FILE = b"db_password = file-secret-7f3a9c"
SECRET_PAGE = b"<html><body><p>db_password = page-secret-91be42</p></body></html>"
PASSWD_LINE = b"root:x:0:0"
XML = "application/xml"


def sitemap(tag: str, *locs: str) -> bytes:
    child = "url" if tag == URLSET else "sitemap"
    close = "</urlset>" if tag == URLSET else "</sitemapindex>"
    return (tag + "".join(f"<{child}><loc>{x}</loc></{child}>" for x in locs) + close).encode()


def build(site: HostileSite, other: HostileSite, secret: Path) -> None:
    local = f"file://{secret}"
    other.prefixes["/"] = page(SECRET_PAGE)
    site.routes["/robots.txt"] = page(
        (
            f"User-agent: *\nSitemap: {local}\nSitemap: file:///etc/passwd\n"
            f"Sitemap: {other.url('/sitemap.xml')}\nSitemap: {site.url('/sitemap_index.xml')}\n"
            f"Sitemap: {site.url('/chain.xml?n=0')}\n"
        ).encode(),
        "text/plain",
    )
    site.routes["/sitemap_index.xml"] = page(
        sitemap(
            INDEX,
            local,
            other.url("/private-sitemap.xml"),
            site.url("/sitemap-news.xml"),
            site.url("/sitemap-bomb.xml.gz"),
        ),
        XML,
    )
    site.routes["/sitemap-news.xml"] = page(
        sitemap(
            URLSET,
            site.url("/news/good.html"),
            site.url("/news/moved.html"),
            site.url("/news/refresh.html"),
            site.url("/news/bomb.html"),
            site.url("/news/huge.html"),
            site.url("/news/charset.html"),
            local,
            other.url("/news/secret.html"),
        ),
        XML,
    )
    site.routes["/sitemap-bomb.xml.gz"] = page(sitemap_bomb(GIB), "application/x-gzip")
    sitemap_chain(site)
    site.routes["/"] = page(
        (
            '<html><head><link rel="alternate" type="application/rss+xml" '
            f'href="{local}"></head><body><a href="/news/linked.html">a</a>'
            f'<a href="{other.url("/news/secret.html")}">b</a><a href="/cal/0">c</a>'
            "</body></html>"
        ).encode()
    )
    calendar(site)
    site.routes["/news/good.html"] = page(ARTICLE)
    site.routes["/news/linked.html"] = page(ARTICLE.replace(b"Kerry", b"Kerry (linked)"))
    site.routes["/news/moved.html"] = redirect(other.url("/news/secret.html"))
    site.routes["/news/refresh.html"] = page(
        (
            '<html><head><meta http-equiv="refresh" '
            f'content="0;url={other.url("/news/secret.html")}"></head><body></body></html>'
        ).encode()
    )
    site.routes["/news/bomb.html"] = page(gzip_bomb(GIB), **{"Content-Encoding": "gzip"})
    site.routes["/news/huge.html"] = streamed(200 * 1024 * 1024)
    # UTF-8 bytes (a real French page) under a Latin-1 label.
    site.routes["/news/charset.html"] = page(
        ARTICLE.replace(b"Kerry", b"Kerry (charset)").replace(b'charset="utf-8"', b""),
        "text/html; charset=iso-8859-1",
    )


@dataclass
class Crawl:
    site: HostileSite
    other: HostileSite
    out: Path
    returncode: int
    stderr: str
    records: list[dict[str, object]]

    def skipped(self, reason: str) -> list[str]:
        """URLs of the skip lines with this reason."""
        marker = f": {reason} ("
        return sorted(
            line.split("skipped ", 1)[1].split(marker, 1)[0]
            for line in self.stderr.splitlines()
            if "[archiver.skips]" in line and marker in line
        )

    def summary(self) -> str:
        return next(x for x in self.stderr.splitlines() if x.startswith("crawl hostile:"))

    def stat(self, name: str) -> int | None:
        """A value from Scrapy's stats dump on stderr."""
        key = f"'{name}': "
        line = next((x for x in self.stderr.splitlines() if key in x), None)
        return None if line is None else int(line.split(key, 1)[1].rstrip(",}"))


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("hostile")
    sites, out, secret = tmp / "sites", tmp / "out", tmp / "secret.txt"
    sites.mkdir()
    secret.write_bytes(SECRET_FILE)
    with serve("127.0.0.1") as site, serve("127.0.0.2") as other:
        build(site, other, secret)
        (sites / "hostile.toml").write_text(
            f'domains = ["127.0.0.1"]\nfollow = true\n[start]\npages = ["{site.url("/")}"]\n'
            "[articles]\nallow = ['/news/']\n",
            encoding="utf-8",
        )
        proc = run_cli("crawl", "hostile", "--sites", str(sites), "--output-dir", str(out))
        (output,) = run_files(out, "hostile")
        yield Crawl(site, other, out, proc.returncode, proc.stderr, read_jsonl(output))


def output_bytes(out: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file under the output folder, gzip files (the WARCs) also decompressed."""
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path, data
        if data[:2] == b"\x1f\x8b":
            yield path, gzip.decompress(data)


def test_the_site_pages_are_archived(crawl: Crawl) -> None:
    # The run finishes; most of what the site offered was refused, which the end-of-run
    # skip-ratio monitor reports with exit status 1 (and nothing else fails).
    assert crawl.returncode == 1, crawl.stderr[-3000:]
    assert "'finish_reason': 'finished'" in crawl.stderr
    assert "'archiver/monitors/Ratios.test_skip_ratio': 'FAIL'" in crawl.stderr
    assert "'archiver/monitors/failed': 1," in crawl.stderr
    assert sorted(str(r["url"]) for r in crawl.records) == [
        crawl.site.url("/news/charset.html"),
        crawl.site.url("/news/good.html"),
        crawl.site.url("/news/linked.html"),
    ]


def test_a_mislabelled_charset_is_read_as_utf8_and_noted(crawl: Crawl) -> None:
    by_url = {str(r["url"]): r for r in crawl.records}
    mislabelled = by_url[crawl.site.url("/news/charset.html")]
    # The seed page's canonical link names its own site: the same note on both pages.
    other_host = {"field": "canonical_url", "reason": "on another host; kept as given"}
    assert mislabelled["problems"] == [
        {"field": "text", "reason": "charset: declared iso-8859-1, read as utf-8"},
        other_host,
    ]
    good = by_url[crawl.site.url("/news/good.html")]
    assert good["problems"] == [other_host]
    assert mislabelled["title"] == good["title"]
    assert "Ã" not in str(mislabelled["text"])


def test_no_local_file_is_read(crawl: Crawl) -> None:
    secret = f"file://{crawl.out.parent / 'secret.txt'}"
    # Two robots.txt lines, a sitemap index entry and a feed announced in the page head.
    assert crawl.skipped("refused_scheme") == sorted(["file:///etc/passwd", secret, secret, secret])
    for path, data in output_bytes(crawl.out):
        assert SECRET_FILE not in data, path
        assert PASSWD_LINE not in data, path


def test_no_other_host_is_fetched(crawl: Crawl) -> None:
    other = crawl.other
    assert other.hits == []
    # robots.txt, the sitemap index, the redirect and the meta refresh; the links to it in
    # the sitemap and the page are not the site's and are never requested at all.
    assert crawl.skipped("refused_offsite") == sorted(
        [
            other.url("/sitemap.xml"),
            other.url("/private-sitemap.xml"),
            other.url("/news/secret.html"),
            other.url("/news/secret.html"),
        ]
    )
    assert (
        f"skipped {other.url('/news/secret.html')}: refused_offsite (article: 127.0.0.2 is not "
        f"one of the site's domains; redirected from {crawl.site.url('/news/moved.html')})"
    ) in crawl.stderr
    for path, data in output_bytes(crawl.out):
        assert b"page-secret-91be42" not in data, path


def test_refusals_are_counted_in_the_summary(crawl: Crawl) -> None:
    line = crawl.summary()
    assert "refused_offsite=4" in line
    assert "refused_scheme=4" in line


def test_a_gzip_bomb_page_stops_at_the_size_cap(crawl: Crawl) -> None:
    assert crawl.skipped("too_large") == [
        crawl.site.url("/news/bomb.html"),
        crawl.site.url("/news/huge.html"),
    ]
    assert (
        f"skipped {crawl.site.url('/news/bomb.html')}: too_large (over DOWNLOAD_MAXSIZE "
        "(16777216 bytes) once decompressed, from "
    ) in crawl.stderr
    assert "too_large=2" in crawl.summary()


def test_a_200_mb_page_stops_at_the_size_cap(crawl: Crawl) -> None:
    assert (
        f"skipped {crawl.site.url('/news/huge.html')}: too_large (over DOWNLOAD_MAXSIZE "
        "(16777216 bytes))"
    ) in crawl.stderr
    # No body in the log: its lines stay short whatever the pages weigh.
    assert max(len(line) for line in crawl.stderr.splitlines()) < 2000
    assert len(crawl.stderr) < 200_000


def test_a_gzip_bomb_sitemap_stops_at_its_size_cap(crawl: Crawl) -> None:
    assert (
        f"bad sitemap {crawl.site.url('/sitemap-bomb.xml.gz')}: over 52428800 bytes once "
        "decompressed (ARCHIVER_SITEMAP_MAXSIZE)"
    ) in crawl.stderr


def test_an_endless_sitemap_chain_stops_at_the_sitemap_depth(crawl: Crawl) -> None:
    # robots.txt names ?n=0 (depth 0); ARCHIVER_SITEMAP_MAX_DEPTH = 3 reads down to ?n=3.
    chain = sorted(h for h in crawl.site.hits if h.startswith("/chain.xml"))
    assert chain == [f"/chain.xml?n={n}" for n in range(4)]
    assert crawl.stat("archiver/limits/sitemap_depth") == 1
    assert "ARCHIVER_SITEMAP_MAX_DEPTH=3: 1 sitemaps not read" in crawl.stderr


def test_an_endless_calendar_stops_at_the_depth_limit(crawl: Crawl) -> None:
    # The home page is depth 0, /cal/0 depth 1; DEPTH_LIMIT = 12 stops before /cal/12.
    months = sorted(int(h.removeprefix("/cal/")) for h in crawl.site.hits if h.startswith("/cal/"))
    assert months == list(range(12))
    assert crawl.stat("archiver/limits/depth") == 1
    assert "DEPTH_LIMIT=12: 1 requests not made" in crawl.stderr
