"""The extraction pool in real crawls of a local site: right records, crashes, backpressure.

Each crawl is ``scrapy crawl news`` in a subprocess (the reactor runs once per process)
against a server in this process; pool tasks from tests/pool_tasks.py slow extraction
down or kill a worker. Assertions are about records and counts, never about timings.
"""

from __future__ import annotations

import ast
import copy
import json
import multiprocessing
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from archiver.extract.errors import ExtractionError
from archiver.extract.job import ExtractionJob
from archiver.extract.worker import extract_record
from tests.conftest import ROOT, LocalSite, Route, fixture_folders, read_jsonl
from tests.pool_tasks import KILL_MARKER

TASKS = "tests.pool_tasks"


def serve_fixtures(site: LocalSite, count: int | None = None) -> dict[str, Route]:
    """Recorded pages under /page-N.html, each with its recorded Content-Type; by URL."""
    folders = fixture_folders()
    pages: dict[str, Route] = {}
    for i in range(count or len(folders)):
        folder = folders[i % len(folders)]
        info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        content_type = info.get("headers", {}).get("Content-Type", "text/html; charset=utf-8")
        route = Route((folder / "body.html").read_bytes(), headers={"Content-Type": content_type})
        site.routes[f"/page-{i}.html"] = route
        pages[site.url(f"/page-{i}.html")] = route
    return pages


def crawl(
    tmp_path: Path, urls: list[str], *settings: str
) -> tuple[list[dict[str, object]], dict[str, object]]:
    """Run the news spider over ``urls``; return the records and Scrapy's final stats."""
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "urls=" + ",".join(urls)]
    # No WARC capture: these tests compare records with the core's own output.
    command += [
        "-O",
        str(out),
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "ARCHIVER_WARC_ENABLED=False",
    ]
    for setting in settings:
        command += ["-s", setting]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    dump = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n", proc.stderr, re.S)
    assert dump, proc.stderr[-3000:]
    stats = ast.literal_eval(re.sub(r"datetime\.datetime\([^)]*\)", "None", dump.group(1)))
    return read_jsonl(out), stats


def expected_record(url: str, route: Route, fetched_at: str) -> dict[str, object] | None:
    """What the extraction core makes of the page in this process, or None if it skips it."""
    try:
        record = extract_record(
            ExtractionJob(route.body, url, fetched_at, route.headers["Content-Type"])
        )
    except ExtractionError:
        return None
    return record if (record.get("page_type") or "article") == "article" else None


def test_records_are_the_core_output(local_site: LocalSite, tmp_path: Path) -> None:
    pages = serve_fixtures(local_site)
    records, stats = crawl(tmp_path, list(pages), "ARCHIVER_EXTRACT_WORKERS=2")
    assert stats["archiver/extract/workers"] == 2
    by_url = {str(r["url"]): r for r in records}
    assert len(by_url) == len(records) == stats["archiver/records"]
    for url, route in pages.items():
        record = by_url.get(url)
        fetched_at = str(record["fetched_at"]) if record else "2025-01-01"  # the Date header
        if record is not None:  # what the pipelines add to the core's record
            assert record.pop("paywalled") is False
            assert record.pop("problems") == [
                {"field": "canonical_url", "reason": "on another host; kept as given"}
            ] * (urlsplit(str(record["canonical_url"])).hostname != "127.0.0.1")
        assert record == expected_record(url, route, fetched_at), url
    assert len(records) >= len(pages) // 2


def test_a_page_that_kills_its_worker_loses_only_itself(
    local_site: LocalSite, tmp_path: Path
) -> None:
    pages = serve_fixtures(local_site, 16)
    body = b"<html><body><article><p>" + KILL_MARKER + b"</p></article></body></html>"
    local_site.routes["/fatal.html"] = Route(body)
    urls = list(pages)
    urls.insert(3, local_site.url("/fatal.html"))  # early: many pages queue up behind it
    records, stats = crawl(
        tmp_path,
        urls,
        f"ARCHIVER_EXTRACT_TASK={TASKS}.extract_or_die",
        "ARCHIVER_EXTRACT_WORKERS=2",
        "ARCHIVER_EXTRACT_MAX_INFLIGHT=8",
    )
    assert stats["archiver/skipped/worker_crash"] == 1
    assert stats["archiver/extract/pool_restarts"] >= 1
    written = {str(r["url"]) for r in records}
    assert local_site.url("/fatal.html") not in written
    expected = {u for u, route in pages.items() if expected_record(u, route, "2025-01-01")}
    assert written == expected
    assert stats["finish_reason"] == "finished"


def test_pages_in_flight_stay_within_the_bound(local_site: LocalSite, tmp_path: Path) -> None:
    pages = serve_fixtures(local_site, 12)
    records, stats = crawl(
        tmp_path,
        list(pages),
        f"ARCHIVER_EXTRACT_TASK={TASKS}.slow_extract",
        "ARCHIVER_EXTRACT_WORKERS=1",
        "ARCHIVER_EXTRACT_MAX_INFLIGHT=2",
    )
    assert stats["archiver/extract/max_inflight"] == 2
    assert stats["archiver/extract/peak_inflight"] == 2
    expected = {u for u, route in pages.items() if expected_record(u, route, "2025-01-01")}
    assert {str(r["url"]) for r in records} == expected


def test_downloads_wait_for_a_busy_pool(local_site: LocalSite, tmp_path: Path) -> None:
    """With extraction far slower than downloads, the crawl must not fetch ahead of it."""
    pages = serve_fixtures(local_site, 30)
    _, stats = crawl(
        tmp_path,
        list(pages),
        f"ARCHIVER_EXTRACT_TASK={TASKS}.slow_extract",
        "ARCHIVER_EXTRACT_WORKERS=1",
        "ARCHIVER_EXTRACT_MAX_INFLIGHT=1",
        "SCRAPER_SLOT_MAX_ACTIVE_SIZE=1",  # back out as soon as one response is waiting
        "CONCURRENT_REQUESTS=2",
        "CLOSESPIDER_ITEMCOUNT=2",
    )
    fetched = [hit for hit in local_site.hits if hit.startswith("/page-")]
    assert stats["item_scraped_count"] >= 2
    # 2 records, one page in extraction, one waiting, two downloads in progress: without
    # backpressure all 30 pages would be fetched while the first one is extracted.
    assert len(fetched) <= 8, fetched


def test_a_job_crosses_to_a_worker_whole() -> None:
    job = ExtractionJob(
        b"<html><body><p>x</p></body></html>",
        "https://example.org/a",
        "2024-01-01T00:00:00Z",
        "text/html; charset=utf-8",
        {"feed_published": "2024-01-01"},
        {"title": "h1"},
    )
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        assert pool.submit(copy.copy, job).result() == job
