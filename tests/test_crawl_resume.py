"""A crawl killed with SIGKILL, then resumed: every article written exactly once overall."""

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


def _lines(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in run_files(out, SITE))


@pytest.mark.parametrize("kill_after", [20, 80])
def test_sigkill_then_resume_writes_every_article_once(tmp_path: Path, kill_after: int) -> None:
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
            os.killpg(crawl.pid, signal.SIGKILL)
            crawl.wait()
        assert crawl.returncode == -signal.SIGKILL
        written_before = _lines(out)
        assert kill_after <= written_before < PAGES

        resumed = run_cli(*args, "--resume")
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        assert "resuming run" in resumed.stderr

    files = run_files(out, SITE)
    assert len(files) == 1  # the resumed run appended to the killed run's file
    urls = Counter(str(r["url"]) for r in records_of(files[0]))
    assert sorted(urls) == sorted(articles)
    assert set(urls.values()) == {1}
    assert {r["version"] for r in records_of(files[0])} == {1}
    assert f"{PAGES - written_before} records written" in resumed.stderr
