"""A local HTTP/1.1 server whose pages go over the wire chunked, gzip-encoded or plain
(and a 304 to any conditional request).

The WARC tests need what real servers send (Transfer-Encoding: chunked, Content-Encoding:
gzip, images, redirects) so that WARCs written by real tools against it hold them.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import FIXTURES, SEED, Quiet, serving

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    chunked: bool = False
    gzipped: bool = False
    location: str | None = None


@dataclass
class WireSite:
    pages: dict[str, Page] = field(default_factory=dict)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def fixture_body(name: str) -> bytes:
    """The body.html of a bundled fixture: real news pages, not made-up HTML."""
    folder = SEED if name == "franceinfo" else next((FIXTURES / name).iterdir())
    return (folder / "body.html").read_bytes()


def news_pages() -> dict[str, Page]:
    """Articles plain, chunked and gzip-encoded; an image, a stylesheet, a redirect."""
    return {
        "/news/wework.html": Page(fixture_body("techcrunch.com")),
        "/news/hong-kong.html": Page(fixture_body("theguardian.com"), chunked=True),
        "/news/kerry.html": Page(fixture_body("franceinfo"), gzipped=True),
        "/img/logo.png": Page(PNG, content_type="image/png"),
        "/css/site.css": Page(b"body { color: black }\n", content_type="text/css"),
        "/old/wework.html": Page(b"", status=301, location="/news/wework.html"),
    }


@contextmanager
def serve(pages: dict[str, Page]) -> Iterator[WireSite]:
    site = WireSite(pages)

    class Handler(Quiet, BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # chunked transfer exists only in 1.1

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            page = site.pages.get(self.path) or Page(b"<html><body>gone</body></html>", status=404)
            if page.status == 200 and self.headers.get("If-None-Match"):
                # Any conditional request is answered "not modified", as for an unchanged page.
                self.send_response(304)
                self.end_headers()
                return
            body = gzip.compress(page.body, mtime=0) if page.gzipped else page.body
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            if page.location:
                self.send_header("Location", site.url(page.location))
            if page.gzipped:
                self.send_header("Content-Encoding", "gzip")
            if page.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(body), 4096):
                    piece = body[i : i + 4096]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as site.port:
        yield site
