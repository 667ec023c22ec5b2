"""Local servers and helpers for live-crawl tests: everything on 127.0.0.1, started here.

``served_directory`` serves a generated news site as static files (Python's own
``SimpleHTTPRequestHandler``, which sends Last-Modified and answers If-Modified-Since with
304, as real servers do). ``ScriptedSite`` answers from a table of scripted responses, for
the failure cases: a status sequence, a slow answer, a redirect.
"""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from archiver.testing.newssite import build
from tests.conftest import FIXTURES, Quiet, read_jsonl, serving

ARTICLE_PATTERN = r"/news/[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class StaticSite:
    root: Path
    port: int
    hits: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def served_directory(root: Path, delay: float = 0.0) -> Iterator[StaticSite]:
    """Serve ``root``; the port is chosen first so the site can be built with its URLs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    site = StaticSite(root, int(server.server_address[1]))

    class Handler(Quiet, SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            site.hits.append(self.path)
            if delay:
                time.sleep(delay)
            super().do_GET()

    server.RequestHandlerClass = functools.partial(Handler, directory=str(root))  # type: ignore[assignment]
    with serving(server):
        yield site


def build_site(site: StaticSite, pages: int) -> list[str]:
    """Generate the news site into the served folder; returns the article URLs."""
    articles = build(site.root, pages, FIXTURES, site.base_url)
    return [site.base_url + a.path for a in articles]


def write_profile(folder: Path, name: str, base_url: str, extra: str = "") -> Path:
    """A profile for the generated site: start pages, feed, robots sitemaps, patterns."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(
        f'name = "{name}"\n'
        'domains = ["127.0.0.1"]\nlanguage = "en"\n'
        f'[start]\npages = ["{base_url}/"]\nfeeds = ["{base_url}/rss.xml"]\n'
        f"[articles]\nallow = ['{ARTICLE_PATTERN}']\n"
        "[follow]\nallow = ['/section/', '/tag/', '/author/']\n" + extra,
        encoding="utf-8",
    )
    return path


def run_files(out: Path, site: str) -> list[Path]:
    """The runs' datasets, without their ledgers (``<run>.skipped.jsonl``)."""
    return sorted(p for p in (out / site).glob("*.jsonl") if not p.name.endswith(".skipped.jsonl"))


def records_of(path: Path) -> list[dict[str, object]]:
    return read_jsonl(path)


@dataclass
class Scripted:
    """One path's answers, in order; the last one repeats."""

    answers: list[tuple[int, dict[str, str], bytes]]
    delay: float = 0.0


@dataclass
class ScriptedSite:
    routes: dict[str, Scripted] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: bytes, content_type: str = "text/html") -> None:
        self.routes[path] = Scripted([(200, {"Content-Type": content_type}, body)])


@contextmanager
def scripted_site() -> Iterator[ScriptedSite]:
    site = ScriptedSite()
    lock = threading.Lock()

    class Handler(Quiet, BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with lock:
                site.hits.append(self.path)
                route = site.routes.get(self.path)
                if route is None:
                    answer = (404, {"Content-Type": "text/html"}, b"<html><body>gone</body></html>")
                else:
                    answer = route.answers[0]
                    if len(route.answers) > 1:
                        route.answers.pop(0)
            if route is not None and route.delay:
                time.sleep(route.delay)
            status, headers, body = answer
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as site.port:
        yield site
