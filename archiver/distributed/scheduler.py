"""scrapy-redis' scheduler, adapted to Scrapy 2.19 and to a Redis that goes away.

Its queue, duplicate filter, ``from_crawler`` and ``open(spider)``/``close(reason)`` work
with Scrapy 2.19 as they are. Two things are changed here:

* its stats calls pass ``spider=`` to ``StatsCollector.inc_value``, which Scrapy 2.19
  deprecates with a warning on every request queued or taken; these are its own methods
  without that argument;
* a Redis that stops answering raised out of Scrapy's engine loop, a traceback every
  tick. Here the worker logs one line and waits (it does not count as idle, so it does
  not exit) until Redis answers again; a request it could not queue is counted in
  ``archiver/distributed/requests_lost``, for a ``--resume`` to find again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from scrapy_redis.scheduler import Scheduler

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class RedisScheduler(Scheduler):
    unreachable = False

    def _lost(self, exc: Exception) -> None:
        if not self.unreachable:
            logger.error("Redis unreachable, waiting for it: %s", exc)
        self.unreachable = True

    def _back(self) -> None:
        if self.unreachable:
            logger.info("Redis answers again")
        self.unreachable = False

    def enqueue_request(self, request: Request) -> bool:
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except UNREACHABLE as exc:
            self._lost(exc)
            if self.stats:
                self.stats.inc_value("archiver/distributed/requests_lost")
            return False
        self._back()
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        try:
            request: Request | None = self.queue.pop(self.idle_before_close)
        except UNREACHABLE as exc:
            self._lost(exc)
            return None
        self._back()
        if request and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        try:
            pending = len(self) > 0
        except UNREACHABLE as exc:
            self._lost(exc)
            return True  # unknown: wait for Redis rather than exit as idle
        self._back()
        return pending
