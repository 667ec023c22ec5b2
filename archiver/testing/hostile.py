"""A hostile web site and hostile WARC files, for tests and benchmarks on loopback only.

The server answers from a table of routes (exact paths, then path prefixes), each a
function of the request handler, so a page can be streamed (a 200 MB body never held in
memory), redirected, or made endless (a calendar, a chain of sitemap indexes). The bombs
are gzip members repeated: 16 MiB of one byte compress to 16 KB, so a body that
decompresses to a gibibyte costs a megabyte and a fraction of a second to build.

    python -m archiver.testing.hostile   # prints the size of each bomb, as a check
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MIB = 1 << 20
GIB = 1 << 30
_MEMBER = 16 * MIB
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
INDEX = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'

Route = Callable[[BaseHTTPRequestHandler], None]


def gzip_bomb(decoded: int, fill: bytes = b"\0", head: bytes = b"") -> bytes:
    """gzip data that decodes to ``head`` plus ``decoded`` bytes of ``fill`` (rounded down
    to 16 MiB), as concatenated members, which every gzip reader reads on."""
    member = gzip.compress(fill * (_MEMBER // len(fill)), compresslevel=9, mtime=0)
    parts = [gzip.compress(head, mtime=0)] if head else []
    return b"".join(parts + [member] * (decoded // _MEMBER))


def sitemap_bomb(decoded: int) -> bytes:
    """A gzipped sitemap: a urlset start tag, then ``decoded`` bytes of spaces."""
    return gzip_bomb(decoded, b" ", head=f'<?xml version="1.0"?>\n{URLSET}'.encode())


def send(
    handler: BaseHTTPRequestHandler,
    body: bytes,
    content_type: str = "text/html",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def page(body: bytes, content_type: str = "text/html", **headers: str) -> Route:
    return lambda h: send(h, body, content_type, headers=headers)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, b"", status=status, headers={"Location": location})


def streamed(size: int, chunk: bytes = b"<p>" + b"x" * (MIB - 8) + b"</p>\n") -> Route:
    """A page of ``size`` bytes written chunk by chunk, with no Content-Length (the
    connection's end is the body's): the client learns its size only by reading it."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h.wfile.write(b"<!DOCTYPE html><html><body>")
        sent = 0
        try:
            while sent < size:
                h.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up at its size cap, as it should

    return route


@dataclass
class HostileSite:
    host: str = "127.0.0.1"
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    prefixes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str) -> Route | None:
        if path in self.routes:
            return self.routes[path]
        return next((r for p, r in self.prefixes.items() if path.startswith(p)), None)


@contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[HostileSite]:
    """Serve a HostileSite on ``host`` (a loopback address) for the block."""
    site = HostileSite(host)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with lock:
                site.hits.append(self.path)
            route = site.route(self.path)
            if route is None:
                send(self, b"<html><body><p>not found</p></body></html>", status=404)
            else:
                route(self)

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    site.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def calendar(
    site: HostileSite,
    prefix: str = "/cal/",
    fan_out: int = 1,
    article: str = "",
    delay: float = 0.0,
) -> None:
    """An endless calendar: page N links to the next ``fan_out`` pages (N*fan_out+1...)
    and, given an ``article`` path prefix, to the article ``<article>N.html``."""

    def route(h: BaseHTTPRequestHandler) -> None:
        if delay:
            time.sleep(delay)
        n = int(h.path.removeprefix(prefix).split("/")[0] or 0)
        links = "".join(
            f'<a href="{prefix}{n * fan_out + k}">next</a>' for k in range(1, fan_out + 1)
        )
        if article:
            links += f'<a href="{article}{n}.html">story</a>'
        send(h, f"<html><body><h1>Month {n}</h1>{links}</body></html>".encode())

    site.prefixes[prefix] = route


def sitemap_chain(site: HostileSite, path: str = "/chain.xml") -> None:
    """An endless chain of sitemap indexes: ``?n=N`` lists ``?n=N+1``."""

    def route(h: BaseHTTPRequestHandler) -> None:
        n = int(h.path.partition("?n=")[2] or 0)
        body = (
            f"{INDEX}<sitemap><loc>{site.url(f'{path}?n={n + 1}')}</loc></sitemap></sitemapindex>"
        )
        send(h, body.encode(), "application/xml")

    site.prefixes[path] = route


def write_warc(path: Path, responses: list[tuple[str, dict[str, str], bytes]]) -> list[int]:
    """A gzipped WARC of response records (url, HTTP headers, payload as sent); returns
    the offset of each record."""
    offsets = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, headers, payload in responses:
            offsets.append(fh.tell())
            http = StatusAndHeaders("200 OK", list(headers.items()), protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(payload), http_headers=http
            )
            writer.write_record(record)
    return offsets


def corrupt_member(path: Path, offset: int, end: int) -> None:
    """Flip the bytes in the middle third of the gzip member at ``offset`` (up to ``end``)."""
    data = bytearray(path.read_bytes())
    third = (end - offset) // 3
    for i in range(offset + third, offset + 2 * third):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def misstate_length(path: Path, offset: int, end: int, delta: int) -> int:
    """Rewrite the gzip member at ``offset`` with a Content-Length ``delta`` bytes off;
    returns where the member now ends."""
    data = path.read_bytes()
    record = gzip.decompress(data[offset:end])
    head, _, rest = record.partition(b"Content-Length: ")
    number, _, tail = rest.partition(b"\r\n")
    wrong = head + b"Content-Length: %d\r\n" % (int(number) + delta) + tail
    member = gzip.compress(wrong, mtime=0)
    path.write_bytes(data[:offset] + member + data[end:])
    return offset + len(member)


if __name__ == "__main__":
    for name, data in (("page bomb", gzip_bomb(GIB)), ("sitemap bomb", sitemap_bomb(GIB))):
        print(f"{name}: {len(data)} bytes, {len(gzip.decompress(data))} decoded")
