"""Crawls spread over machines: scrapy-redis workers sharing one queue and one state.

``archiver seed SITE --redis URL`` starts a run in Redis and pushes its start points;
``archiver crawl SITE --redis URL`` (or ``-s ARCHIVER_REDIS_URL=URL``) runs one worker of
that run. See docs/distributed.md.
"""

WORKER = "archiver/distributed/worker"  # stats: the id of the worker that ran the crawl


class RedisUnreachable(RuntimeError):
    """Redis did not answer at the URL given."""
