"""What to read: CC-NEWS files of a period from the published path listings, or single
records found in a main crawl's CDX index."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import requests

from archiver.commoncrawl.remote import DownloadError, address, get

NEWS_LISTING = "crawl-data/CC-NEWS/{year:04d}/{month:02d}/warc.paths.gz"
# CC-NEWS-20240501012345-01234.warc.gz: the moment the file was started.
_NEWS_FILE = re.compile(r"CC-NEWS-(\d{4})(\d{2})(\d{2})\d{6}-\d+\.warc(\.gz)?$")


@dataclass(frozen=True)
class Task:
    """A remote WARC file read whole, or one record of it (``length`` bytes at ``start``)."""

    path: str
    start: int = 0
    length: int | None = None

    @property
    def key(self) -> str:
        return self.path if self.length is None else f"{self.path}#{self.start}"

    @property
    def end(self) -> int | None:
        return None if self.length is None else self.start + self.length


def months(since: date, until: date) -> Iterator[tuple[int, int]]:
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def parse_listing(data: bytes) -> list[str]:
    """A ``warc.paths`` listing, gzipped or not: one path a line."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]


def file_day(path: str) -> date | None:
    match = _NEWS_FILE.search(path)
    if not match:
        return None
    return date(int(match[1]), int(match[2]), int(match[3]))


def news_tasks(
    s: requests.Session, data_url: str, since: date, until: date, timeout: float
) -> list[Task]:
    """CC-NEWS files started between ``since`` and ``until`` (inclusive days), in order.

    The file's start is when its pages were fetched; as in news-please and Fundus, it
    stands for the publication period, which the record filter then checks page by page.
    """
    tasks = []
    for year, month in months(since, until):
        url = address(data_url, NEWS_LISTING.format(year=year, month=month))
        for path in parse_listing(get(s, url, timeout)):
            day = file_day(path)
            if day is None or since <= day <= until:
                tasks.append(Task(path))
    return tasks


def index_tasks(
    s: requests.Session,
    index_url: str,
    crawl: str,
    sites: list[str],
    url_pattern: str | None,
    timeout: float,
) -> Iterator[Task]:
    """Records of ``sites`` (and their subdomains) in the crawl's CDX index: HTML pages
    fetched with status 200, whose URL matches ``url_pattern`` (a regular expression)."""
    pattern = re.compile(url_pattern) if url_pattern else None
    endpoint = address(index_url, f"{crawl}-index")
    seen: set[tuple[str, int]] = set()
    for site in sites:
        query = {"url": site, "matchType": "domain", "output": "json"}
        pages = json.loads(
            get(s, f"{endpoint}?{urlencode({**query, 'showNumPages': 'true'})}", timeout)
        )
        for page in range(int(pages.get("pages", 1))):
            body = get(s, f"{endpoint}?{urlencode({**query, 'page': page})}", timeout)
            for line in body.decode("utf-8").splitlines():
                if not line.strip():
                    continue
                try:
                    hit = json.loads(line)
                    where = (str(hit["filename"]), int(hit["offset"]))
                    length = int(hit["length"])
                except (ValueError, KeyError, TypeError) as exc:
                    raise DownloadError(f"{endpoint}: bad index line {line[:120]!r}") from exc
                if str(hit.get("status", "200")) != "200":
                    continue
                if hit.get("mime") not in (None, "text/html", "application/xhtml+xml"):
                    continue
                if pattern is not None and not pattern.search(str(hit.get("url", ""))):
                    continue
                if where in seen:
                    continue
                seen.add(where)
                yield Task(where[0], where[1], length)
