"""A Redis server for the distributed-crawl tests: Debian's ``redis-server``, started here
on a free loopback port with no persistence, and stopped after the session.

CI installs redis-server (.ci/run): a machine without it fails these tests, it does not
skip them.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis

from tests.crawl_helpers import free_port


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """The server's URL, without a database number."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--save", "", "--appendonly", "no", "--port", str(port),
         "--bind", "127.0.0.1", "--databases", "16"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None:
                    pytest.fail(f"redis-server exited with status {proc.returncode}")
                time.sleep(0.05)
        else:
            pytest.fail(f"redis-server did not answer on 127.0.0.1:{port}")
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def redis_url(redis_server: str) -> Iterator[str]:
    """An empty database of the session's server, for one test."""
    url = f"{redis_server}/0"
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()
