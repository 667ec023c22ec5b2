"""The ``news`` spider: one spider for every transport.

``-a site=SITE|URL`` crawls a site live from its profile (``archiver/sites/*.toml`` or a
``-a sites=DIR`` folder; a URL gets the default profile): what the profile switches on of
robots.txt sitemaps, sitemaps, feeds, start pages and link following, with incremental
state. ``-a urls=URL[,URL...]`` fetches just those pages live; ``-a replay=PATH[,PATH...]``
(or ``-s ARCHIVER_REPLAY=...``) answers requests from recorded fixture folders or WARC files
(globs allowed) through the HTTP-cache seam, each page extracted with the site rules stored
beside it (``-a sites=DIR`` swaps in DIR's profiles on purpose). Callbacks and pipelines
are the same either way; the arguments are parsed into ``NewsArguments``, and what each
mode needs of the settings is set by its add-on (archiver.addons).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.internet.error import (
    ConnectError,
    DNSLookupError,
    TCPTimedOutError,
)
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from archiver.discovery.feeds import NotAFeed, announced_feeds, parse_feed
from archiver.discovery.links import Kind
from archiver.discovery.pending import PendingHints, late_hints
from archiver.discovery.sitemaps import parse_sitemap
from archiver.extract.fetched import isoformat
from archiver.incremental.middleware import Skipped
from archiver.items import Page
from archiver.meta import (
    ARTICLE,
    FETCHED_AT,
    HINTS,
    RECORD_EXTRA,
    ROLE,
    SITE_RULES,
    SOURCE,
    START,
)
from archiver.middlewares.gate import Refused
from archiver.middlewares.redirect_loop import RedirectLoop
from archiver.politeness import contact_user_agent
from archiver.sites import ProfileError, SiteProfile, find_profile
from archiver.skips import skip_page
from archiver.spiders.arguments import NewsArguments
from archiver.startup import not_started
from archiver.transport.requests import replay_requests

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure


def capture_moment(response: Response) -> str:
    """The recorded capture time, else the server's Date header, else the moment of receipt."""
    recorded = response.meta.get(FETCHED_AT)
    if recorded:
        return str(recorded)
    date_header = response.headers.get(b"Date")
    if date_header:
        try:
            return isoformat(parsedate_to_datetime(date_header.decode("latin-1")))
        except (TypeError, ValueError):
            pass
    return isoformat(datetime.now(UTC))


