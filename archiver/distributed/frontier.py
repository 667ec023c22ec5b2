"""The shared frontier: scrapy-redis' queue and duplicate filter, and the start points.

Workers never push start points themselves (each would add them again): ``archiver seed``
does, once per run, and a worker started with ``--resume`` does after a killed worker,
with a fresh duplicate filter (see ``reseed``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

if TYPE_CHECKING:
    import redis
    from scrapy import Spider

    from archiver.distributed.keys import Keys

SCHEDULER = "archiver.distributed.scheduler.RedisScheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"
QUEUE = "scrapy_redis.queue.PriorityQueue"


def push_start_points(
    client: redis.Redis, keys: Keys, site: str, run_id: str, spider: Spider
) -> int:
    """Push the site's start points (the spider's own ``site_requests``) through the run's
    duplicate filter into the shared queue; returns how many were new."""
    profile = getattr(spider, "profile", None)
    assert profile is not None, "a site crawl's spider"
    # The queue and the filter are scrapy-redis' own, so that workers read them as theirs.
    queue = PriorityQueue(client, spider, keys.queue(site))
    seen = RFPDupeFilter(client, keys.dupefilter(site, run_id))
    pushed = 0
    for request in spider.site_requests(profile):  # type: ignore[attr-defined]
        if not seen.request_seen(request):
            queue.push(request)
            pushed += 1
    return pushed


def reseed(client: redis.Redis, keys: Keys, site: str, run_id: str, spider: Spider) -> int:
    """After a killed worker: the requests it had taken from the queue are gone, and their
    fingerprints would stop the run from finding them again. Forget the fingerprints and
    push the start points again: pages are found anew, and the state skips every article
    already written in the run without fetching it."""
    client.delete(keys.dupefilter(site, run_id))
    return push_start_points(client, keys, site, run_id, spider)


class StartPointsFromRedis:
    """Spider middleware: a worker's spider yields no start requests of its own; the
    start points are in the shared queue already (pushed by ``archiver seed``)."""

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for _ in start:
            pass
        return
        yield  # an async generator that yields nothing
