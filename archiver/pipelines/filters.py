"""Keep only the records a dataset wants: sites, a publication period, languages.

One item pipeline for every source (crawl, replay, commoncrawl), switched on by its
settings (``ARCHIVER_FILTER_*``, documented in archiver/settings.py); it runs after
extraction, because dates and language are what extraction finds. A filtered page is a
skip with its reason (``site``, ``language``, ``date_out_of_range``, ``no_date``), so it
is counted and in the run's ledger. The host test is also used before any parsing where a
source can apply it early (a Common Crawl stream reads WARC headers only).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

from archiver.skips import drop_record

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings


# Skips the user asked for: not a sign of a broken site (the end-of-run monitors leave them
# out of the skip ratio).
FILTER_REASONS = frozenset({"site", "language", "date_out_of_range", "no_date"})


def normalize_host(site: str) -> str:
    """``https://WWW.Example.com:8080/path`` or ``example.com.`` -> the bare host name."""
    text = site.strip().lower()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    return host.rstrip(".")


def host_matches(url: str, sites: frozenset[str]) -> bool:
    """The URL's host is one of ``sites`` or a subdomain of one; any port, any scheme."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return False
    while host:
        if host in sites:
            return True
        _, _, host = host.partition(".")
    return False


def parse_day(text: str, *, end: bool = False) -> date:
    """``2024``, ``2024-05`` or ``2024-05-03`` (a datetime's date part) as a day: the first
    day of the period it names, or its last with ``end``."""
    part = text.strip()[:10]
    pieces = part.split("-")
    year = int(pieces[0])
    if len(pieces) == 1:
        return date(year, 12, 31) if end else date(year, 1, 1)
    month = int(pieces[1])
    if len(pieces) == 2:
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return date(year, month, int(pieces[2]))


def published_span(record: dict[str, Any]) -> tuple[date | None, date | None] | None:
    """The days a record may have been published on: its date's whole period (a year-only
    date spans the year), else its earliest/latest bounds (either may be open); None when
    the record has no date at all."""
    published = record.get("date_published")
    if published:
        return parse_day(published), parse_day(published, end=True)
    earliest, latest = record.get("date_published_earliest"), record.get("date_published_latest")
    if not earliest and not latest:
        return None
    return (
        parse_day(earliest) if earliest else None,
        parse_day(latest, end=True) if latest else None,
    )


@dataclass(frozen=True)
class Filters:
    sites: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    languages: frozenset[str] = frozenset()
    keep_undated: bool = False

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Filters:
        since, until = settings.get("ARCHIVER_FILTER_SINCE"), settings.get("ARCHIVER_FILTER_UNTIL")
        return cls(
            sites=frozenset(
                h for h in map(normalize_host, settings.getlist("ARCHIVER_FILTER_SITES")) if h
            ),
            since=parse_day(since) if since else None,
            until=parse_day(until, end=True) if until else None,
            languages=frozenset(
                x.strip().lower() for x in settings.getlist("ARCHIVER_FILTER_LANGUAGES")
            ),
            keep_undated=settings.getbool("ARCHIVER_FILTER_KEEP_UNDATED"),
        )

    @property
    def active(self) -> bool:
        return bool(self.sites or self.since or self.until or self.languages)

    def site_ok(self, url: str) -> bool:
        return not self.sites or host_matches(url, self.sites)

    def verdict(self, record: dict[str, Any]) -> tuple[str, str] | None:
        """None to keep the record, else (reason, message)."""
        url = str(record.get("url") or "")
        if not self.site_ok(url):
            return "site", f"host not in {', '.join(sorted(self.sites))}"
        if self.languages and (record.get("language") or "") not in self.languages:
            return "language", f"language {record.get('language')} not wanted"
        if self.since is None and self.until is None:
            return None
        span = published_span(record)
        if span is None:
            return None if self.keep_undated else ("no_date", "no publication date found")
        first, last = span
        if (self.until is not None and first is not None and first > self.until) or (
            self.since is not None and last is not None and last < self.since
        ):
            shown = record.get("date_published") or f"{first or '..'}/{last or '..'}"
            return "date_out_of_range", f"published {shown}"
        return None


class FilterPipeline:
    """Drops records the filters do not want, each as a counted skip with its reason."""

    def __init__(self, crawler: Crawler, filters: Filters) -> None:
        self.crawler = crawler
        self.filters = filters

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FilterPipeline:
        filters = Filters.from_settings(crawler.settings)
        if not filters.active:
            raise NotConfigured  # no message: Scrapy logs one at WARNING, and off is normal
        return cls(crawler, filters)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        verdict = self.filters.verdict(item)
        if verdict is None:
            return item
        reason, message = verdict
        raise drop_record(self.crawler, item, reason, message)
