"""Reading Common Crawl's servers politely: retries with backoff, ``Retry-After``, and a
stream that survives a dropped connection by asking for the rest with a range request.

urllib3's ``Retry`` does the backoff and honours ``Retry-After`` (on 413, 429 and 503) for
opening a request; what it cannot do is continue a body cut off mid-way, which a gigabyte
WARC file over hours of streaming will meet: ``RemoteFile`` reopens at the byte it reached.
A ``file:`` base address reads a local mirror with the same code.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.util.retry import Retry
from w3lib.url import file_uri_to_path

logger = logging.getLogger(__name__)

RETRY_STATUSES = (429, 500, 502, 503, 504)


class DownloadError(Exception):
    """A resource that could not be read after every retry."""


def session(retries: int, backoff: float, pool: int, user_agent: str) -> requests.Session:
    s = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        respect_retry_after_header=True,
        allowed_methods=("GET", "HEAD"),
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_connections=pool, pool_maxsize=pool)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers["User-Agent"] = user_agent
    return s


def address(base: str, path: str) -> str:
    return urljoin(base if base.endswith("/") else base + "/", path.lstrip("/"))


def get(s: requests.Session, url: str, timeout: float) -> bytes:
    """A whole (small) resource: a path listing, an index page."""
    if url.startswith("file:"):
        return Path(file_uri_to_path(url)).read_bytes()
    try:
        response = s.get(url, timeout=timeout)
    except (requests.RequestException, Urllib3Error) as exc:
        raise DownloadError(f"{url}: {exc}") from exc
    if response.status_code != 200:
        raise DownloadError(f"{url}: HTTP {response.status_code}")
    return response.content


class RemoteFile(io.RawIOBase):
    """Bytes ``start`` .. ``end`` (exclusive; None: to the end) of a remote file, read in
    order. ``tell()`` is the position in the remote file; ``read_bytes`` the bytes read."""

    def __init__(
        self,
        s: requests.Session,
        url: str,
        start: int = 0,
        end: int | None = None,
        *,
        timeout: float = 60.0,
        retries: int = 8,
        backoff: float = 1.0,
    ) -> None:
        super().__init__()
        self.session, self.url, self.pos, self.end = s, url, start, end
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.read_bytes = 0
        self._body: Any = None  # urllib3 response, or a local file
        self.reopened = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def _open(self) -> None:
        if self.url.startswith("file:"):
            fh: IO[bytes] = open(file_uri_to_path(self.url), "rb")  # noqa: SIM115
            fh.seek(self.pos)
            self._body = fh
            return
        headers = {}
        if self.pos or self.end is not None:
            last = "" if self.end is None else str(self.end - 1)
            headers["Range"] = f"bytes={self.pos}-{last}"
        response = self.session.get(self.url, headers=headers, stream=True, timeout=self.timeout)
        if response.status_code == 200 and self.pos:
            response.close()  # a server that ignores Range would resend from byte 0
            raise DownloadError(f"{self.url}: the server does not answer range requests")
        if response.status_code not in (200, 206):
            response.close()
            raise DownloadError(f"{self.url}: HTTP {response.status_code}")
        self._body = response.raw

    def readinto(self, buffer: Any) -> int:
        want = len(buffer)
        if self.end is not None:
            want = min(want, self.end - self.pos)
        if want <= 0:
            return 0
        for attempt in range(self.retries + 1):
            try:
                if self._body is None:
                    self._open()
                if self.url.startswith("file:"):
                    data = self._body.read(want)
                else:
                    data = self._body.read(want, decode_content=False)
                if not data and self.end is not None and self.pos < self.end:
                    raise DownloadError(f"{self.url}: body ended at byte {self.pos}")
                break
            except (requests.RequestException, Urllib3Error, OSError, DownloadError) as exc:
                self._close_body()
                if attempt == self.retries:
                    raise DownloadError(f"{self.url} at byte {self.pos}: {exc}") from exc
                wait = self.backoff * 2**attempt
                logger.warning(
                    "reading %s at byte %d failed (%s); again in %.1fs",
                    self.url,
                    self.pos,
                    exc,
                    wait,
                )
                self.reopened += 1
                time.sleep(wait)
        n = len(data)
        buffer[:n] = data
        self.pos += n
        self.read_bytes += n
        return n

    def _close_body(self) -> None:
        if self._body is not None:
            with contextlib.suppress(OSError):
                self._body.close()
            self._body = None

    def close(self) -> None:
        self._close_body()
        super().close()
