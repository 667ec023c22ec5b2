"""Distributed crawls: scrapy-redis workers sharing one queue and one state in Redis
(archiver.distributed), on a generated site and a redis-server, both on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from archiver.distributed.keys import Keys
from archiver.distributed.state import RedisDigestStore, RedisLock, RedisState
from archiver.stores import SiteLocked
from archiver.warc.digests import Archived
from tests.conftest import ROOT, run_cli
from tests.crawl_helpers import (
    StaticSite,
    build_site,
    free_port,
    records_of,
    served_directory,
    write_profile,
)
from tests.redis_tools import redis_server, redis_url

__all__ = ["redis_server", "redis_url"]  # fixtures, used by name

SITE = "shared"
# A worker's settings in these tests: no politeness delays toward the loopback site, and
# an exit 1 s after the shared queue went empty (Scrapy looks every 5 s).
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ARCHIVER_REDIS_IDLE_SECONDS=1",
        "-s", "ARCHIVER_CONTACT_URL=mailto:test@example.org",
        "-s", "SPIDERMON_ENABLED=False"]  # fmt: skip


def seed(sites: Path, url: str) -> str:
    proc = run_cli("seed", SITE, "--sites", str(sites), "--redis", url, *FAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = re.search(r"seed shared: run (\S+), (\d+) start points", proc.stderr)
    assert found is not None, proc.stderr
    assert int(found.group(2)) >= 2  # robots.txt, the feed, the home page
    return found.group(1)


STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_worker_left() -> Iterator[None]:
    """A test that fails half-way leaves no worker behind (one would wait for Redis)."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)


def worker(sites: Path, url: str, out: Path, worker_id: str, *extra: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "crawl", SITE, "--sites", str(sites),
         "--redis", url, "--output-dir", str(out), "--worker-id", worker_id, *FAST, *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,  # its own process group: a kill takes its extraction workers
    )  # fmt: skip
    STARTED.append(proc)
    return proc


def finish(*workers: subprocess.Popen[str]) -> list[str]:
    logs = []
    for proc in workers:
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr[-3000:]
        logs.append(stderr)
    return logs


def worker_files(out: Path, run_id: str) -> dict[str, Path]:
    """Each worker's dataset of the run, by worker id."""
    files = (out / SITE).glob(f"{run_id}.*.jsonl")
    return {p.name.split(".")[1]: p for p in files if not p.name.endswith(".skipped.jsonl")}


def merge(tmp_path: Path, *paths: Path) -> list[dict[str, object]]:
    merged = tmp_path / "merged.jsonl"
    proc = run_cli("merge", *map(str, paths), "-o", str(merged))
    assert proc.returncode == 0, proc.stderr
    return records_of(merged)


def test_two_workers_write_every_article_once(tmp_path: Path, redis_url: str) -> None:
    root, out = tmp_path / "site", tmp_path / "out"
    root.mkdir()
    with served_directory(root) as site:
        articles = build_site(site, 500)
        sites = write_profile(tmp_path / "sites", SITE, site.base_url).parent
        run_id = seed(sites, redis_url)
        logs = finish(*(worker(sites, redis_url, out, w) for w in ("w1", "w2")))
    files = worker_files(out, run_id)
    assert sorted(files) == ["w1", "w2"]
    written = {w: [str(r["url"]) for r in records_of(p)] for w, p in files.items()}
    assert all(written.values()), {w: len(urls) for w, urls in written.items()}  # each some
    counts = Counter(written["w1"] + written["w2"])
    assert sorted(counts) == sorted(articles)
    assert set(counts.values()) == {1}
    for w, log in zip(("w1", "w2"), logs, strict=True):
        assert f"crawl {SITE}: {len(written[w])} records written ({len(written[w])} new" in log
        assert f"records in {files[w]}" in log
    # The WARC files and ledgers are the worker's own too.
    assert (out / SITE / f"{run_id}.w1-00000.warc.gz").is_file()
    assert (out / SITE / f"{run_id}.w2.skipped.jsonl").is_file()
    records = merge(tmp_path, out / SITE)
    assert [r["url"] for r in records] == sorted(articles)
    assert {r["version"] for r in records} == {1}


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_a_killed_worker_loses_nothing_and_writes_nothing_twice(
    tmp_path: Path, redis_url: str
) -> None:
    """w1 is SIGKILLed halfway; w2 goes on, and w1 restarted with --resume settles what it
    left: the requests it had taken are found again, its written lines are kept."""
    root, out = tmp_path / "site", tmp_path / "out"
    root.mkdir()
    pages = 200
    with served_directory(root, delay=0.02) as site:  # slow enough for a kill mid-crawl
        articles = build_site(site, pages)
        sites = write_profile(tmp_path / "sites", SITE, site.base_url).parent
        run_id = seed(sites, redis_url)
        mine = out / SITE / f"{run_id}.w1.jsonl"
        theirs = out / SITE / f"{run_id}.w2.jsonl"
        first = worker(sites, redis_url, out, "w1")
        second = None
        try:
            # w2 once w1 has written: on a busy machine, a worker may take seconds to start.
            while _lines(mine) < 5 and first.poll() is None:
                time.sleep(0.05)
            second = worker(sites, redis_url, out, "w2")
            while _lines(mine) + _lines(theirs) < pages // 2 and first.poll() is None:
                time.sleep(0.05)
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=60)
        assert first.returncode == -signal.SIGKILL, first.communicate()[1][-3000:]
        before = _lines(mine)
        assert before > 0 and _lines(mine) + _lines(theirs) < pages
        assert second is not None
        restarted = worker(sites, redis_url, out, "w1", "--resume")
        second_log, restarted_log = finish(second, restarted)
    assert "start points pushed again" in restarted_log
    files = worker_files(out, run_id)
    assert sorted(files) == ["w1", "w2"]
    records = merge(tmp_path, out / SITE)  # fails on a URL written twice
    assert [r["url"] for r in records] == sorted(articles)
    assert _lines(mine) >= before  # the restarted worker appended to its own file


