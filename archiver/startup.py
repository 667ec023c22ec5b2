"""A crawl that cannot start says so in one line and exits non-zero, under ``scrapy crawl``
and scrapyd too.

An exception raised while the spider is built makes ``scrapy crawl`` exit 1, but asyncio
reports it as "Task exception was never retrieved" with a full traceback. For the causes
that are the user's to fix (nothing to crawl, the site locked by another run, an unknown
profile) the spider raises ``NotStarted``; the event loop's exception handler, set here,
logs that one as a single line and passes everything else to the default handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

logger = logging.getLogger(__name__)


class NotStarted(RuntimeError):
    """The crawl cannot start; the message says why and what to do."""


def _handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    exc = context.get("exception")
    if isinstance(exc, NotStarted):
        logger.error("not started: %s", exc)
        return
    loop.default_exception_handler(context)


def not_started(message: str) -> NotStarted:
    """The exception to raise; installs the one-line report on the running loop."""
    with contextlib.suppress(RuntimeError):  # no event loop: the caller sees the exception
        asyncio.get_event_loop().set_exception_handler(_handler)
    return NotStarted(message)
