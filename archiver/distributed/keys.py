"""The Redis client and the names of everything the archiver keeps in Redis.

Every key starts with ``ARCHIVER_REDIS_KEY_PREFIX`` (default ``archiver``), so that one
Redis serves several projects, or a test, without a clash.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

import redis

from archiver.distributed import RedisUnreachable
from archiver.safepaths import safe_folder_name

__all__ = ["Keys", "RedisUnreachable", "client_of", "connect", "worker_id"]

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def connect(url: str) -> redis.Redis:
    """A client for ``url`` that has answered a PING, else ``RedisUnreachable`` in one line."""
    try:
        client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=5)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnreachable(f"cannot reach Redis at {url}: {exc}") from None
    return client


def client_of(settings: BaseSettings) -> redis.Redis:
    return connect(settings["ARCHIVER_REDIS_URL"])


def worker_id(settings: BaseSettings) -> str:
    """``ARCHIVER_WORKER_ID``, else ``<hostname>-<pid>``: a name for this worker's files."""
    chosen = settings.get("ARCHIVER_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"
    return safe_folder_name(str(chosen))


@dataclass(frozen=True)
class Keys:
    prefix: str

    @classmethod
    def of(cls, settings: BaseSettings) -> Keys:
        return cls(settings.get("ARCHIVER_REDIS_KEY_PREFIX") or "archiver")

    # shared by every site
    @property
    def pages(self) -> str:
        return f"{self.prefix}:pages"  # hash: URL -> what its last record was

    @property
    def runs(self) -> str:
        return f"{self.prefix}:runs"  # hash: run id -> site, output, finished

    def done(self, run_id: str) -> str:
        return f"{self.prefix}:done:{run_id}"  # set: URLs judged in the run

    def claims(self, run_id: str) -> str:
        return f"{self.prefix}:claims:{run_id}"  # hash: URL -> the worker writing its record

    @property
    def digests(self) -> str:
        return f"{self.prefix}:digests"  # hash: payload digest -> its first capture

    @property
    def latest(self) -> str:
        return f"{self.prefix}:latest"  # hash: URI -> digest of the last payload archived

    # per site
    def current_run(self, site: str) -> str:
        return f"{self.prefix}:{site}:run"  # string: the run workers join

    def queue(self, site: str) -> str:
        return f"{self.prefix}:{site}:requests"  # scrapy-redis' priority queue (zset)

    def dupefilter(self, site: str, run_id: str) -> str:
        return f"{self.prefix}:{site}:{run_id}:dupefilter"  # scrapy-redis' fingerprints (set)

    def lock(self, site: str) -> str:
        return f"{self.prefix}:{site}:lock"  # string: the run id holding the site

    def workers(self, site: str) -> str:
        return f"{self.prefix}:{site}:workers"  # zset: worker id -> last heartbeat (unix time)