def _change(site: StaticSite, url: str) -> None:
    """Edit an article's text and its sitemap lastmod, as a CMS does on an update."""
    page = site.root / url.removeprefix(site.base_url).lstrip("/")
    html = page.read_text(encoding="utf-8")
    marker = re.search(r"Local dispatch number \d+ filed for the \w+ desk\.", html)
    assert marker is not None
    page.write_text(html.replace(marker.group(0), marker.group(0) + " Updated."), "utf-8")
    sitemap = site.root / "sitemap-articles-1.xml"
    entry = re.compile(rf"(<loc>{re.escape(url)}</loc><lastmod>)[^<]+(</lastmod>)")
    xml = sitemap.read_text(encoding="utf-8")
    assert entry.search(xml)
    sitemap.write_text(entry.sub(r"\g<1>2025-02-01T10:00:00+00:00\g<2>", xml), "utf-8")


def test_a_rerun_writes_only_the_changed_articles(tmp_path: Path, redis_url: str) -> None:
    """The second run's workers: one ``archiver crawl``, one ``scrapy crawl`` with
    ``-s ARCHIVER_REDIS_URL``, as scrapyd would run it."""
    root, out = tmp_path / "site", tmp_path / "out"
    root.mkdir()
    with served_directory(root) as site:
        build_site(site, 80)
        sites = write_profile(tmp_path / "sites", SITE, site.base_url).parent
        first_run = seed(sites, redis_url)
        finish(*(worker(sites, redis_url, out, w) for w in ("w1", "w2")))
        first = {str(r["url"]): r for r in merge(tmp_path, out / SITE)}
        kept = sorted(u for u, r in first.items() if "Local dispatch" in str(r["text"]))
        changed = kept[:: len(kept) // 10][:10]
        assert len(changed) == 10
        for url in changed:
            _change(site, url)
        second_run = seed(sites, redis_url)
        assert second_run != first_run
        scrapy = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"site={SITE}",
             "-a", f"sites={sites}", "-s", f"ARCHIVER_REDIS_URL={redis_url}",
             "-s", f"ARCHIVER_OUTPUT_DIR={out}", "-s", "ARCHIVER_WORKER_ID=w2", *FAST],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )  # fmt: skip
        STARTED.append(scrapy)
        finish(worker(sites, redis_url, out, "w1"), scrapy)
    files = worker_files(out, second_run)
    assert sorted(files) == ["w1", "w2"]
    second = [r for p in files.values() for r in records_of(p)]
    assert sorted(str(r["url"]) for r in second) == sorted(changed)
    for record in second:
        before = first[str(record["url"])]
        assert record["version"] == 2
        assert record["previous_sha256"] == before["content_sha256"]
        assert "Updated." in str(record["text"])
    # Both runs merged: every article at version 1, the ten at version 2 as well.
    merged = merge(tmp_path, out / SITE)
    assert [(r["url"], r["version"]) for r in merged] == sorted(
        [(u, 1) for u in first] + [(u, 2) for u in changed]
    )


def test_redis_unreachable_is_one_line_and_a_failure(tmp_path: Path) -> None:
    sites = write_profile(tmp_path / "sites", SITE, "http://127.0.0.1:9").parent
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    crawl = run_cli("crawl", SITE, "--sites", str(sites), "--redis", url,
                    "--output-dir", str(tmp_path / "out"), "-L", "ERROR", *FAST)  # fmt: skip
    assert crawl.returncode == 69
    assert crawl.stderr.splitlines() == [
        f"crawl {SITE}: not started: cannot reach Redis at {url}: Error 111 connecting to "
        f"127.0.0.1:{url.split(':')[2].split('/')[0]}. Connection refused."
    ]
    seeded = run_cli("seed", SITE, "--sites", str(sites), "--redis", url)
    assert seeded.returncode == 69
    assert len(seeded.stderr.splitlines()) == 1
    assert seeded.stderr.startswith(f"seed: cannot reach Redis at {url}: ")
    assert not (tmp_path / "out").exists()


