"""One way for any component to say "this page will not become a record".

Every fetched or replayed page ends as a record or as one skip. Components call
``skip_page``; it counts the reason under ``archiver/skipped/<reason>``, logs one line
(URL and reason, never a body or an item) and sends the ``page_skipped`` signal, which the
ledger extension turns into a line of the run's ``.skipped.jsonl`` file. Sending a signal
rather than calling the ledger keeps components free of output concerns, as Scrapy's own
``item_dropped`` does.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Sent with: url, reason, message, and where known fetched_at, page_type, status,
# warc_file, warc_offset (the same keyword names as the ledger line's fields).
page_skipped = object()

SKIPPED_PREFIX = "archiver/skipped/"


def skip_page(
    crawler: Crawler,
    *,
    url: str,
    reason: str,
    message: str = "",
    level: int = logging.INFO,
    **fields: Any,
) -> None:
    """Count, log and announce one page that will not become a record."""
    if crawler.stats is not None:
        crawler.stats.inc_value(f"{SKIPPED_PREFIX}{reason}")
    logger.log(level, "skipped %s: %s%s", url, reason, f" ({message})" if message else "")
    crawler.signals.send_catch_log(page_skipped, url=url, reason=reason, message=message, **fields)


class PageSkipped(DropItem):
    """An item dropped after ``skip_page``: counted, logged and in the ledger already.

    The ledger writes a line for every other ``DropItem`` from ``item_dropped``; this one
    it leaves alone, so a page is never counted twice.
    """


def drop_page(crawler: Crawler, *, url: str, reason: str, **fields: Any) -> PageSkipped:
    """``skip_page``, then the exception a pipeline raises to drop the item."""
    skip_page(crawler, url=url, reason=reason, **fields)
    return PageSkipped(f"{reason}: {url}", log_level="DEBUG")


def drop_record(crawler: Crawler, record: dict[str, Any], reason: str, message: str) -> PageSkipped:
    """``drop_page`` for a record a pipeline will not write, its ledger fields taken from it."""
    return drop_page(
        crawler,
        url=str(record.get("url")),
        reason=reason,
        message=message,
        fetched_at=record.get("fetched_at"),
        page_type=record.get("page_type"),
        warc_file=record.get("warc_file"),
        warc_offset=record.get("warc_offset"),
    )
