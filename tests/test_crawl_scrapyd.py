"""Deploy the project to a real scrapyd and schedule a crawl of the local site through its API.

scrapyd and scrapyd-deploy are the PyPI packages in the ``test`` extra; the daemon listens
on a free loopback port in a temporary folder, and is stopped at the end.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archiver.schema import record_validator
from tests.conftest import ROOT
from tests.crawl_helpers import (
    build_site,
    free_port,
    records_of,
    run_files,
    served_directory,
    write_profile,
)

BIN = Path(sys.executable).parent
PAGES = 40
WAIT = 240.0  # seconds: a ceiling for a hung daemon, not a measured expectation


def api(
    base: str, endpoint: str, data: dict[str, str] | list[tuple[str, str]] | None = None
) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=30) as response:
        answer: dict = json.load(response)
    return answer


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\npoll_interval = 0.5\n",
        encoding="utf-8",
    )
    daemon = subprocess.Popen(
        [str(BIN / "scrapyd")],
        cwd=home,
        stdout=(home / "scrapyd.out").open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                assert api(base, "daemonstatus.json")["status"] == "ok"
                break
            except (urllib.error.URLError, ConnectionError):
                assert daemon.poll() is None, (home / "scrapyd.out").read_text()
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        yield base
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def deploy(base: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """scrapyd-deploy from a copy of the project (it builds in place: build/, egg-info)."""
    project = workdir / "project"
    project.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "archiver", project / "archiver", ignore=shutil.ignore_patterns("__pycache__")
    )
    (project / "scrapy.cfg").write_text(
        f"[settings]\ndefault = archiver.settings\n\n[deploy:test]\nurl = {base}/\n"
        "project = archiver\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [str(BIN / "scrapyd-deploy"), "test", "-v", "1"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_scheduled_crawl_on_scrapyd(scrapyd: str, tmp_path: Path) -> None:
    deployed = deploy(scrapyd, tmp_path)
    assert deployed.returncode == 0, deployed.stderr + deployed.stdout
    answer = json.loads(deployed.stdout)
    assert (answer["status"], answer["project"], answer["spiders"]) == ("ok", "archiver", 2)
    assert api(scrapyd, "listspiders.json?project=archiver")["spiders"] == ["commoncrawl", "news"]

    root, out = tmp_path / "site", tmp_path / "out"
    root.mkdir()
    with served_directory(root) as site:
        articles = build_site(site, PAGES)
        sites = write_profile(tmp_path / "sites", "scheduled", site.base_url).parent
        job = api(
            scrapyd,
            "schedule.json",
            [
                ("project", "archiver"),
                ("spider", "news"),
                ("site", "scheduled"),
                ("sites", str(sites)),
                ("setting", f"ARCHIVER_OUTPUT_DIR={out}"),
            ],
        )
        assert job["status"] == "ok"
        deadline = time.monotonic() + WAIT
        while True:
            jobs = api(scrapyd, "listjobs.json?project=archiver")
            if [j for j in jobs["finished"] if j["id"] == job["jobid"]]:
                break
            assert time.monotonic() < deadline, f"job still not finished: {jobs}"
            time.sleep(0.5)

    log = next((tmp_path / "scrapyd" / "logs" / "archiver" / "news").glob("*.log"))
    assert "'finish_reason': 'finished'" in log.read_text(encoding="utf-8")
    (output,) = run_files(out, "scheduled")
    records = records_of(output)
    assert sorted(str(r["url"]) for r in records) == sorted(articles)
    validator = record_validator()
    assert [e.message for r in records for e in validator.iter_errors(r)] == []
    assert (out / "state.sqlite").is_file()
