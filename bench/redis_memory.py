"""Redis memory per queued URL and per seen URL, measured on a loopback redis-server.

    python bench/redis_memory.py [--urls 100000]

Starts ``redis-server`` (no persistence) on a free 127.0.0.1 port and fills it the way a
distributed crawl does (archiver.distributed), with news-like URLs of about 90 characters:

queued URL  an article request in scrapy-redis' priority queue (pickled, with the meta the
            spider gives it) and its fingerprint in the run's duplicate filter;
seen URL    what stays after a URL's record is written: its line in the pages hash (the
            incremental state) and its payload digest (two hashes of the digest store);
            plus, until the next ``archiver seed``, its entry in the run's done set and
            claims hash.

Each figure is the growth of ``INFO memory`` used_memory over ``--urls`` URLs, divided by
their number; ``MEMORY USAGE`` of each key is printed as a cross-check. The extrapolation
to 100 million URLs is a multiplication: it assumes the same URL lengths.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from typing import Any

import redis
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

from archiver import settings as project
from archiver.distributed.keys import Keys
from archiver.distributed.state import RedisDigestStore, RedisState
from archiver.meta import ARTICLE, HINTS
from archiver.spiders.news import NewsSpider
from archiver.testing.redisserver import redis_server
from archiver.warc.digests import Archived

SITE = "https://www.example-news.com/"


def url(i: int) -> str:
    return (
        f"{SITE}news/world/2024/{i % 12 + 1:02}/{i % 28 + 1:02}/a-headline-of-seven-words-{i}.html"
    )


def used(client: redis.Redis) -> int:
    return int(client.info("memory")["used_memory"])


def grow(client: redis.Redis, n: int, fill: Any) -> float:
    before = used(client)
    fill()
    return (used(client) - before) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=100_000)
    args = parser.parse_args()
    n = args.urls
    with redis_server() as url:
        client = redis.Redis.from_url(url, decode_responses=True)
        print(json.dumps(measure(client, n), indent=1))


def measure(client: redis.Redis, n: int) -> dict[str, Any]:
    settings = Settings()
    settings.setmodule(project, priority="project")
    spider = NewsSpider.from_crawler(Crawler(NewsSpider, settings), site=SITE)
    keys = Keys("archiver")
    queue = PriorityQueue(redis.Redis(port=client.connection_pool.connection_kwargs["port"]),
                          spider, keys.queue("bench"))  # fmt: skip
    seen = RFPDupeFilter(client, keys.dupefilter("bench", "run"))
    state = RedisState(client, keys, "w1")
    digests = RedisDigestStore(client, keys)

    def requests() -> Any:
        for i in range(n):
            hints = {"sitemap_lastmod": "2024-01-01T06:00:00+00:00", "site_language": "en"}
            yield spider._request(url(i), spider.parse_article, "article",
                                  **{HINTS: hints, ARTICLE: True})  # fmt: skip

    def push() -> None:
        for request in requests():
            queue.push(request)

    def fingerprints() -> None:
        for request in requests():
            seen.request_seen(request)

    def pages() -> None:
        for i in range(n):
            sha = hashlib.sha256(str(i).encode()).hexdigest()
            record = {"url": url(i), "content_sha256": sha, "version": 1}
            validators = {"lastmod": "2024-01-01T06:00:00+00:00", "etag": None,
                          "last_modified": "Mon, 01 Jan 2024 06:00:00 GMT"}  # fmt: skip
            state.record_written("bench", "run", record, validators)
        client.delete(keys.done("run"))  # measured on its own below

    def payloads() -> None:
        for i in range(n):
            digest = "sha1:" + hashlib.sha1(str(i).encode()).hexdigest().upper()[:32]
            archived = Archived(url(i), "2024-01-01T06:00:00Z", f"<urn:uuid:{i:032x}>",
                                f"/data/out/site/20240101T060000Z.host-1-{i // 20000:05}.warc.gz",
                                i * 40_000)  # fmt: skip
            digests.add(digest, archived)

    def done() -> None:
        for i in range(n):
            state.mark_done("run", url(i))

    def claims() -> None:
        for i in range(n):
            state.claim("run", url(i), "host-1234")

    per_url = {
        "queue": grow(client, n, push),
        "dupefilter": grow(client, n, fingerprints),
        "pages": grow(client, n, pages),
        "digests": grow(client, n, payloads),
        "done": grow(client, n, done),
        "claims": grow(client, n, claims),
    }
    usage = {
        key: client.memory_usage(key, samples=0)
        for key in (keys.queue("bench"), keys.dupefilter("bench", "run"), keys.pages,
                    keys.digests, keys.latest, keys.done("run"), keys.claims("run"))
    }  # fmt: skip
    queued = per_url["queue"] + per_url["dupefilter"]
    kept = per_url["pages"] + per_url["digests"]
    during = per_url["done"] + per_url["claims"]
    return {
        "urls": n,
        "url_chars": len(url(n // 2)),
        "redis_version": client.info("server")["redis_version"],
        "bytes_per_url": {k: round(v, 1) for k, v in per_url.items()},
        "memory_usage_per_url": {k: round(v / n, 1) for k, v in usage.items() if v},
        "queued_url_bytes": round(queued),
        "seen_url_bytes": round(kept),
        "seen_url_bytes_during_run": round(kept + during),
        "for_100_million_urls_GB": {
            "all_queued": round(queued * 1e8 / 1e9, 1),
            "all_seen": round(kept * 1e8 / 1e9, 1),
            "all_seen_during_a_run": round((kept + during) * 1e8 / 1e9, 1),
        },
    }


if __name__ == "__main__":
    main()
