"""The offline fixture run: the real news spider and pipelines, through Scrapy, to JSON Lines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archiver.schema import record_validator
from tests.conftest import FIXTURES, ROOT, SEED, fixture_folders, read_jsonl, run_cli


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, object]], str]:
    out = tmp_path_factory.mktemp("replay") / "fixtures.jsonl"
    proc = run_cli("replay", "fixtures/", "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return read_jsonl(out), proc.stderr


def test_one_valid_line_per_fixture(replayed: tuple[list[dict[str, object]], str]) -> None:
    records, stderr = replayed
    folders = fixture_folders()
    assert len(records) == len(folders)
    urls = {json.loads((f / "info.json").read_text())["url"] for f in folders}
    assert {r["url"] for r in records} == urls
    validator = record_validator()
    assert [e.message for r in records for e in validator.iter_errors(r)] == []
    assert f"replay: {len(folders)} records written, 0 skipped" in stderr


def test_records_carry_recorded_fetched_at(replayed: tuple[list[dict[str, object]], str]) -> None:
    records, _ = replayed
    seed_url = json.loads((SEED / "info.json").read_text())["url"]
    (seed,) = [r for r in records if r["url"] == seed_url]
    assert seed["fetched_at"] == "2025-06-01T09:30:00+02:00"
    assert seed["title"] == (
        "Attentats de Paris : les États-Unis aux côtés de la France dans la lutte antiterroriste"
    )
    assert str(seed["text"]).split("\n\n")[2] == "Troupes au sol"


def test_scrapy_crawl_runs_the_same_spider(tmp_path: Path) -> None:
    out = tmp_path / "seed.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"replay={SEED}", "-O", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (record,) = read_jsonl(out)
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    assert record["text"] == expected["text"]
    assert record["fetched_at"] == "2025-06-01T09:30:00+02:00"


def test_setting_overrides_reach_the_crawl(tmp_path: Path) -> None:
    """-s works as in scrapy crawl: here it caps the crawl at one response."""
    site = tmp_path / "fx"
    shutil.copytree(FIXTURES / "theguardian.com", site / "theguardian.com")
    shutil.copytree(SEED, site / "franceinfo" / "kerry-2015")
    out = tmp_path / "out.jsonl"
    proc = run_cli(
        "replay",
        str(site),
        "-o",
        str(out),
        "-s",
        "CLOSESPIDER_PAGECOUNT=1",
        "-s",
        "CONCURRENT_REQUESTS=1",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(read_jsonl(out)) == 1
    assert "closespider_pagecount" in proc.stderr
