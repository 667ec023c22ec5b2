"""``WarcCaptureMiddleware``: every response a live crawl receives goes to WARC first.

It sits next to the downloader (order 950, after the HTTP cache), so it sees the response
as it came off the wire: still content-encoded, before redirects are followed, before the
spider or extraction see it. Articles and non-articles alike are kept, each with the
request that fetched it, so that any page can be re-extracted later without a re-crawl.

The record's ``fetched_at`` becomes the WARC-Date of its capture, and ``warc_file``,
``warc_record_id``, ``warc_offset`` point at the record, so that replaying these WARCs
gives the same records as the crawl itself.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.settings import overridden_settings
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.utils import Digester

from archiver import __version__
from archiver.extract.fetched import isoformat
from archiver.incremental.feedstorage import write_failed
from archiver.safepaths import safe_folder_name
from archiver.spiders.news import HINTS, RECORD_EXTRA
from archiver.stores import DigestStore, new_run_id, open_digest_store
from archiver.transport.storage import FETCHED_AT
from archiver.warc.digests import Archived
from archiver.warc.files import HINTS_CONTENT_TYPE, HINTS_KEY, WARC_VERSION, RotatingWarcFiles

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"
# Scrapy hands over the body already de-chunked: a "chunked" header would misdescribe it.
_DROPPED_RESPONSE_HEADERS = {b"transfer-encoding", b"content-length"}


def http_headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy ``Headers`` to (name, value) pairs, one per value (Set-Cookie stays apart)."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats: StatsCollector | None = crawler.stats
        self.prefix_template = settings.get("ARCHIVER_WARC_PREFIX")
        self.max_size = settings.getint("ARCHIVER_WARC_MAX_SIZE")
        self.gzip_level = settings.getint("ARCHIVER_WARC_GZIP_LEVEL")
        if not 0 <= self.gzip_level <= 3:
            raise ValueError(
                f"ARCHIVER_WARC_GZIP_LEVEL is {self.gzip_level}: ISA-L's levels run 0 to 3"
            )
        self.dedup = settings.getbool("ARCHIVER_WARC_DEDUP")
        self.digests_template = settings.get("ARCHIVER_WARC_DIGESTS")
        self.run_id = settings.get("ARCHIVER_RUN_ID") or new_run_id()
        self.info = warcinfo_fields(settings, self.run_id)
        self.builder = RecordBuilder(warc_version=WARC_VERSION)
        self.files: RotatingWarcFiles | None = None
        self.digests: DigestStore | None = None
        self.write_seconds = 0.0  # time spent writing, in the writer thread
        self.failed = False  # a write failed: nothing more is captured in this run
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        if not crawler.settings.getbool("ARCHIVER_WARC_ENABLED"):
            raise NotConfigured  # no message: off by design, nothing to warn about
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def _open(self, spider: Spider | None, url: str) -> RotatingWarcFiles:
        """Files open at the first response: only then is the site known for sure."""
        site = getattr(spider, "site", None)  # a profile name, or a URL, when the crawl has one
        if not isinstance(site, str) or not site:
            site = url
        if site.startswith(("http://", "https://")):
            site = (urlsplit(site).hostname or "site").removeprefix("www.")
        site = safe_folder_name(site)  # a host such as ".." must not climb out
        name = spider.name if spider is not None else "crawl"
        prefix = Path(self.prefix_template % {"site": site, "run_id": self.run_id, "spider": name})
        self.files = RotatingWarcFiles(prefix, self.max_size, self.gzip_level, self.info)
        if self.dedup:
            digests = self.digests_template or str(prefix.parent / "warc-digests.sqlite")
            path = Path(digests % {"site": site, "spider": name})
            self.digests = open_digest_store(self.crawler, path)
        logger.info("WARC capture to %s-NNNNN.warc.gz", prefix)
        return self.files

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        """Awaits the write: the response goes on to the spider only once it is archived.

        Digests, gzip and the file writes run in one writer thread, which keeps records
        in order and the reactor's thread free for downloading."""
        if "cached" in response.flags or request.method == "HEAD":
            return response
        spider = spider or self.crawler.spider
        if self.failed:
            return self._not_captured(response)
        try:
            captured = await asyncio.wrap_future(
                self.writer.submit(self._capture, request, response, spider)
            )
        except OSError as exc:  # a full disk: say so loudly, but do not drop the page too
            logger.error("WARC capture failed for %s: %s", response.url, exc)
            if self.stats is not None:
                self.stats.inc_value("archiver/warc/errors")
            # ...and stop: the raw capture is what makes a record re-extractable.
            write_failed(self.crawler, "the WARC files", exc)
            return response
        if captured is None:
            return self._not_captured(response)
        fetched_at, extra = captured
        request.meta[FETCHED_AT] = fetched_at
        request.meta.setdefault(RECORD_EXTRA, {}).update(extra)
        return response

    def _not_captured(self, response: Response) -> Response:
        """After a failed write: the crawl is stopping, and the pages still in flight go on
        to extraction uncaptured (counted), rather than being lost too."""
        if self.stats is not None:
            self.stats.inc_value("archiver/warc/not_captured")
        logger.debug("not captured after a failed WARC write: %s", response.url)
        return response

    def _capture(
        self, request: Request, response: Response, spider: Spider | None
    ) -> tuple[str, dict[str, Any]] | None:
        """Write one exchange (in the writer thread): its capture moment and record fields;
        None once a write has failed (the compressor's state is lost with the write)."""
        if self.failed:
            return None
        started = time.perf_counter()
        files = self.files or self._open(spider, response.url)
        moment = datetime.now(UTC).replace(microsecond=0)
        date = datetime_to_iso_date(moment.replace(tzinfo=None))
        body = response.body
        digester = Digester("sha1")
        digester.update(body)
        digest = str(digester)

        main, previous = self._record(response, date, digest)
        records = [main, self._request(request, date, main)]
        if request.meta.get(HINTS):
            records.append(self._hints(response.url, date, main, request.meta[HINTS]))
        try:
            name, offset = files.write(*records)
        except OSError:
            self.failed = True
            raise
        record_id = main.rec_headers.get_header("WARC-Record-ID")
        if previous is None and self.digests is not None and response.status == 200 and body:
            try:
                self.digests.add(digest, Archived(response.url, date, record_id, name, offset))
            except sqlite3.Error as exc:  # "database or disk is full": a failed write too
                self.failed = True
                raise OSError(f"the WARC digest store: {exc}") from exc
        if self.stats is not None:
            self.stats.inc_value(
                "archiver/warc/revisits" if previous else "archiver/warc/responses"
            )
        self.write_seconds += time.perf_counter() - started
        return isoformat(moment), {
            "warc_file": name,
            "warc_record_id": record_id,
            "warc_offset": offset,
        }

    def _record(
        self, response: Response, date: str, digest: str
    ) -> tuple[ArcWarcRecord, Archived | None]:
        """A revisit when the payload (or, for a 304, the page) is archived already, with
        what it refers to; else the full response record."""
        if self.digests is not None:
            if response.status == 200 and response.body:
                previous = self.digests.find(digest)
                if previous is not None:
                    return self._revisit(response, date, digest, previous), previous
            elif response.status == 304:
                earlier = self.digests.latest(response.url)
                if earlier is not None:
                    return self._not_modified(response, date, earlier), earlier
        return self._response(response, date, digest), None

    @staticmethod
    def _wire_headers(response: Response) -> list[tuple[str, str]]:
        headers = [
            (k, v)
            for k, v in http_headers(response.headers)
            if k.lower().encode() not in _DROPPED_RESPONSE_HEADERS
        ]
        if response.status != 304:
            headers.append(("Content-Length", str(len(response.body))))
        return headers

    def _response(self, response: Response, date: str, digest: str) -> ArcWarcRecord:
        headers = self._wire_headers(response)
        warc_headers = {"WARC-Date": date, "WARC-Payload-Digest": digest}
        if response.ip_address is not None:
            warc_headers["WARC-IP-Address"] = str(response.ip_address)
        return self.builder.create_warc_record(
            response.url,
            "response",
            payload=BytesIO(response.body),
            length=len(response.body),
            http_headers=self._status(response, headers),
            warc_headers_dict=warc_headers,
        )

    def _revisit(
        self, response: Response, date: str, digest: str, previous: Archived
    ) -> ArcWarcRecord:
        headers = self._wire_headers(response)
        record = self.builder.create_revisit_record(
            response.url,
            digest,
            previous.uri,
            previous.date,
            http_headers=self._status(response, headers),
            warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": previous.record_id},
        )
        if self.stats is not None:
            self.stats.inc_value("archiver/warc/revisit_bytes_saved", len(response.body))
        return record

    def _not_modified(self, response: Response, date: str, earlier: Archived) -> ArcWarcRecord:
        """A 304 to a conditional request: a revisit pointing at the last full capture."""
        headers = self._wire_headers(response)
        return self.builder.create_warc_record(
            response.url,
            "revisit",
            http_headers=self._status(response, headers),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Profile": NOT_MODIFIED_PROFILE,
                "WARC-Refers-To": earlier.record_id,
                "WARC-Refers-To-Target-URI": earlier.uri,
                "WARC-Refers-To-Date": earlier.date,
            },
        )

    @staticmethod
    def _status(response: Response, headers: list[tuple[str, str]]) -> StatusAndHeaders:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        protocol = response.protocol or "HTTP/1.1"
        return StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol=protocol)

    def _request(self, request: Request, date: str, main: ArcWarcRecord) -> ArcWarcRecord:
        parts = urlsplit(request.url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        headers = http_headers(request.headers)
        if not any(k.lower() == "host" for k, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        status = StatusAndHeaders(f"{target} HTTP/1.1", headers, protocol=request.method)
        return self.builder.create_warc_record(
            request.url,
            "request",
            payload=BytesIO(request.body),
            length=len(request.body),
            http_headers=status,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": main.rec_headers.get_header("WARC-Record-ID"),
            },
        )

    def _hints(
        self, url: str, date: str, main: ArcWarcRecord, hints: dict[str, str]
    ) -> ArcWarcRecord:
        """What the crawl knew of the page before fetching it (sitemap and feed dates, the
        profile's language), so that a replay of this WARC extracts the same record."""
        payload = json.dumps({HINTS_KEY: hints}, ensure_ascii=False, sort_keys=True).encode()
        return self.builder.create_warc_record(
            url,
            "metadata",
            payload=BytesIO(payload),
            length=len(payload),
            warc_content_type=HINTS_CONTENT_TYPE,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": main.rec_headers.get_header("WARC-Record-ID"),
            },
        )

    def spider_closed(self, spider: Spider) -> None:
        # The digest store's SQLite connection belongs to the writer thread: close there.
        self.writer.submit(self._close).result()
        self.writer.shutdown(wait=True)
        if self.stats is not None:
            self.stats.set_value("archiver/warc/write_seconds", round(self.write_seconds, 3))
            if self.files is not None:
                self.stats.set_value("archiver/warc/files", len(self.files.written))

    def _close(self) -> None:
        try:
            if self.files is not None:
                self.files.close()
        except OSError as exc:  # its last buffered bytes: replay skips a torn last member
            write_failed(self.crawler, "the WARC files", exc)
        try:
            if self.digests is not None:
                self.digests.close()
        except sqlite3.Error as exc:  # SQLite rolls back: the store stays as it was
            write_failed(self.crawler, "the WARC digest store", OSError(str(exc)))


def warcinfo_fields(settings: BaseSettings, run_id: str) -> dict[str, str]:
    """What a reader needs to know about how these captures were made."""
    chosen = dict(overridden_settings(settings))
    chosen.update((k, v) for k, v in settings.items() if k.startswith("ARCHIVER_"))
    overridden = {
        k: v for k, v in sorted(chosen.items()) if isinstance(v, str | int | float | bool | list)
    }
    return {
        "software": f"archiver/{__version__} (Scrapy/{version('scrapy')}; "
        f"warcio/{version('warcio')})",
        "format": f"WARC File Format {WARC_VERSION.removeprefix('WARC/')}",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/",
        "isPartOf": run_id,
        "http-header-user-agent": str(settings.get("USER_AGENT")),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "settings": json.dumps(overridden, sort_keys=True, default=str),
    }
