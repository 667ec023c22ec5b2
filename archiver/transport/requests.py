"""A replay's start requests: one per recorded page, with what was recorded beside it.

Each request carries the page's recording key (answered by the HTTP-cache seam,
``archiver.transport.storage``), the record fields its capture gives, its date hints and
its site rules; a source that could not be read is a counted skip, not a request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request

from archiver.meta import HINTS, RECORD_EXTRA, REPLAY_KEY, SITE_RULES, SOURCE
from archiver.sites import ProfileError, profile_for, profiles_by_host
from archiver.skips import skip_page
from archiver.startup import not_started
from archiver.transport.sources import shared_index

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def replay_requests(
    crawler: Crawler,
    paths: tuple[str, ...],
    sites: str | None,
    callback: Callable[..., Any],
) -> Iterator[Request]:
    """The requests of a replay of ``paths``; ``sites``: ``-a sites=DIR[,DIR...]``."""
    index = shared_index(paths)
    for problem in index.problems:
        warc_file, _, offset = problem.where.rpartition("#")
        skip_page(
            crawler,
            url=problem.where,
            reason=problem.reason,
            message=problem.message,
            level=problem.level,
            warc_file=warc_file or None,
            warc_offset=int(offset) if warc_file and offset.isdigit() else None,
        )
    if crawler.stats is not None:
        crawler.stats.set_value("archiver/replay/entries", len(index.entries))
    try:
        chosen = chosen_rules(sites)
    except ProfileError as exc:
        raise not_started(f"news: {exc}") from None
    for entry in index.entries.values():
        yield Request(
            entry.url,
            callback=callback,
            meta={
                REPLAY_KEY: entry.key,
                SOURCE: entry.key,
                RECORD_EXTRA: dict(entry.extra),
                HINTS: dict(entry.hints),
                SITE_RULES: chosen(entry.url) or dict(entry.site_rules),
            },
            dont_filter=True,
        )


def chosen_rules(sites: str | None) -> Callable[[str], dict[str, Any] | None]:
    """For a replay with ``-a sites=DIR[,DIR...]``: the rules of the profile found for a
    page's host (DIR first, then the packaged profiles), chosen on purpose over those stored
    with the capture; None where no profile covers the host, and always without ``sites``."""
    dirs = [d.strip() for d in (sites or "").split(",") if d.strip()]
    if not dirs:
        return lambda url: None
    profiles = profiles_by_host(dirs)

    def rules(url: str) -> dict[str, Any] | None:
        profile = profile_for(url, profiles)
        return profile.site_rules() if profile is not None else None

    return rules
