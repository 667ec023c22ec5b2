"""A small Common Crawl on 127.0.0.1, for tests and benchmarks of archiver.commoncrawl.

``build(root)`` writes a CC-NEWS layout: the May 2024 path listing
(``crawl-data/CC-NEWS/2024/05/warc.paths.gz``) and its gzipped WARC files, each a
warcinfo record then request/response pairs as Common Crawl writes them: news pages of
several hosts (some dated outside the period, some undated, some in French), images and
PDFs, and in the last file one member whose compressed bytes are damaged. It returns what
a run should find. ``CommonCrawlServer`` serves the folder with range requests, a CDX
index of the files (``/CC-MAIN-2024-22-index``), and on request some 503 answers with
``Retry-After`` or a body cut off mid-way.

    python -m archiver.testing.ccnews OUT_DIR --records 1000 --wanted 0.1
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

LISTING = "crawl-data/CC-NEWS/2024/05/warc.paths.gz"
CRAWL = "CC-MAIN-2024-22"
WANTED_HOST = "a.example"
OTHER_HOSTS = ("other.example", "b.example", "a.example.org")
_PARAGRAPHS = {
    "en": (
        "The harbour reopened on Friday after three weeks of repairs to the sea wall, which "
        "was damaged when the storm reached the coast.",
        "Engineers said the new wall stands half a metre higher than the old one and should "
        "hold against the waves of a storm of the same strength, at a cost of two million.",
        "Shop owners along the quay said trade had fallen by half while the harbour was "
        "shut, and hoped the summer season would make up for the lost weeks of business.",
    ),
    "fr": (
        "Le port a rouvert vendredi après trois semaines de travaux sur la digue, abîmée "
        "quand la tempête a atteint la côte, selon la mairie.",
        "Les ingénieurs expliquent que la nouvelle digue est plus haute d'un demi-mètre que "
        "l'ancienne et qu'elle devrait résister aux vagues d'une tempête de même force.",
        "Les commerçants du quai disent que leur chiffre d'affaires a baissé de moitié "
        "pendant la fermeture, et espèrent que l'été rattrapera les semaines perdues.",
    ),
}


@dataclass(frozen=True)
class Page:
    url: str
    kind: str  # "html", "image", "pdf"
    published: str | None  # an ISO datetime, or None: no date on the page
    language: str = "en"
    warc_file: str = ""
    offset: int = -1  # of the response record's member in its file


@dataclass
class Layout:
    root: Path
    files: list[str]
    pages: list[Page]
    damaged: tuple[str, int]  # (file, offset) of the damaged member
    index: list[dict[str, Any]] = field(default_factory=list)  # CDX lines

    def readable(self) -> list[Page]:
        """Every page but the damaged one."""
        return [p for p in self.pages if (p.warc_file, p.offset) != self.damaged]


def html_page(title: str, published: str | None, language: str, serial: int) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in _PARAGRAPHS[language])
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>Report number {serial}.</p>{paragraphs}</article>"
        "<footer>Contact</footer></body></html>"
    ).encode()


def _plan(records: int, wanted: float, serial0: int, fetched_day: int) -> list[Page]:
    """Which pages a file holds: every 10th not HTML; a ``wanted`` share on WANTED_HOST
    (or a subdomain), of which some dated before the period, some undated, some French.
    Pages are published up to two days before the file's day, never after it."""
    pages = []
    every = max(1, round(1 / wanted)) if wanted else 0
    for i in range(records):
        serial = serial0 + i
        day = max(1, fetched_day - serial % 3)
        published: str | None = f"2024-05-{day:02d}T08:30:00+00:00"
        language = "en"
        if every and i % every == 0:
            host = WANTED_HOST if (i // every) % 3 else f"news.{WANTED_HOST}:8443"
            n = i // every
            if n % 7 == 3:
                published = "2023-11-20T08:30:00+00:00"
            elif n % 7 == 5:
                published = None
            elif n % 7 == 6:
                language = "fr"
        else:
            host = OTHER_HOSTS[i % len(OTHER_HOSTS)]
        kind = "html"
        if i % 10 == 9:
            kind = "image" if i % 20 == 9 else "pdf"
        ext = {"html": "", "image": ".jpg", "pdf": ".pdf"}[kind]
        url = f"https://{host}/news/2024/report-{serial}{ext}"
        pages.append(Page(url, kind, published, language))
    return pages


def _write_file(
    path: Path, name: str, pages: list[Page], fetched: str, bodies: list[bytes] | None = None
) -> list[Page]:
    placed = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(name, {"software": "archiver.testing.ccnews"})
        writer.write_record(info)
        for serial, page in enumerate(pages):
            if page.kind == "html" and bodies:
                # A real page, made unique so that no two payloads are the same.
                body = bodies[serial % len(bodies)] + f"<!-- {page.url} -->".encode()
                content_type = "text/html; charset=utf-8"
            elif page.kind == "html":
                body = html_page(
                    f"Report {page.url.rsplit('-', 1)[-1]}", page.published, page.language, serial
                )
                content_type = "text/html; charset=utf-8"
            elif page.kind == "image":
                body, content_type = b"\xff\xd8\xff\xe0" + bytes(200), "image/jpeg"
            else:
                body, content_type = b"%PDF-1.4\n" + bytes(300), "application/pdf"
            request = writer.create_warc_record(
                page.url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "x")], is_http_request=True
                ),
                warc_headers_dict={"WARC-Date": fetched},
            )
            writer.write_record(request)
            offset = out.tell()
            response = writer.create_warc_record(
                page.url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                    protocol="HTTP/1.1",
                ),
                warc_headers_dict={"WARC-Date": fetched},
            )
            writer.write_record(response)
            placed.append(Page(page.url, page.kind, page.published, page.language, name, offset))
    return placed


