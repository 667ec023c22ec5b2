"""The ``commoncrawl`` spider: the news spider's callbacks and pipelines over records
streamed from Common Crawl (archiver.commoncrawl).

``-a source=news`` reads the CC-NEWS files of the ``ARCHIVER_FILTER_SINCE`` ..
``ARCHIVER_FILTER_UNTIL`` period (or those of ``-a paths=LISTING``); ``-a source=index
-a crawl=CC-MAIN-YYYY-WW`` the records of the ``ARCHIVER_FILTER_SITES`` hosts in that
crawl's CDX index (``-a url_pattern=REGEX`` narrows them). ``-a dataset=OUT.jsonl`` makes
the run resumable: state in ``OUT.commoncrawl.sqlite``, records already in OUT not redone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archiver.addons import RECORDED_SOURCE_SETTINGS
from archiver.commoncrawl.source import CommonCrawlSource, written_records
from archiver.commoncrawl.state import RunState, state_path
from archiver.commoncrawl.storage import StreamedIndex
from archiver.commoncrawl.tasks import Task, index_tasks, news_tasks, parse_listing
from archiver.items import Page
from archiver.meta import HINTS, SITE_RULES
from archiver.pipelines.filters import Filters
from archiver.sites import SiteProfile, profile_for, profiles_by_host
from archiver.spiders.news import NewsSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings


class CommonCrawlSpider(NewsSpider):
    name = "commoncrawl"
    needs_start_points = False
    commoncrawl: CommonCrawlSource
    streamed: StreamedIndex
    profiles: dict[str, SiteProfile]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> CommonCrawlSpider:
        # Recorded responses, as in a replay: nothing to ask robots.txt, nothing to capture.
        crawler.settings.setdict(
            {
                **RECORDED_SOURCE_SETTINGS,
                "HTTPCACHE_STORAGE": "archiver.commoncrawl.storage.StreamedRecordStorage",
                "ARCHIVER_RECORDED_SOURCE": True,
            },
            priority="spider",
        )
        kwargs.pop("site", None)  # a site is a filter here, never a live crawl
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, CommonCrawlSpider)
        spider.commoncrawl = spider.make_source(crawler)
        spider.streamed = spider.commoncrawl.index
        spider.profiles = profiles_by_host(crawler.settings.getlist("ARCHIVER_SITES_DIRS"))
        return spider

    def make_source(self, crawler: Crawler) -> CommonCrawlSource:
        settings = crawler.settings
        filters = Filters.from_settings(settings)
        kind = str(getattr(self, "source", "news"))
        listing = getattr(self, "paths", None)
        if kind == "index":
            crawl = getattr(self, "crawl", None)
            if not crawl or not filters.sites:
                raise ValueError(
                    "commoncrawl: an index lookup needs -a crawl=CC-MAIN-... and a site"
                )
            pattern = getattr(self, "url_pattern", None)
            list_tasks = partial(
                self._index_tasks, settings, str(crawl), sorted(filters.sites), pattern
            )
        elif listing:
            list_tasks = partial(self._listed_tasks, Path(str(listing)))
        elif kind == "news":
            if filters.since is None or filters.until is None:
                raise ValueError("commoncrawl: CC-NEWS needs a period: --since and --until")
            list_tasks = partial(self._news_tasks, settings, filters.since, filters.until)
        else:
            raise ValueError(f"commoncrawl: unknown source {kind!r} (news or index)")
        state = written = None
        dataset = getattr(self, "dataset", None)
        if dataset:
            state = RunState(state_path(str(dataset)))
            written = written_records(Path(str(dataset)))
        keep = getattr(self, "keep_warc", None)
        keep_dir = Path(str(keep)) if keep else None
        if keep_dir is not None:
            keep_dir.mkdir(parents=True, exist_ok=True)
        return CommonCrawlSource(crawler, list_tasks, filters.site_ok, state, written, keep_dir)

    def _news_tasks(self, settings: BaseSettings, since: date, until: date) -> list[Task]:
        return news_tasks(
            self.commoncrawl.session,
            settings["ARCHIVER_COMMONCRAWL_DATA_URL"],
            since,
            until,
            settings.getfloat("ARCHIVER_COMMONCRAWL_TIMEOUT"),
        )

    def _listed_tasks(self, listing: Path) -> list[Task]:
        return [Task(path) for path in parse_listing(listing.read_bytes())]

    def _index_tasks(
        self, settings: BaseSettings, crawl: str, sites: list[str], pattern: str | None
    ) -> list[Task]:
        return list(
            index_tasks(
                self.commoncrawl.session,
                settings["ARCHIVER_COMMONCRAWL_INDEX_URL"],
                crawl,
                sites,
                pattern,
                settings.getfloat("ARCHIVER_COMMONCRAWL_TIMEOUT"),
            )
        )

    def parse_page(self, response: Response) -> Iterator[Page]:
        """As the news spider's, with the rules and language of the page's site profile
        (``--sites``, and the packaged ones) where one covers its host."""
        profile = profile_for(response.url, self.profiles)
        if profile is not None:
            if profile.language:
                response.meta.setdefault(HINTS, {}).setdefault("site_language", profile.language)
            response.meta[SITE_RULES] = profile.site_rules()
        yield from super().parse_page(response)

    async def start(self) -> AsyncIterator[Any]:
        async for request in self.commoncrawl.requests(self.parse_page, self.record_failed):
            yield request

    def record_failed(self, failure: Any) -> None:
        self.commoncrawl.request_failed(failure)
        self.fetch_failed(failure)
