"""Redis implementations of the stateful components (archiver.stores), for workers on
several machines: ``RedisState``, ``RedisDigestStore`` and ``RedisLock``.

The distributed add-on (archiver.distributed.addon) names them in ``ARCHIVER_STATE_CLASS``,
``ARCHIVER_DIGEST_STORE_CLASS`` and ``ARCHIVER_LOCK_CLASS``. Values are small JSON lists
in Redis hashes: one field per URL (or payload digest), the cheapest layout Redis has for
many small values.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from redis.exceptions import LockError, RedisError

from archiver.distributed.keys import Keys, client_of, worker_id
from archiver.incremental.state import reconcile_lines
from archiver.stores import Known, Run, SiteLocked, new_run_id
from archiver.warc.digests import Archived

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class RedisState:
    """What earlier runs wrote, per URL, and the runs of each site, in Redis.

    A worker's state (``worker`` set) does not finish the run when its crawl ends: the
    other workers of the run may still be crawling and need the run's done URLs and
    claims. The next ``archiver seed`` of the site finishes it.
    """

    def __init__(self, client: redis.Redis, keys: Keys, worker: str | None = None) -> None:
        self.client = client
        self.keys = keys
        self.worker = worker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(client_of(settings), Keys.of(settings), worker_id(settings))

    def close(self) -> None:
        self.client.close()

    # pages
    def known(self, url: str) -> Known | None:
        value = self.client.hget(self.keys.pages, url)
        if value is None:
            return None
        sha, version, lastmod, etag, last_modified = json.loads(str(value))[:5]
        return Known(sha, version, lastmod, etag, last_modified)

    def record_written(
        self, site: str, run_id: str, record: dict[str, Any], validators: dict[str, str | None]
    ) -> None:
        url = str(record["url"])
        value = [
            record["content_sha256"],
            int(record.get("version") or 1),
            validators.get("lastmod"),
            validators.get("etag"),
            validators.get("last_modified"),
            site,
            run_id,
        ]
        pipe = self.client.pipeline()  # MULTI/EXEC: both or neither
        pipe.hset(self.keys.pages, url, json.dumps(value, separators=(",", ":")))
        pipe.sadd(self.keys.done(run_id), url)
        pipe.execute()

    def refresh_validators(self, url: str, validators: dict[str, str | None]) -> None:
        value = self.client.hget(self.keys.pages, url)
        if value is None:
            return
        fields = json.loads(str(value))
        for i, name in ((2, "lastmod"), (3, "etag"), (4, "last_modified")):
            fields[i] = validators.get(name) or fields[i]
        self.client.hset(self.keys.pages, url, json.dumps(fields, separators=(",", ":")))

    # runs
    def mark_done(self, run_id: str, url: str) -> None:
        self.client.sadd(self.keys.done(run_id), url)

    def is_done(self, run_id: str, url: str) -> bool:
        return bool(self.client.sismember(self.keys.done(run_id), url))

    def new_run_id(self, site: str) -> str:
        return new_run_id(lambda run_id: bool(self.client.hexists(self.keys.runs, run_id)))

    def start_run(self, run_id: str, site: str, output: Path) -> None:
        value = {"site": site, "output": str(output), "finished": False}
        self.client.hsetnx(self.keys.runs, run_id, json.dumps(value))

    def finish_run(self, run_id: str) -> None:
        if self.worker is not None:
            return  # see the class docstring: the next seed finishes the run
        value = self.client.hget(self.keys.runs, run_id)
        if value is None:
            return
        fields = json.loads(str(value))
        fields["finished"] = True
        pipe = self.client.pipeline()
        pipe.hset(self.keys.runs, run_id, json.dumps(fields))
        pipe.delete(self.keys.done(run_id), self.keys.claims(run_id))
        pipe.execute()

    def unfinished_runs(self, site: str) -> list[Run]:
        runs = []
        for run_id, value in sorted(self.client.hgetall(self.keys.runs).items()):
            fields = json.loads(value)
            if fields["site"] == site and not fields["finished"]:
                runs.append(Run(str(run_id), site, Path(fields["output"]), False))
        return runs

    def reconcile(self, run: Run) -> int:
        """As ``State.reconcile``, for one worker's own output: lines a killed worker wrote
        that the state does not know are recorded; its claims on URLs it never wrote are
        given back, so that the run writes them after all."""
        fixed, written = reconcile_lines(self, run)
        if self.worker is not None:
            claims = self.keys.claims(run.run_id)
            mine = [u for u, w in self.client.hgetall(claims).items() if w == self.worker]
            lost = [u for u in mine if u not in written]
            if lost:
                logger.info("%d URLs claimed by %s were not written: released", len(lost), run)
                self.client.hdel(claims, *lost)
        return fixed

    # claims: one record per URL and run, whichever worker gets there first
    def claim(self, run_id: str, url: str, worker: str) -> str | None:
        """Claim ``url`` for ``worker``; None if it is ours, else the worker holding it."""
        key = self.keys.claims(run_id)
        if self.client.hsetnx(key, url, worker):
            return None
        holder = self.client.hget(key, url)
        return None if holder == worker else str(holder)


class RedisDigestStore:
    """Payload digests in Redis: a revisit may refer to a capture in another worker's WARC
    file (by record id and URI, as WARC revisits do; the file name is a hint)."""

    def __init__(self, client: redis.Redis, keys: Keys) -> None:
        self.client = client
        self.keys = keys

    @classmethod
    def from_crawler(cls, crawler: Crawler, path: Path) -> Self:
        return cls(client_of(crawler.settings), Keys.of(crawler.settings))  # path: not a file

    def find(self, digest: str) -> Archived | None:
        value = self.client.hget(self.keys.digests, digest)
        return Archived(*json.loads(str(value))) if value is not None else None

    def latest(self, uri: str) -> Archived | None:
        """As the SQLite store: the last payload first captured at ``uri``."""
        digest = self.client.hget(self.keys.latest, uri)
        return self.find(str(digest)) if digest is not None else None

    def add(self, digest: str, archived: Archived) -> None:
        value = json.dumps(
            [archived.uri, archived.date, archived.record_id, archived.warc_file,
             archived.warc_offset],
            separators=(",", ":"),
        )  # fmt: skip
        if self.client.hsetnx(self.keys.digests, digest, value):
            # The digest, not a second copy of the capture: half the memory per URL.
            self.client.hset(self.keys.latest, archived.uri, digest)

    def close(self) -> None:
        self.client.close()


class RedisLock:
    """The site held by one run, shared by every worker of that run.

    What it guards in a distributed crawl: not one process (several workers of a run
    crawl at once), but the run. While workers of a run hold the site, ``archiver seed``
    cannot start another run of it, which would switch the site's queue and state under
    them. The key holds the run id with a time to live (``ARCHIVER_REDIS_LOCK_TTL``) that
    each worker refreshes while it crawls: a killed worker stops refreshing, and the site
    is free again at most one TTL after the last worker of the run is gone. redis-py's
    ``Lock`` does the token checks; its token is the run id, which is what makes it shared.
    """

    def __init__(
        self, client: redis.Redis, keys: Keys, site: str, run_id: str, worker: str, ttl: float
    ) -> None:
        self.client = client
        self.keys = keys
        self.site = site
        self.run_id = run_id
        self.worker = worker
        self.ttl = ttl
        self.lock = client.lock(keys.lock(site), timeout=ttl, thread_local=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler, site: str) -> Self:
        settings = crawler.settings
        return cls(
            client_of(settings),
            Keys.of(settings),
            site,
            settings["ARCHIVER_RUN_ID"],
            worker_id(settings),
            settings.getfloat("ARCHIVER_REDIS_LOCK_TTL"),
        )

    def acquire(self) -> None:
        if not self.lock.acquire(blocking=False, token=self.run_id):
            holder = str(self.client.get(self.keys.lock(self.site)))
            if holder != self.run_id:
                raise SiteLocked(
                    f"workers of run {holder} are crawling {self.site} (Redis key "
                    f"{self.keys.lock(self.site)}; free at most {self.ttl:g} s after they stop)"
                )
            self.lock.local.token = self.run_id.encode()  # a worker of the same run: join it
            self.lock.reacquire()
        self.heartbeat()

    def heartbeat(self) -> None:
        """Called every third of the TTL while the worker runs: the site stays held. A
        Redis away for a while is logged, not raised: the next beat tries again."""
        try:
            self._beat()
        except RedisError as exc:
            logger.warning("%s: the site's lock not refreshed: %s", self.site, exc)

    def _beat(self) -> None:
        self.client.zadd(self.keys.workers(self.site), {self.worker: time.time()})
        try:
            self.lock.reacquire()
        except LockError:  # expired (the worker was paused longer than the TTL): take it again
            if not self.lock.acquire(blocking=False, token=self.run_id):
                holder = self.client.get(self.keys.lock(self.site))
                if holder != self.run_id:
                    logger.error("%s: the site's lock went to run %s", self.site, holder)

    def release(self) -> None:
        """The last live worker of the run frees the site."""
        workers = self.keys.workers(self.site)
        self.client.zrem(workers, self.worker)
        if self.client.zcount(workers, time.time() - self.ttl, "+inf"):
            return  # others of the run are still crawling
        with contextlib.suppress(LockError):  # expired, or a later run's: nothing of ours
            self.lock.release()
