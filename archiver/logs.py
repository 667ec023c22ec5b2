"""Scrapy's log messages about items, without the items.

Scrapy's own ``LogFormatter`` logs a dropped item at WARNING with the whole item: for a
page that is the full HTML. Here a drop is one line with the URL and the reason, at DEBUG
when ``skip_page`` has logged it already (``PageSkipped``), else at INFO; a scraped item
is named by its URL.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter

from archiver.skips import PageSkipped

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from scrapy.logformatter import LogFormatterResult
    from twisted.python.failure import Failure


def item_url(item: Any) -> str:
    url = item.get("url") if isinstance(item, dict) else getattr(item, "url", None)
    return str(url) if url else type(item).__name__


class QuietLogFormatter(LogFormatter):
    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "scraped %(url)s", "args": {"url": item_url(item)}}

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        level = logging.DEBUG if isinstance(exception, PageSkipped) else logging.INFO
        if isinstance(getattr(exception, "log_level", None), str):
            level = min(level, getattr(logging, str(exception.log_level)))  # type: ignore[attr-defined]
        return {
            "level": level,
            "msg": "dropped %(url)s: %(exception)s",
            "args": {"url": item_url(item), "exception": exception},
        }

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        return {
            "level": logging.ERROR,
            "msg": "error processing %(url)s: %(exception)r",
            "args": {"url": item_url(item), "exception": exception},
        }
