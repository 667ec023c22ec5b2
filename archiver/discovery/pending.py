"""Hints found for a page after its request was made: kept until the page is parsed or lost.

A sitemap and a feed may both list a page. The first discovery makes the request, which
carries a copy of its hints (``archiver.meta.HINTS``); the duplicate filter would drop
the requests of later discoveries with their hints, so those wait here, by URL, and join
the request's own when its page is parsed. Each entry leaves when its request ends,
however it ends: parsed, failed (errback), or dropped by the scheduler
(``request_dropped``), so nothing stays behind for a page that never came.

Hints that joined after the page was archived are sent with the ``late_hints`` signal,
which the WARC capture writes as a second metadata record beside the response: the WARC
then holds every hint the record was made with, and its replay gives the same record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response
    from scrapy.signalmanager import SignalManager

# Signal: late_hints(response, hints): the page's record is made with these hints too.
late_hints = object()


def first_url(request: Request | Response) -> str:
    """The URL the spider asked for, before any redirect."""
    return str((request.meta.get("redirect_urls") or [request.url])[0])


class PendingHints:
    def __init__(self) -> None:
        self.waiting: dict[str, dict[str, str]] = {}  # URL -> hints found after its request

    def __len__(self) -> int:
        return len(self.waiting)

    def connect(self, signals: SignalManager) -> None:
        from scrapy import signals as scrapy_signals

        signals.connect(self.request_dropped, signal=scrapy_signals.request_dropped)

    def first(self, url: str, hints: dict[str, str]) -> bool:
        """True for the first discovery of ``url`` (make its request); else keep ``hints``
        for that request's page."""
        late = self.waiting.get(url)
        if late is None:
            self.waiting[url] = {}
            return True
        late.update(hints)
        return False

    def take(self, request: Request | Response) -> dict[str, str]:
        """What later discoveries added for this request's page; the entry leaves."""
        return self.waiting.pop(first_url(request), {})

    def request_dropped(self, request: Request) -> None:
        if not request.meta.get("redirect_urls"):  # a redirect's target may be another's
            self.waiting.pop(request.url, None)