def _damage(path: Path, offset: int) -> None:
    """Flip bytes inside the deflate data of the member at ``offset``."""
    data = bytearray(path.read_bytes())
    for i in range(offset + 40, offset + 60):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def build(
    root: Path,
    records: int = 36,
    wanted: float = 0.25,
    files: int = 2,
    damage: bool = True,
    bodies: list[bytes] | None = None,
) -> Layout:
    """``files`` WARC files of ``records`` pages each, a ``wanted`` share on WANTED_HOST;
    ``bodies``: real HTML pages to use instead of generated ones."""
    names = [
        f"crawl-data/CC-NEWS/2024/05/CC-NEWS-202405{day:02d}120000-{n:05d}.warc.gz"
        for n, day in enumerate(range(3, 3 + 7 * files, 7))
    ]
    pages: list[Page] = []
    for n, name in enumerate(names):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        day = int(name.rsplit("CC-NEWS-", 1)[1][6:8])
        fetched = f"2024-05-{day:02d}T12:00:00Z"
        pages += _write_file(path, name, _plan(records, wanted, n * records, day), fetched, bodies)
    last = [p for p in pages if p.warc_file == names[-1]]
    damaged = last[len(last) * 3 // 4]
    if damage:
        _damage(root / damaged.warc_file, damaged.offset)
    (root / LISTING).write_bytes(gzip.compress(("\n".join(names) + "\n").encode()))
    where = (damaged.warc_file, damaged.offset) if damage else ("", 0)
    layout = Layout(root, names, pages, where)
    sizes = _member_sizes(root, pages)
    for page in pages:
        layout.index.append(
            {
                "url": page.url,
                "filename": page.warc_file,
                "offset": str(page.offset),
                "length": str(sizes[(page.warc_file, page.offset)]),
                "status": "200",
                "mime": {"html": "text/html", "image": "image/jpeg", "pdf": "application/pdf"}[
                    page.kind
                ],
            }
        )
    return layout


def _member_sizes(root: Path, pages: list[Page]) -> dict[tuple[str, int], int]:
    sizes = {}
    for name in {p.warc_file for p in pages}:
        offsets = sorted(p.offset for p in pages if p.warc_file == name)
        size = (root / name).stat().st_size
        data = (root / name).read_bytes()
        for offset in offsets:
            end = data.find(b"\x1f\x8b\x08", offset + 10)  # the next member: its request
            sizes[(name, offset)] = (end if end > 0 else size) - offset
    return sizes


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class CommonCrawlServer(ThreadingHTTPServer):
    """Serves a layout's folder (with ranges) and its CDX index on 127.0.0.1."""

    def __init__(self, layout: Layout) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.layout = layout
        self.lock = threading.Lock()
        self.busy = 0  # answer this many next requests with 503 and Retry-After: 1
        self.cut_once: set[str] = set()  # paths whose next full answer stops half-way
        self.log: list[tuple[str, str]] = []  # (path with query, Range header)
        self.pause = 0.0  # seconds between 16 KB chunks of a file: a slow server
        self.daemon_threads = True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    server: CommonCrawlServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.log.append((self.path, self.headers.get("Range", "")))
            if server.busy:
                server.busy -= 1
                self._send(503, b"busy", {"Retry-After": "1"})
                return
        parts = urlsplit(self.path)
        if parts.path.endswith("-index"):
            self._index(parse_qs(parts.query))
            return
        path = (server.layout.root / parts.path.lstrip("/")).resolve()
        if not path.is_file() or server.layout.root.resolve() not in path.parents:
            self._send(404, b"not found", {})
            return
        data = path.read_bytes()
        start, end = 0, len(data)
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        status = 200
        if match:
            start = int(match[1])
            end = min(len(data), int(match[2]) + 1) if match[2] else len(data)
            status = 206
        body = data[start:end]
        headers = {"Content-Type": "application/octet-stream"}
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(data)}"
        with server.lock:
            cut = parts.path.lstrip("/") in server.cut_once and len(body) > 4096
            if cut:
                server.cut_once.discard(parts.path.lstrip("/"))
        if cut:
            self.send_response(status)
            for k, v in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if server.pause:
            self.send_response(status)
            for k, v in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(k, v)
            self.end_headers()
            for i in range(0, len(body), 16384):
                self.wfile.write(body[i : i + 16384])
                self.wfile.flush()
                time.sleep(server.pause)
            return
        self._send(status, body, headers)

    def _index(self, query: dict[str, list[str]]) -> None:
        site = query.get("url", [""])[0].lower()
        hits = [
            h
            for h in self.server.layout.index
            if host_of(h["url"]) == site or host_of(h["url"]).endswith("." + site)
        ]
        per_page = 5
        pages = max(1, -(-len(hits) // per_page))
        if query.get("showNumPages"):
            self._send(200, json.dumps({"pages": pages, "pageSize": per_page}).encode(), {})
            return
        page = int(query.get("page", ["0"])[0])
        lines = hits[page * per_page : (page + 1) * per_page]
        self._send(200, "".join(json.dumps(h) + "\n" for h in lines).encode(), {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=36, help="response records per file")
    parser.add_argument("--wanted", type=float, default=0.25, help="share on the wanted host")
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--intact", action="store_true", help="no damaged member")
    parser.add_argument("--bodies", type=Path, help="a folder of recorded pages (body.html)")
    args = parser.parse_args()
    bodies = sorted(args.bodies.rglob("body.html")) if args.bodies else []
    layout = build(
        args.out,
        args.records,
        args.wanted,
        args.files,
        damage=not args.intact,
        bodies=[b.read_bytes() for b in bodies] or None,
    )
    print(json.dumps({"files": layout.files, "pages": len(layout.pages)}))


if __name__ == "__main__":
    main()
