"""A hostile site, crawled live on loopback servers this test starts.

The site at 127.0.0.1 tries to make the crawler read local files (``file://`` URLs in
robots.txt, a sitemap index and a feed link in the page head) and fetch a second host,
127.0.0.2, which serves a secret (through robots.txt, a sitemap index, a redirect and a
meta refresh). One crawl holds every case; each test reads one of them.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import SEED, Quiet, read_jsonl, run_cli, serving
from tests.crawl_helpers import ScriptedSite, run_files, scripted_site

ARTICLE = (SEED / "body.html").read_bytes()
SECRET_FILE = b"db_password = file-secret-7f3a9c"
SECRET_PAGE = b"<html><body><p>db_password = page-secret-91be42</p></body></html>"
PASSWD_LINE = b"root:x:0:0"


@dataclass
class OtherHost:
    """The second loopback host: anything it is asked for is a leak."""

    port: int = 0
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.2:{self.port}{path}"


@pytest.fixture(scope="module")
def other_host() -> Iterator[OtherHost]:
    host = OtherHost()
    lock = threading.Lock()

    class Handler(Quiet, BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with lock:
                host.hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(SECRET_PAGE)))
            self.end_headers()
            self.wfile.write(SECRET_PAGE)

    with serving(ThreadingHTTPServer(("127.0.0.2", 0), Handler)) as host.port:
        yield host


def build(site: ScriptedSite, other: OtherHost, secret: Path) -> None:
    local = f"file://{secret}"
    site.page(
        "/robots.txt",
        (
            f"User-agent: *\nSitemap: {local}\nSitemap: file:///etc/passwd\n"
            f"Sitemap: {other.url('/sitemap.xml')}\nSitemap: {site.url('/sitemap_index.xml')}\n"
        ).encode(),
        "text/plain",
    )
    index = "".join(
        f"<sitemap><loc>{loc}</loc></sitemap>"
        for loc in (local, other.url("/private-sitemap.xml"), site.url("/sitemap-news.xml"))
    )
    site.page(
        "/sitemap_index.xml",
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}'
        "</sitemapindex>".encode(),
        "application/xml",
    )
    urls = "".join(
        f"<url><loc>{loc}</loc></url>"
        for loc in (
            site.url("/news/good.html"),
            site.url("/news/moved.html"),
            site.url("/news/refresh.html"),
            local,
            other.url("/news/secret.html"),
        )
    )
    site.page(
        "/sitemap-news.xml",
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(),
        "application/xml",
    )
    site.page(
        "/",
        (
            '<html><head><link rel="alternate" type="application/rss+xml" '
            f'href="{local}"></head><body><a href="/news/linked.html">a</a>'
            f'<a href="{other.url("/news/secret.html")}">b</a></body></html>'
        ).encode(),
    )
    site.page("/news/good.html", ARTICLE)
    site.page("/news/linked.html", ARTICLE.replace(b"Kerry", b"Kerry (linked)"))
    site.routes["/news/moved.html"] = site.routes["/news/good.html"].__class__(
        [(302, {"Location": other.url("/news/secret.html")}, b"")]
    )
    site.page(
        "/news/refresh.html",
        (
            '<html><head><meta http-equiv="refresh" '
            f'content="0;url={other.url("/news/secret.html")}"></head><body></body></html>'
        ).encode(),
    )


@dataclass
class Crawl:
    site: ScriptedSite
    other: OtherHost
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


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory, other_host: OtherHost) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("hostile")
    sites, out, secret = tmp / "sites", tmp / "out", tmp / "secret.txt"
    sites.mkdir()
    secret.write_bytes(SECRET_FILE)
    with scripted_site() as site:
        build(site, other_host, secret)
        (sites / "hostile.toml").write_text(
            f'domains = ["127.0.0.1"]\n[start]\npages = ["{site.url("/")}"]\n'
            "[articles]\nallow = ['/news/']\n",
            encoding="utf-8",
        )
        proc = run_cli("crawl", "hostile", "--sites", str(sites), "--output-dir", str(out))
        (output,) = run_files(out, "hostile")
        yield Crawl(site, other_host, out, proc.returncode, proc.stderr, read_jsonl(output))


def output_bytes(out: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file under the output folder, gzip files (the WARCs) also decompressed."""
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path, data
        if data[:2] == b"\x1f\x8b":
            yield path, gzip.decompress(data)


def test_the_site_pages_are_archived(crawl: Crawl) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert sorted(str(r["url"]) for r in crawl.records) == [
        crawl.site.url("/news/good.html"),
        crawl.site.url("/news/linked.html"),
    ]


def test_no_local_file_is_read(crawl: Crawl, tmp_path_factory: pytest.TempPathFactory) -> None:
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
    line = next(x for x in crawl.stderr.splitlines() if x.startswith("crawl hostile:"))
    assert "refused_offsite=4" in line
    assert "refused_scheme=4" in line
