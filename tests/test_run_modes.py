"""Run modes as add-ons, typed spider arguments, and stateful components named by settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.settings import Settings

from archiver import settings as project
from archiver.addons import REPLAY_STORAGE
from archiver.incremental.lock import FileLock
from archiver.incremental.run import DUPEFILTER, LiveRun, apply_run_settings
from archiver.incremental.state import State
from archiver.sites import SiteProfile
from archiver.spiders.arguments import NewsArguments
from archiver.spiders.news import NewsSpider
from archiver.stores import new_run_id
from tests.conftest import ROOT, SEED, LocalSite, Route, read_jsonl, run_cli

SEED_TITLE = json.loads((SEED / "expected.json").read_text("utf-8"))["title"]


def test_arguments_from_the_command_line_and_from_python() -> None:
    assert NewsArguments.parse({"urls": " https://a.test/x , ,https://a.test/y"}) == (
        NewsArguments(urls=("https://a.test/x", "https://a.test/y"))
    )
    assert NewsArguments.parse({"replay": ["a.warc.gz", "fixtures/"], "site": "franceinfo"}) == (
        NewsArguments(site="franceinfo", replay=("a.warc.gz", "fixtures/"))
    )
    assert NewsArguments.parse({"site": " ", "sites": "my-sites"}) == NewsArguments(
        sites="my-sites"
    )


def crawler_with(**spider_args: str) -> Crawler:
    """A crawler whose spider is built and whose add-ons have set their settings, as
    Scrapy does first when a crawl starts (Crawler._apply_settings)."""
    settings = Settings()
    settings.setmodule(project, priority="project")
    crawler = Crawler(NewsSpider, settings)
    crawler.spider = NewsSpider.from_crawler(crawler, **spider_args)
    crawler.addons.load_settings(crawler.settings)
    return crawler


def test_only_a_replay_sets_the_http_cache(tmp_path: Path) -> None:
    replay = crawler_with(replay=f"{SEED},{tmp_path}/*.warc.gz")
    assert replay.settings.getlist("ARCHIVER_REPLAY") == [str(SEED), f"{tmp_path}/*.warc.gz"]
    assert replay.settings["HTTPCACHE_STORAGE"] == REPLAY_STORAGE
    assert replay.settings.getbool("HTTPCACHE_ENABLED")
    assert not replay.settings.getbool("ARCHIVER_WARC_ENABLED")
    assert [type(a).__name__ for a in replay.addons.addons] == ["ReplayAddon"]
    live = crawler_with(urls="http://127.0.0.1:9/a.html")
    assert not live.settings.getbool("HTTPCACHE_ENABLED")
    assert live.settings["HTTPCACHE_STORAGE"] == (
        "scrapy.extensions.httpcache.FilesystemCacheStorage"
    )
    assert live.settings.getbool("ARCHIVER_WARC_ENABLED")
    assert live.addons.addons == []


def test_a_user_duplicate_filter_is_kept(tmp_path: Path) -> None:
    profile = SiteProfile.for_url("http://127.0.0.1:9/")
    run = LiveRun(profile.name, "r1", tmp_path / "r1.jsonl", tmp_path / ".job", False,
                  FileLock(tmp_path / ".lock"))  # fmt: skip
    ours = Settings({"ARCHIVER_OUTPUT_DIR": str(tmp_path)})
    apply_run_settings(ours, run, profile)
    assert ours["DUPEFILTER_CLASS"] == DUPEFILTER
    theirs = Settings({"ARCHIVER_OUTPUT_DIR": str(tmp_path)})
    theirs.set("DUPEFILTER_CLASS", "scrapy.dupefilters.RFPDupeFilter", priority="cmdline")
    apply_run_settings(theirs, run, profile)
    assert theirs["DUPEFILTER_CLASS"] == "scrapy.dupefilters.RFPDupeFilter"
    assert theirs["JOBDIR"] == str(tmp_path / ".job")


def test_scrapy_http_cache_in_a_live_crawl(local_site: LocalSite, tmp_path: Path) -> None:
    """``-s HTTPCACHE_ENABLED=True`` is Scrapy's own cache: the first run stores the page
    and writes its record, the second writes the same record from the cache although the
    server no longer has the page."""
    local_site.routes["/article.html"] = Route((SEED / "body.html").read_bytes())
    url = local_site.url("/article.html")

    def crawl(out: Path) -> tuple[list[dict[str, object]], str]:
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"urls={url}",
             "-O", str(out), "-s", "HTTPCACHE_ENABLED=True",
             "-s", f"HTTPCACHE_DIR={tmp_path / 'cache'}",
             "-s", f"ARCHIVER_WARC_PREFIX={tmp_path / 'warc'}",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        return read_jsonl(out), proc.stderr

    (first,), log = crawl(tmp_path / "first.jsonl")
    assert (first["url"], first["title"]) == (url, SEED_TITLE)
    assert "'httpcache/store': 1," in log
    assert local_site.hits == ["/article.html"]
    del local_site.routes["/article.html"]
    (second,), log = crawl(tmp_path / "second.jsonl")
    assert (second["url"], second["title"], second["text"]) == (url, SEED_TITLE, first["text"])
    assert "'httpcache/hit': 1," in log
    assert local_site.hits == ["/article.html"]  # nothing fetched the second time


def test_stateful_components_named_by_settings(local_site: LocalSite, tmp_path: Path) -> None:
    """Another lock, state and digest store, named with -s: the crawl takes the lock once
    and releases it, starts its run in that state, and adds a digest per page archived."""
    local_site.routes["/"] = Route(b'<html><body><a href="/article.html">a</a></body></html>')
    local_site.routes["/article.html"] = Route((SEED / "body.html").read_bytes())
    journal, out = tmp_path / "journal.txt", tmp_path / "out"
    os.environ["ARCHIVER_TEST_JOURNAL"] = str(journal)
    try:
        proc = run_cli(
            "crawl", local_site.url("/"), "--output-dir", str(out),
            "-s", "ARCHIVER_LOCK_CLASS=tests.stores_tools.JournalLock",
            "-s", "ARCHIVER_STATE_CLASS=tests.stores_tools.ElsewhereState",
            "-s", "ARCHIVER_DIGEST_STORE_CLASS=tests.stores_tools.JournalDigests",
            "-s", "SPIDERMON_ENABLED=False",
        )  # fmt: skip
    finally:
        del os.environ["ARCHIVER_TEST_JOURNAL"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = f"127.0.0.1_{local_site.port}"
    (dataset,) = [p for p in (out / site).glob("*.jsonl") if ".skipped." not in p.name]
    assert [r["title"] for r in read_jsonl(dataset)] == [SEED_TITLE]
    lines = journal.read_text("utf-8").splitlines()
    assert lines[0] == f"acquire {site}"
    assert lines[1] == f"start_run {site} {dataset.name}"
    assert lines[-1] == f"release {site}"
    assert sorted(lines[2:-1]) == [
        f"digest {local_site.url('/')}",
        f"digest {local_site.url('/article.html')}",
    ]
    assert (out / "elsewhere.sqlite").exists()
    assert not (out / "state.sqlite").exists()


def test_run_ids_skip_the_ones_taken(tmp_path: Path) -> None:
    asked: list[str] = []

    def taken(run_id: str) -> bool:
        asked.append(run_id)
        return len(asked) < 3

    run_id = new_run_id(taken)
    base = asked[0]
    assert re.fullmatch(r"\d{8}T\d{6}Z", base)
    assert asked == [base, f"{base}-2", f"{base}-3"]
    assert run_id == f"{base}-3"
    state = State(tmp_path / "state.sqlite")
    first = state.new_run_id("a")
    state.start_run(first, "a", tmp_path / "a" / f"{first}.jsonl")
    second = state.new_run_id("b")  # run ids are the state's keys, across sites
    assert second != first
    state.close()
