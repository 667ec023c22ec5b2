"""A crawl killed (SIGKILL) or stopped (SIGTERM), then resumed: every article written exactly
once over both runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.crawl_helpers import build_site, records_of, run_files, served_directory, write_profile

PAGES = 120
SITE = "killed"
FULL_QUEUE = "tests.full_disk.FullDiskQueue"


def _lines(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in run_files(out, SITE))


@pytest.mark.parametrize(
    ("stop", "kill_after"),
    [
        (signal.SIGKILL, 20),
        (signal.SIGKILL, 80),
        # What systemd sends the whole service: Scrapy stops cleanly and saves its queue to
        # JOBDIR, while the extraction workers die at once.
        (signal.SIGTERM, 40),
    ],
    ids=["sigkill-early", "sigkill-late", "sigterm"],
)
def test_stop_then_resume_writes_every_article_once(
    tmp_path: Path, stop: signal.Signals, kill_after: int
) -> None:
    root, out = tmp_path / "site", tmp_path / "out"
    root.mkdir()
    # A slow server (20 ms a page) so the kill lands mid-crawl.
    with served_directory(root, delay=0.02) as site:
        articles = build_site(site, PAGES)
        sites = write_profile(tmp_path / "sites", SITE, site.base_url).parent
        args = ["crawl", SITE, "--sites", str(sites), "--output-dir", str(out)]
        crawl = subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the extraction workers die too
        )
        try:
            while _lines(out) < kill_after and crawl.poll() is None:
                time.sleep(0.05)
        finally:
            os.killpg(crawl.pid, stop)
            crawl.wait(timeout=120)
        if stop == signal.SIGKILL:
            assert crawl.returncode == -signal.SIGKILL
        else:  # a clean stop, with the queue saved for --resume
            assert (out / SITE / ".job" / "requests.queue" / "active.json").is_file()
        written_before = _lines(out)
        assert kill_after <= written_before < PAGES

        resumed = run_cli(*args, "--resume")
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        assert "resuming run" in resumed.stderr
        if stop == signal.SIGTERM:  # Scrapy took up the saved queue
            assert "Resuming crawl (" in resumed.stderr

    files = run_files(out, SITE)
    assert len(files) == 1  # the resumed run appended to the killed run's file
    urls = Counter(str(r["url"]) for r in records_of(files[0]))
    assert sorted(urls) == sorted(articles)
    assert set(urls.values()) == {1}
    assert {r["version"] for r in records_of(files[0])} == {1}
    assert f"{PAGES - written_before} records written" in resumed.stderr


def test_a_full_request_queue_stops_the_crawl_and_a_resume_loses_nothing(tmp_path: Path) -> None:
    """JOBDIR's queue is the first file a full disk breaks (the hang this guards against:
    a push failing inside the scraper left the engine waiting for ever)."""
    root, out = tmp_path / "site", tmp_path / "out"
    root.mkdir()
    with served_directory(root) as site:
        articles = build_site(site, 60)
        sites = write_profile(tmp_path / "sites", SITE, site.base_url).parent
        args = ["crawl", SITE, "--sites", str(sites), "--output-dir", str(out)]
        first = run_cli(*args, "-s", f"SCHEDULER_DISK_QUEUE={FULL_QUEUE}", timeout=180)
        assert first.returncode == 1, first.stderr[-3000:]
        assert "cannot write the request queue in " in first.stderr
        assert f"crawl {SITE}: failed: cannot write the request queue" in first.stderr
        assert "Traceback" not in first.stderr
        written_before = _lines(out)
        assert written_before < 60
        # Records dropped for the failed write are not counted as new ones.
        summary = f"{written_before} records written ({written_before} new, 0 changed)"
        assert f"crawl {SITE}: {summary}" in first.stderr

        resumed = run_cli(*args, "--resume")
        assert resumed.returncode == 0, resumed.stderr[-3000:]

    urls = Counter(str(r["url"]) for r in records_of(run_files(out, SITE)[0]))
    assert sorted(urls) == sorted(articles)
    assert set(urls.values()) == {1}
    assert f"{60 - written_before} records written" in resumed.stderr