class NewsSpider(Spider):
    name = "news"
    # A subclass with a source of its own (Common Crawl) needs no site, URLs or replay paths.
    needs_start_points = True

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        """Checks the arguments and finds the site's profile; the run modes themselves
        (replay, site crawl) are add-ons (archiver.addons) that read what is found here."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, NewsSpider)
        arguments = spider.arguments
        live = not (arguments.replay or crawler.settings.getlist("ARCHIVER_REPLAY"))
        if live and cls.needs_start_points and not arguments.site and not arguments.urls:
            raise not_started(
                "news: nothing to crawl; pass -a site=SITE|URL, -a urls=URL,... or -a replay=PATH"
            )
        if live and arguments.site:
            dirs = crawler.settings.getlist("ARCHIVER_SITES_DIRS")
            if arguments.sites:
                dirs = [*dirs, arguments.sites]
            try:
                spider.profile = find_profile(arguments.site, dirs)
            except ProfileError as exc:
                raise not_started(f"news: {exc}") from exc
        if live:
            contact_user_agent(crawler.settings)
        spider.pending_hints.connect(crawler.signals)
        return spider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # keeps each -a value as an attribute, as Scrapy does
        self.arguments = NewsArguments.parse(kwargs)
        self.start_urls = list(self.arguments.urls)
        self.profile: SiteProfile | None = None
        self.link_extractor = LinkExtractor(unique=True)
        # Date signals per URL from every sitemap and feed that listed it, merged when the
        # page is parsed: the duplicate filter keeps only the first request of a URL.
        self.pending_hints = PendingHints()

    async def start(self) -> AsyncIterator[Any]:
        paths = tuple(self.settings.getlist("ARCHIVER_REPLAY"))
        if paths:
            for request in replay_requests(
                self.crawler, paths, self.arguments.sites, self.parse_page
            ):
                yield request
            return
        if self.profile is not None:
            for request in self.site_requests(self.profile):
                yield request
            return
        if not self.start_urls:
            raise ValueError(
                "news: nothing to crawl; pass -a site=SITE|URL, -a urls=URL,... or -a replay=PATH"
            )
        for url in self.start_urls:
            yield Request(url, callback=self.parse_page, errback=self.fetch_failed)

    def parse_page(self, response: Response) -> Iterator[Page]:
        content_type = response.headers.get(b"Content-Type")
        rules = response.meta.get(SITE_RULES) or {}
        extra = dict(response.meta.get(RECORD_EXTRA) or {})
        if rules.get("profile"):  # the record names the rules that made it
            extra["site_profile"] = str(rules["profile"])
            extra["site_profile_version"] = str(rules.get("version") or "")
        yield Page(
            url=response.url,
            body=response.body,
            fetched_at=capture_moment(response),
            source=str(response.meta.get(SOURCE) or response.url),
            status=response.status,
            content_type=content_type.decode("latin-1") if content_type else None,
            hints=dict(response.meta.get(HINTS) or {}),
            extra=extra,
            site_rules=dict(rules.get("extract") or {}),
        )

    # Live site crawls: discovery.

    def _stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def _skip(self, url: str, reason: str, message: str) -> None:
        """A skip already logged by the caller: its own line at DEBUG only."""
        skip_page(self.crawler, url=url, reason=reason, message=message, level=logging.DEBUG)

    def _request(self, url: str, callback: Any, role: str, **meta: Any) -> Request:
        return Request(url, callback=callback, errback=self.fetch_failed, meta={ROLE: role, **meta})

    def site_requests(self, profile: SiteProfile) -> Iterator[Request]:
        """robots.txt sitemaps first, then the profile's sitemaps, feeds and start pages."""
        if profile.robots_sitemaps:
            origins = {_origin(u) for u in profile.start_urls} or {
                f"https://{d}" for d in profile.domains
            }
            for origin in sorted(origins):
                yield self._request(f"{origin}/robots.txt", self.parse_robots, "robots.txt")
        for url in profile.sitemaps:
            yield self._request(url, self.parse_sitemap, "sitemap", **{START: True})
        for url in profile.feeds:
            yield self._request(url, self.parse_feed, "feed", **{START: True})
        for url in profile.pages:
            yield self._request(url, self.parse_listing, "start page", **{START: True})

    def _started(self, response: Response) -> None:
        if response.meta.get(START):
            self._stat("archiver/discovery/start_points_ok")

    def discovered(self, url: str, hints: dict[str, str], via: str) -> Request | None:
        """A request for a URL found by a sitemap, feed or link, if the profile wants it."""
        assert self.profile is not None
        kind = self.profile.rules.classify(url)
        if kind is Kind.ARTICLE:
            self._stat(f"archiver/discovery/{via}")
            # A later discovery (a feed after the sitemap) adds its hints to the page of
            # the request already made, when it is parsed; the request carries its own.
            if self.pending_hints.add(url, hints):
                return None
            own = dict(hints)
            if self.profile.language:
                own.setdefault("site_language", self.profile.language)
            return self._request(
                url,
                self.parse_article,
                "article",
                **{HINTS: own, ARTICLE: True, SITE_RULES: self.profile.site_rules()},
            )
        if kind is Kind.LISTING and self.profile.follow:
            return self._request(url, self.parse_listing, "listing")
        return None

    def parse_robots(self, response: Response) -> Iterator[Request]:
        self._stat("archiver/discovery/start_points_ok")
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            self._stat("archiver/discovery/robots_sitemaps")
            yield self._request(url, self.parse_sitemap, "sitemap")

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        self._started(response)
        parsed = parse_sitemap(response.body, self.settings.getint("ARCHIVER_SITEMAP_MAXSIZE"))
        if parsed.problem:
            read = f"; entries read before it: {len(parsed.entries)}" if parsed.entries else ""
            self.logger.error("bad sitemap %s: %s%s", response.url, parsed.problem, read)
            self._skip(response.url, "bad_sitemap", parsed.problem)
        for entry in parsed.entries:
            if parsed.kind == "sitemapindex":
                yield self._request(entry.loc, self.parse_sitemap, "sitemap")
            elif request := self.discovered(entry.loc, entry.hints(), "sitemap"):
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        self._started(response)
        try:
            entries = parse_feed(
                response.body, response.url, self.settings.getint("ARCHIVER_FEED_MAXSIZE")
            )
        except NotAFeed as exc:
            self.logger.error("bad feed %s: %s", response.url, exc)
            self._skip(response.url, "bad_feed", str(exc))
            return
        for entry in entries:
            if request := self.discovered(entry.link, entry.hints(), "feed"):
                yield request

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Start pages, and with link following on, the section fronts, tag and author
        pages found: read for links, never written."""
        self._started(response)
        self._stat("archiver/page_type/listing")  # by the profile's patterns
        if not isinstance(response, TextResponse):
            self.logger.warning("not an HTML page, no links read: %s", response.url)
            self._skip(response.url, "listing_not_html", "not an HTML page")
            return
        assert self.profile is not None
        if response.meta.get(START) and self.profile.discover_feeds:
            head = response.xpath('//link[@rel="alternate"]')
            pairs = [(x.attrib.get("type"), x.attrib.get("href")) for x in head]
            for url in announced_feeds(pairs, response.url):
                yield self._request(url, self.parse_feed, "feed")
        yield from self.follow_links(response)

    def follow_links(self, response: TextResponse) -> Iterator[Request]:
        for link in self.link_extractor.extract_links(response):
            if request := self.discovered(link.url, {}, "link"):
                yield request

    def parse_article(self, response: Response) -> Iterator[Page | Request]:
        """A candidate article: handed to extraction (which may say it is not one), and,
        when the profile follows links, its links followed like a listing's."""
        own = dict(response.meta.get(HINTS) or {})
        hints = {**own, **self.pending_hints.take(response)}
        if hints != own:  # found after the capture: into the WARC too, for replays
            self.crawler.signals.send_catch_log(late_hints, response=response, hints=hints)
        response.meta[HINTS] = hints
        yield from self.parse_page(response)
        assert self.profile is not None
        if self.profile.follow and isinstance(response, TextResponse):
            yield from self.follow_links(response)

    def fetch_failed(self, failure: Failure) -> None:
        """One message and one counted reason per request that got no usable response."""
        request = failure.request  # type: ignore[attr-defined]
        self.pending_hints.take(request)
        role = request.meta.get(ROLE, "page")
        status: int | None = None
        if failure.check(Skipped):
            return  # nothing new: counted by the incremental middleware
        if failure.check(RedirectLoop, Refused):
            return  # logged and counted where it was found
        if failure.check(HttpError):  # before IgnoreRequest: HttpError is one
            error = failure.value
            assert isinstance(error, HttpError)
            status = error.response.status
            if role == "robots.txt" and status == 404:
                self.logger.info("no robots.txt at %s", request.url)
                return
            reason, detail = f"http_{status}", f"HTTP {status}"
        elif failure.check(IgnoreRequest):
            if "robots.txt" in str(failure.value):
                self.logger.info("robots.txt disallows %s", request.url)
                self._skip(request.url, "robots_txt", "disallowed by robots.txt")
            return
        elif failure.check(
            DownloadTimeoutError, TwistedTimeoutError, TCPTimedOutError, TimeoutError
        ):
            reason, detail = (
                "timeout",
                f"no answer within {self.settings.getfloat('DOWNLOAD_TIMEOUT'):g}s",
            )
        elif failure.check(CannotResolveHostError, DNSLookupError):
            reason, detail = "dns", "host name not found"
        elif failure.check(DownloadConnectionRefusedError, ConnectError):
            reason, detail = "connection", f"cannot connect ({failure.value})"
        else:
            reason, detail = "error", repr(failure.value)
        retries = request.meta.get("retry_times", 0)
        tried = f" after {retries + 1} attempts" if retries else ""
        # A dead link (404, 410) is the site's to fix; the rest may be ours or passing.
        level = logging.WARNING if reason in ("http_404", "http_410") else logging.ERROR
        self.logger.log(level, "failed %s %s: %s%s", role, request.url, detail, tried)
        self._stat(f"archiver/failed/{reason}")
        if role in ("article", "page"):  # a page meant to become a record: in the ledger
            skip_page(
                self.crawler,
                url=request.url,
                reason=reason,
                message=detail,
                level=logging.DEBUG,
                status=status,
            )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
