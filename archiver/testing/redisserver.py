"""Debian's ``redis-server`` on a free loopback port, without persistence, for the tests and
benchmarks of distributed crawls; stopped when the block ends."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis


class RedisNotStarted(RuntimeError):
    pass


@contextmanager
def redis_server(databases: int = 16) -> Iterator[str]:
    """The server's URL (``redis://127.0.0.1:PORT``, no database number), once it answers."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisNotStarted("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen(
        [binary, "--save", "", "--appendonly", "no", "--port", str(port),
         "--bind", "127.0.0.1", "--databases", str(databases)],
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
                    message = f"redis-server exited with status {proc.returncode}"
                    raise RedisNotStarted(message) from None
                time.sleep(0.05)
        else:
            raise RedisNotStarted(f"redis-server did not answer on 127.0.0.1:{port}")
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=30)
