"""Scrapy's duplicate filter without its ``requests.seen`` file.

With JOBDIR, ``RFPDupeFilter`` appends each new fingerprint to ``requests.seen`` but the
queue holding those requests is saved only on a clean close. After a SIGKILL, a resumed
crawl would then drop requests that were seen but never fetched: articles lost. Here the
filter lives in memory; a resumed run re-discovers its start points and the state file
(URLs each run has finished) skips what was already done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.dupefilters import RFPDupeFilter

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class MemoryDupeFilter(RFPDupeFilter):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(
            None,
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )
