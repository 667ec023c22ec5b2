"""Helpers for the hostile-input tests: a fake resolver and a download handler that never
connects, so refusals of private addresses are tested without sending them any traffic."""

from __future__ import annotations

import json
import os
from pathlib import Path

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.http import HtmlResponse, Response

# What the fake resolver answers; names it does not know resolve to a public address.
FAKE_DNS = {
    "metadata.test": "169.254.169.254",
    "intranet.test": "10.20.30.40",
    "router.test": "192.168.1.1",
    "loopback.test": "127.0.0.1",
    "evil.localhost": "127.0.0.1",
    "mapped.test": "::ffff:10.0.0.1",
    "unique-local.test": "fd00::1",
    "shared.test": "100.64.0.1",
}
PUBLIC = "8.8.8.8"  # only ever returned by the fake resolver: nothing connects to it


class FakeResolver:
    """Answers from FAKE_DNS and remembers every name it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def addresses(self, host: str) -> list[str]:
        self.asked.append(host)
        return [FAKE_DNS.get(host, PUBLIC)]


class RecordingHandler(BaseDownloadHandler):
    """A download handler that connects nowhere: it appends each URL it is asked for to
    the file named by $ARCHIVER_TEST_DOWNLOADS and answers with a small page."""

    async def download_request(self, request: Request) -> Response:
        log = os.environ.get("ARCHIVER_TEST_DOWNLOADS")
        if log:
            with Path(log).open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(request.url) + "\n")
        body = b"<html><head><title>t</title></head><body><p>page</p></body></html>"
        return HtmlResponse(request.url, body=body, request=request)


def worker_pid(job: object) -> dict[str, object]:
    """A pool task that says which process ran it."""
    return {"pid": os.getpid(), "ppid": os.getppid()}
