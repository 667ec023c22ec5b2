"""The ledger: one JSON line for every page that did not become a record, and the count.

A Scrapy extension, so ``scrapy crawl``, scrapyd and the ``archiver`` commands all get it.
It listens to ``archiver.skips.page_skipped`` (every ``skip_page``), to Scrapy's
``item_dropped`` and ``item_error`` (a drop that did not go through ``skip_page``: an
unchanged page of an incremental crawl, another project's pipeline) and to
``item_scraped`` (a record written). At the close it sets and logs the accounting:

    archiver/pages/seen = archiver/records + archiver/ledger/lines

where ``archiver/records`` are the lines written to the dataset and
``archiver/ledger/lines`` the lines of ``<dataset>.skipped.jsonl``, by reason under
``archiver/ledger/reason/<reason>`` (docs/ledger.md).

The file sits beside the dataset: ``out.jsonl`` (or ``out.jsonl.gz``) gets
``out.skipped.jsonl``; ``ARCHIVER_LEDGER_FILE`` names another. Lines are written
unbuffered, one ``write`` each, like the dataset's, so a killed crawl keeps them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from w3lib.url import file_uri_to_path

from archiver.incremental.feedstorage import output_failed, write_failed
from archiver.skips import PageSkipped, page_skipped

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

RECORDS = "archiver/records"
LINES = "archiver/ledger/lines"
REASON = "archiver/ledger/reason/"
SEEN = "archiver/pages/seen"
LEDGER_FILE = "archiver/ledger/file"
FIELDS = ("url", "fetched_at", "reason", "page_type", "status", "warc_file", "warc_offset")
DATASET_SUFFIXES = (".jsonl", ".jl", ".json", ".ndjson")


def ledger_path(dataset: str | Path) -> Path:
    """``out.jsonl`` -> ``out.skipped.jsonl``; ``out.jsonl.gz`` too."""
    path = Path(dataset)
    name = path.name.removesuffix(".gz")
    for suffix in DATASET_SUFFIXES:
        if name.endswith(suffix):
            name = name.removesuffix(suffix)
            break
    return path.with_name(f"{name}.skipped.jsonl")


def dataset_of(settings: BaseSettings) -> tuple[str, bool] | None:
    """The first local file in FEEDS and whether it is overwritten (else appended to)."""
    for uri, options in settings.getdict("FEEDS").items():
        uri = str(uri)
        if "%(" in uri or (":" in uri.split("/", 1)[0] and not uri.startswith("file:")):
            continue  # a templated or remote feed: no single file to put a ledger beside
        path = file_uri_to_path(uri) if uri.startswith("file:") else uri
        return path, bool((options or {}).get("overwrite", False))
    return None


def reason_of(exception: BaseException) -> str:
    """A stable reason for a drop that did not come through skip_page: the class name,
    as snake case (``Unchanged`` -> ``unchanged``)."""
    name = type(exception).__name__
    if name in ("DropItem", "Exception"):
        return "dropped"
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


class Ledger:
    def __init__(self, crawler: Crawler, path: Path | None, overwrite: bool) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = path
        self.overwrite = overwrite
        self.file: IO[bytes] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Ledger:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_LEDGER_ENABLED"):
            raise NotConfigured  # no message: off by design, nothing to warn about
        path: Path | None = None
        overwrite = True
        dataset = dataset_of(settings)
        if dataset is not None:
            path, overwrite = ledger_path(dataset[0]), dataset[1]
        if settings.get("ARCHIVER_LEDGER_FILE"):
            path = Path(settings["ARCHIVER_LEDGER_FILE"])
        ledger = cls(crawler, path, overwrite)
        for handler, signal in (
            (ledger.spider_opened, signals.spider_opened),
            (ledger.spider_closed, signals.spider_closed),
            (ledger.item_scraped, signals.item_scraped),
            (ledger.item_dropped, signals.item_dropped),
            (ledger.item_error, signals.item_error),
            (ledger.page_skipped, page_skipped),
        ):
            crawler.signals.connect(handler, signal=signal)
        return ledger

    def spider_opened(self, spider: Spider) -> None:
        self.stats.set_value(RECORDS, 0)
        self.stats.set_value(LINES, 0)
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = self.path.open("wb" if self.overwrite else "ab", buffering=0)
        except OSError as exc:
            write_failed(self.crawler, self.path, exc)
            return
        self.stats.set_value(LEDGER_FILE, str(self.path))

    def item_scraped(self, item: Any, response: Response | None) -> None:
        if failed := output_failed(self.crawler):
            # The feed exporter could not write it: not a record, and a resume fetches it.
            self._write("write_failed", failed, response, _fields_of(item, response))
            return
        self.stats.inc_value(RECORDS)

    def item_dropped(self, item: Any, response: Response | None, exception: BaseException) -> None:
        if isinstance(exception, PageSkipped):
            return  # in the ledger already, through page_skipped
        self._write(reason_of(exception), str(exception), response, _fields_of(item, response))

    def item_error(self, item: Any, response: Response | None, failure: Failure) -> None:
        self._write("item_error", failure.getErrorMessage(), response, _fields_of(item, response))

    def page_skipped(self, url: str, reason: str, message: str = "", **fields: Any) -> None:
        self._write(reason, message, None, {"url": url, **fields})

    def _write(
        self, reason: str, message: str, response: Response | None, fields: dict[str, Any]
    ) -> None:
        line = {name: fields.get(name) for name in FIELDS}
        line["reason"] = reason
        if message:
            line["message"] = message[:300]
        self.stats.inc_value(LINES)
        self.stats.inc_value(f"{REASON}{reason}")
        if self.file is None:
            return
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            self.file.write(data)
        except OSError as exc:
            write_failed(self.crawler, self.path or "the ledger", exc)
            self.file = None

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        records = int(self.stats.get_value(RECORDS, 0))
        lines = int(self.stats.get_value(LINES, 0))
        self.stats.set_value(SEEN, records + lines)
        logger.info("%s", summary(self.stats.get_stats(), spider.name))


def by_reason(stats: dict[str, Any]) -> dict[str, int]:
    return {k[len(REASON) :]: int(v) for k, v in stats.items() if k.startswith(REASON)}


def summary(stats: dict[str, Any], what: str) -> str:
    """'news: 13 pages seen: 9 records written, 4 skipped (not_html=3, redirect=1)'."""
    reasons = by_reason(stats)
    detail = ", ".join(f"{reason}={n}" for reason, n in sorted(reasons.items()))
    records = int(stats.get(RECORDS, 0))
    lines = int(stats.get(LINES, 0))
    where = f" (ledger: {stats[LEDGER_FILE]})" if stats.get(LEDGER_FILE) else ""
    return (
        f"{what}: {records + lines} pages seen: {records} records written, "
        f"{lines} skipped{f' ({detail})' if detail else ''}{where}"
    )


def _fields_of(item: Any, response: Response | None) -> dict[str, Any]:
    """Ledger fields from a dropped item (a record or a Page) and its response."""
    fields: dict[str, Any] = {}
    if isinstance(item, dict):
        fields = {name: item.get(name) for name in FIELDS}
    else:
        fields = {name: getattr(item, name, None) for name in FIELDS}
        extra = getattr(item, "extra", None) or {}
        fields.update({k: extra.get(k) for k in ("warc_file", "warc_offset") if k in extra})
    if response is not None:
        fields["url"] = fields.get("url") or response.url
        fields["status"] = fields.get("status") or response.status
    return fields
