"""Write a record only for a new article or changed content; remember what was written.

``process_item`` compares the record's ``content_sha256`` with the state: unchanged pages
are dropped, changed ones get ``version`` n+1 and ``previous_sha256``. The state is
updated on ``item_scraped``, which fires after the feed exporter has written (and, with
``LineFlushingFileFeedStorage``, handed to the OS) the line: a URL is marked done only
once its record is durable.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from archiver.incremental.feedstorage import output_failed
from archiver.meta import HINTS
from archiver.stores import CrawlState, open_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class Unchanged(DropItem):
    """Same content as the last record written for this URL."""


class Duplicate(DropItem):
    """A second record for a URL this run has already written (two requests in flight)."""


def validators(response: Response | None) -> dict[str, str | None]:
    """What lets the next run skip or ask conditionally: sitemap lastmod, ETag, Last-Modified."""
    if response is None:
        return {}

    def header(name: bytes) -> str | None:
        value = response.headers.get(name)
        return value.decode("latin-1") if value else None

    hints = response.meta.get(HINTS) or {}
    return {
        "lastmod": hints.get("sitemap_lastmod"),
        "etag": header(b"ETag"),
        "last_modified": header(b"Last-Modified"),
    }


class IncrementalPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        state: CrawlState,
        site: str,
        run_id: str,
        crawler: Crawler | None = None,
    ) -> None:
        self.crawler = crawler
        self.stats = stats
        self.state = state
        self.site = site
        self.run_id = run_id
        # URLs with a record in flight or written by this process: "new" or "changed"
        self.claimed: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_INCREMENTAL"):
            raise NotConfigured  # no message: off by design, nothing to warn about
        assert crawler.stats is not None
        pipeline = cls(
            crawler.stats,
            open_state(crawler),
            settings["ARCHIVER_SITE"],
            settings["ARCHIVER_RUN_ID"],
            crawler,
        )
        crawler.signals.connect(pipeline.item_scraped, signals.item_scraped)
        crawler.signals.connect(pipeline.item_dropped, signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.stats.set_value("archiver/run_id", self.run_id)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or "content_sha256" not in item:
            return item
        url = str(item["url"])
        if url in self.claimed:
            self.stats.inc_value("archiver/incremental/duplicate")
            raise Duplicate(f"already written in this run: {url}", log_level="DEBUG")
        known = self.state.known(url)
        if known is not None and known.content_sha256 == item["content_sha256"]:
            self.stats.inc_value("archiver/incremental/unchanged")
            # DEBUG: on an hourly re-run most pages are unchanged; that is not news for the log.
            raise Unchanged(f"unchanged since version {known.version}: {url}", log_level="DEBUG")
        kind = self.claimed[url] = "changed" if known else "new"
        item["version"] = known.version + 1 if known else 1
        item["previous_sha256"] = known.content_sha256 if known else None
        self.stats.inc_value(f"archiver/incremental/{kind}")
        return item

    def item_scraped(self, item: Any, response: Response | None) -> None:
        """The feed exporter (connected first) has written the line: remember it, unless
        the write failed, so that a resumed run writes the article again."""
        if self.crawler is not None and output_failed(self.crawler):
            self._unclaim(item)  # not written: neither new nor changed
            return
        if isinstance(item, dict) and "content_sha256" in item:
            self.state.record_written(self.site, self.run_id, item, validators(response))

    def item_dropped(self, item: Any, response: Response | None, exception: Exception) -> None:
        """Mark a URL done when its record was judged: unchanged, or a repeat in this run.

        A Page dropped before it became a record is not marked: the reason may be passing
        (an extraction worker killed along with the crawl), and a resumed run that
        fetches the page again costs a request, where skipping it could lose an article.
        """
        # Scrapy sends the item as it entered the pipelines: the Page, not the record.
        url = item.get("url") if isinstance(item, dict) else getattr(item, "url", None)
        if not url:
            return
        url = str(url)
        if isinstance(exception, Unchanged):
            self.state.refresh_validators(url, validators(response))
            self.state.mark_done(self.run_id, url)
        elif url in self.claimed and not isinstance(exception, Duplicate):
            # Dropped after us (e.g. invalid, or the dataset full): nothing was written.
            self._unclaim(item)

    def _unclaim(self, item: Any) -> None:
        """A claimed record that was not written: not counted new or changed after all."""
        url = item.get("url") if isinstance(item, dict) else getattr(item, "url", None)
        kind = self.claimed.pop(str(url), None) if url else None
        if kind is not None:
            self.stats.inc_value(f"archiver/incremental/{kind}", -1)

    def spider_closed(self, reason: str) -> None:
        if reason == "finished" or reason.startswith("closespider_"):
            self.state.finish_run(self.run_id)
        self.state.close()