def test_merge_fails_on_a_duplicate(tmp_path: Path) -> None:
    def line(url: str, version: int) -> str:
        return json.dumps({"url": url, "version": version, "title": url[-1]}) + "\n"

    (tmp_path / "r.a.jsonl").write_text(line("https://x.test/b", 1) + line("https://x.test/a", 2))
    (tmp_path / "r.b.jsonl").write_text(line("https://x.test/a", 1) + line("https://x.test/b", 1))
    (tmp_path / "r.b.skipped.jsonl").write_text(line("https://x.test/a", 1))  # a ledger: not read
    out = tmp_path / "out.jsonl"
    proc = run_cli("merge", str(tmp_path), "-o", str(out))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"merge: duplicate record: https://x.test/b version 1 "
        f"(in {tmp_path / 'r.a.jsonl'} and {tmp_path / 'r.b.jsonl'}:2)"
    ]
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl.partial-*"))
    (tmp_path / "r.b.jsonl").write_text(line("https://x.test/a", 1) + line("https://x.test/c", 1))
    proc = run_cli("merge", str(tmp_path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert [(r["url"], r["version"]) for r in records_of(out)] == [
        ("https://x.test/a", 1), ("https://x.test/a", 2),
        ("https://x.test/b", 1), ("https://x.test/c", 1),
    ]  # fmt: skip


def test_the_site_lock_is_shared_by_the_workers_of_a_run(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    keys = Keys("archiver")
    one = RedisLock(client, keys, SITE, "run-1", "w1", ttl=30)
    two = RedisLock(client, keys, SITE, "run-1", "w2", ttl=30)
    later = RedisLock(client, keys, SITE, "run-2", "seed", ttl=30)
    one.acquire()
    two.acquire()  # same run: joins
    with pytest.raises(SiteLocked, match="workers of run run-1 are crawling shared"):
        later.acquire()
    one.release()
    assert client.get("archiver:shared:lock") == "run-1"  # w2 still crawls
    two.release()
    assert client.get("archiver:shared:lock") is None
    later.acquire()
    assert 0 < client.pttl("archiver:shared:lock") <= 30_000
    later.release()


def test_state_in_redis(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    state = RedisState(client, Keys("archiver"))
    record = {"url": "https://x.test/a", "content_sha256": "ab" * 32, "version": 2}
    state.start_run("r1", SITE, Path("r1.jsonl"))
    state.record_written(SITE, "r1", record, {"etag": '"e1"', "lastmod": None})
    known = state.known("https://x.test/a")
    assert known is not None
    assert (known.content_sha256, known.version, known.etag) == ("ab" * 32, 2, '"e1"')
    state.refresh_validators("https://x.test/a", {"lastmod": "2025-01-01"})
    known = state.known("https://x.test/a")
    assert known is not None and (known.lastmod, known.etag) == ("2025-01-01", '"e1"')
    assert state.is_done("r1", "https://x.test/a") and not state.is_done("r1", "https://x.test/b")
    assert state.claim("r1", "https://x.test/b", "w1") is None
    assert state.claim("r1", "https://x.test/b", "w1") is None  # its own claim
    assert state.claim("r1", "https://x.test/b", "w2") == "w1"
    assert [r.run_id for r in state.unfinished_runs(SITE)] == ["r1"]
    state.finish_run("r1")
    assert state.unfinished_runs(SITE) == []
    assert not state.is_done("r1", "https://x.test/a")
    assert not client.exists("archiver:claims:r1")


def test_digests_in_redis(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    store = RedisDigestStore(client, Keys("archiver"))
    first = Archived("https://x.test/a", "2025-01-01T00:00:00Z", "<urn:uuid:1>", "a.warc.gz", 0)
    store.add("sha1:AAA", first)
    store.add("sha1:AAA", Archived("https://x.test/b", "2025-01-02T00:00:00Z", "<urn:uuid:2>",
                                   "b.warc.gz", 10))  # fmt: skip
    assert store.find("sha1:AAA") == first  # the first capture is what revisits refer to
    assert store.latest("https://x.test/a") == first
    assert store.latest("https://x.test/b") is None  # as the SQLite store: first captures only
    later = Archived("https://x.test/a", "2025-01-03T00:00:00Z", "<urn:uuid:3>", "a.warc.gz", 99)
    store.add("sha1:BBB", later)
    assert store.latest("https://x.test/a") == later
    assert store.find("sha1:CCC") is None
