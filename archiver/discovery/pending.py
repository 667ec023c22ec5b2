"""Hints found for a page after its request was made: kept until the page is parsed or lost.

A sitemap and a feed may both list a page. The first discovery makes the request, which
carries a copy of its hints (``archiver.meta.HINTS``); the duplicate filter would drop
the requests of later discoveries with their hints, so those wait here, by URL, from the
moment the first request is scheduled, and join the request's own when its page is
parsed. Each entry leaves when its request ends, however it ends: parsed, failed
(errback), or dropped by the scheduler (``request_dropped``), so nothing stays behind for
a page that never came.

Hints that joined after the page was archived are sent with the ``late_hints`` signal,
which the WARC capture writes as a second metadata record beside the response: the WARC
then holds every hint the record was made with, and its replay gives the same record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archiver.meta import ARTICLE

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
        # URL -> (the scheduled request that will fetch it, hints found after it was made)
        self.waiting: dict[str, tuple[int, dict[str, str]]] = {}

    def __len__(self) -> int:
        return len(self.waiting)

    def connect(self, signals: SignalManager) -> None:
        from scrapy import signals as scrapy_signals

        signals.connect(self.request_scheduled, signal=scrapy_signals.request_scheduled)
        signals.connect(self.request_dropped, signal=scrapy_signals.request_dropped)

    def add(self, url: str, hints: dict[str, str]) -> bool:
        """Keep ``hints`` for the page of the request already scheduled for ``url``; False
        when there is none (make one)."""
        if url not in self.waiting:
            return False
        self.waiting[url][1].update(hints)
        return True

    def take(self, request: Request | Response) -> dict[str, str]:
        """What later discoveries added for this request's page; the entry leaves."""
        return self.waiting.pop(first_url(request), (0, {}))[1]

    def request_scheduled(self, request: Request) -> None:
        # Here rather than when the spider makes the request: a spider middleware may
        # still drop it (DEPTH_LIMIT, URLLENGTH_LIMIT), and nothing would say so.
        if request.meta.get(ARTICLE) and request.url not in self.waiting:
            self.waiting[request.url] = (id(request), {})

    def request_dropped(self, request: Request) -> None:
        """The duplicate filter dropped it: its entry leaves, not that of the request
        already scheduled for the same URL."""
        entry = self.waiting.get(request.url)
        if entry is not None and entry[0] == id(request):
            del self.waiting[request.url]
