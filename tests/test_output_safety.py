"""No command destroys a dataset it did not finish, and no failed write passes as success."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from archiver.incremental.feedstorage import WRITE_FAILED, LineFile, output_failed, write_failed
from archiver.incremental.pipeline import IncrementalPipeline, Unchanged
from archiver.incremental.state import State
from archiver.items import Page
from archiver.skips import PageSkipped
from tests.conftest import FIXTURES, ROOT, SEED, fixture_folders, read_jsonl, run_cli

FULL_DISK = "tests.full_disk.FullDiskFeedStorage"
OLD = "".join(json.dumps({"url": f"https://example.org/{i}", "n": i}) + "\n" for i in range(13))


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    path = tmp_path / "existing.jsonl"
    path.write_text(OLD, encoding="utf-8")
    return path


def test_a_mistyped_input_leaves_the_dataset_whole(existing: Path) -> None:
    proc = run_cli("replay", "fixturs/", "-o", str(existing))
    assert proc.returncode == 2
    assert existing.read_text(encoding="utf-8") == OLD
    assert proc.stderr == "replay: not started: fixturs: no such file or folder\n"
    assert sorted(p.name for p in existing.parent.iterdir()) == ["existing.jsonl"]


def test_an_unwritable_output_fails_before_the_crawl() -> None:
    proc = run_cli("replay", str(SEED), "-o", "/proc/out.jsonl")
    assert proc.returncode == 1
    assert proc.stderr.startswith("replay: not started: cannot write /proc/out.jsonl: ")
    assert proc.stderr.count("\n") == 1


def test_a_successful_replay_replaces_the_dataset(existing: Path) -> None:
    proc = run_cli("replay", str(FIXTURES), "-o", str(existing))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(read_jsonl(existing)) == len(fixture_folders())
    names = sorted(p.name for p in existing.parent.iterdir())
    assert names == ["existing.jsonl", "existing.skipped.jsonl"]  # no temporary file left


def test_a_gzip_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl.gz"
    proc = run_cli("replay", str(SEED), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = gzip.decompress(out.read_bytes()).decode("utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == [
        json.loads((SEED / "info.json").read_text())["url"]
    ]
    assert (tmp_path / "out.skipped.jsonl").read_text() == ""


def test_a_failed_write_stops_the_run_and_keeps_the_old_dataset(existing: Path) -> None:
    storages = json.dumps({"": FULL_DISK, "file": FULL_DISK})
    proc = run_cli("replay", str(FIXTURES), "-o", str(existing), "-s", f"FEED_STORAGES={storages}")
    assert proc.returncode == 1
    assert existing.read_text(encoding="utf-8") == OLD
    assert f"ERROR: cannot write {existing.parent}/.existing.jsonl.partial-" in proc.stderr
    assert "replay: failed: cannot write " in proc.stderr
    assert "finish reason write_failed" in proc.stderr
    assert f"replay: {existing} left as it was" in proc.stderr
    assert "Traceback" not in proc.stderr  # one clear line, not one traceback per record
    assert sorted(p.name for p in existing.parent.iterdir()) == ["existing.jsonl"]


class FillingDisk(io.BytesIO):
    """A raw file with room for ``room`` bytes: the write that crosses it is partial."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, data: bytes) -> int:  # type: ignore[override]
        left = self.room - self.tell()
        if left <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(bytes(data)[:left])


def test_a_torn_line_is_cut_back_and_the_crawl_told() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    raw = FillingDisk(room=25)
    file = LineFile(raw, "out.jsonl", crawler)  # type: ignore[arg-type]
    assert file.write(b'{"n": 1}\n') == 9
    # Told to the crawl, not raised: the feed exporter would log a traceback per item.
    assert file.write(b'{"n": 2, "text": "a long line"}\n') == 0
    assert raw.getvalue() == b'{"n": 1}\n'
    assert (
        crawler.stats.get_value(WRITE_FAILED) == "cannot write out.jsonl: No space left on device"
    )
    assert output_failed(crawler) == "cannot write out.jsonl: No space left on device"
    raw.room = 1000  # nothing after a failure, even with room: a later line could be torn too
    assert file.write(b"{}\n") == 0
    assert raw.getvalue() == b'{"n": 1}\n'


def test_without_a_crawler_a_failed_write_raises() -> None:
    file = LineFile(FillingDisk(room=4), "out.jsonl", None)  # type: ignore[arg-type]
    with pytest.raises(OSError):
        file.write(b'{"n": 2}\n')
    with pytest.raises(OSError):
        file.write(b"{}\n")


