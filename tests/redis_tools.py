"""A Redis server for the distributed-crawl tests (archiver.testing.redisserver), one per
session.

CI installs redis-server (.ci/run): a machine without it fails these tests, it does not
skip them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from archiver.testing.redisserver import RedisNotStarted
from archiver.testing.redisserver import redis_server as server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """The server's URL, without a database number."""
    try:
        with server() as url:
            yield url
    except RedisNotStarted as exc:
        pytest.fail(str(exc))


@pytest.fixture
def redis_url(redis_server: str) -> Iterator[str]:
    """An empty database of the session's server, for one test."""
    url = f"{redis_server}/0"
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()
