"""scrapy-redis' scheduler, adapted to Scrapy 2.19.

Its queue, duplicate filter, ``from_crawler`` and ``open(spider)``/``close(reason)`` work
with Scrapy 2.19 as they are. Only its stats calls pass ``spider=`` to
``StatsCollector.inc_value``, which Scrapy 2.19 deprecates with a warning on every request
queued or taken: these two methods are scrapy-redis 0.9.1's own, without that argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy_redis.scheduler import Scheduler

if TYPE_CHECKING:
    from scrapy import Request


class RedisScheduler(Scheduler):
    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