def test_only_a_failed_dataset_write_unmakes_records() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    write_failed(crawler, "the WARC files", OSError(28, "No space left on device"))
    assert crawler.stats.get_value(WRITE_FAILED) == (
        "cannot write the WARC files: No space left on device"
    )
    assert output_failed(crawler) is None  # the dataset still takes the records in flight
    write_failed(crawler, "out.jsonl", OSError(28, "No space left on device"), feed=True)
    assert output_failed(crawler) == "cannot write the WARC files: No space left on device"


def test_the_state_marks_nothing_written_after_a_failed_write(tmp_path: Path) -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    state_file = tmp_path / "state.sqlite"
    pipeline = IncrementalPipeline(crawler.stats, State(state_file), "s", "r1", crawler)
    record = {"url": "https://example.org/a", "content_sha256": "0" * 64, "version": 1}
    pipeline.item_scraped(record, None)
    write_failed(crawler, "out.jsonl", OSError(28, "No space left on device"), feed=True)
    lost = pipeline.process_item({**record, "url": "https://example.org/b"})
    assert crawler.stats.get_value("archiver/incremental/new") == 1
    pipeline.item_scraped(lost, None)  # its own write failed
    assert crawler.stats.get_value("archiver/incremental/new") == 0
    pipeline.state.close()
    state = State(state_file)
    assert state.is_done("r1", "https://example.org/a")
    assert not state.is_done("r1", "https://example.org/b")
    assert state.known("https://example.org/b") is None
    state.close()


def test_drops_after_the_state_are_seen_on_the_page_scrapy_sends(tmp_path: Path) -> None:
    """Scrapy's item_dropped carries the item as it entered the pipelines (the Page), not
    the record: a record dropped after the state (the dataset full) is not counted new,
    and an unchanged page is marked done."""
    crawler = get_crawler()
    crawler.stats.open_spider()
    state_file = tmp_path / "state.sqlite"
    state = State(state_file)
    state.record_written(
        "s", "r0", {"url": "https://example.org/old", "content_sha256": "1" * 64, "version": 1}, {}
    )
    pipeline = IncrementalPipeline(crawler.stats, state, "s", "r1", crawler)
    record = {"url": "https://example.org/a", "content_sha256": "0" * 64}
    assert pipeline.process_item(record)["version"] == 1
    assert crawler.stats.get_value("archiver/incremental/new") == 1
    page = Page(
        url="https://example.org/a", body=b"", fetched_at="2026-11-29T00:00:00Z", source="x"
    )
    pipeline.item_dropped(page, None, PageSkipped("write_failed: https://example.org/a"))
    assert crawler.stats.get_value("archiver/incremental/new") == 0
    assert pipeline.process_item(dict(record))["version"] == 1  # claimable again
    unchanged = {"url": "https://example.org/old", "content_sha256": "1" * 64}
    with pytest.raises(Unchanged) as raised:
        pipeline.process_item(unchanged)
    old_page = Page(
        url="https://example.org/old", body=b"", fetched_at="2026-11-29T00:00:00Z", source="x"
    )
    pipeline.item_dropped(old_page, None, raised.value)
    assert state.is_done("r1", "https://example.org/old")
    state.close()


def test_scrapy_crawl_with_nothing_to_crawl_fails_in_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.endswith("ERROR: not started: news: nothing to crawl; pass -a site=SITE|URL, "
                         "-a urls=URL,... or -a replay=PATH")  # fmt: skip


def test_a_killed_runs_temporary_files_are_removed_by_the_next_run(existing: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)  # a process that has exited: its PID is free again
    left = existing.with_name(f".existing.jsonl.partial-{pid}")
    left_ledger = existing.with_name(f".existing.skipped.jsonl.partial-{pid}")
    left.write_text('{"url": "https://example.org/torn"', encoding="utf-8")
    left_ledger.write_text("", encoding="utf-8")
    running = existing.with_name(f".existing.jsonl.partial-{os.getpid()}")  # a live run's
    running.write_text("", encoding="utf-8")
    proc = run_cli("replay", str(SEED), "-o", str(existing))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"replay: removed {left}, left by a killed run\n" in proc.stderr
    assert f"replay: removed {left_ledger}, left by a killed run\n" in proc.stderr
    names = sorted(p.name for p in existing.parent.iterdir())
    assert names == sorted(["existing.jsonl", "existing.skipped.jsonl", running.name])
    assert len(read_jsonl(existing)) == 1
