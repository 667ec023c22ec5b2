"""A server that validates by ETag: the next run asks If-None-Match, a 304 writes nothing,
and a new ETag with new content writes version 2."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import SEED, Quiet, run_cli, serving
from tests.crawl_helpers import records_of, run_files, write_profile

ARTICLE = "/news/world/2024/01/02/kerry.html"


@dataclass
class EtagSite:
    body: bytes
    etag: str = '"v1"'
    port: int = 0
    conditional: list[str] = field(default_factory=list)  # If-None-Match values received

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def etag_site() -> Iterator[EtagSite]:
    site = EtagSite((SEED / "body.html").read_bytes())

    class Handler(Quiet, BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path == "/robots.txt":
                self._send(404, b"", "text/plain")
            elif self.path == "/":
                self._send(200, f'<html><body><a href="{ARTICLE}">Kerry</a></body></html>'.encode())
            elif self.path == ARTICLE:
                asked = self.headers.get("If-None-Match")
                if asked:
                    site.conditional.append(asked)
                if asked == site.etag:
                    self._send(304, b"")
                else:
                    self._send(200, site.body, etag=site.etag)
            else:
                self._send(404, b"<html><body>gone</body></html>")

        def _send(
            self, status: int, body: bytes, kind: str = "text/html", etag: str | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as site.port:
        yield site


def test_etag_revalidation_across_runs(etag_site: EtagSite, tmp_path: Path) -> None:
    sites = write_profile(tmp_path / "sites", "etagnews", etag_site.base_url).parent
    out = tmp_path / "out"

    def crawl() -> list[dict[str, object]]:
        proc = run_cli("crawl", "etagnews", "--sites", str(sites), "--output-dir", str(out))
        assert proc.returncode == 0, proc.stderr[-3000:]
        return records_of(run_files(out, "etagnews")[-1])

    first = crawl()
    assert [(r["url"], r["version"]) for r in first] == [(etag_site.base_url + ARTICLE, 1)]
    assert etag_site.conditional == []

    assert crawl() == []  # asked with the stored ETag, answered 304
    assert etag_site.conditional == ['"v1"']

    etag_site.body = etag_site.body.replace(b"Troupes au sol", b"Des troupes au sol")
    etag_site.etag = '"v2"'
    (third,) = crawl()
    assert etag_site.conditional == ['"v1"', '"v1"']
    assert third["version"] == 2
    assert third["previous_sha256"] == first[0]["content_sha256"]
    assert "Des troupes au sol" in str(third["text"])
