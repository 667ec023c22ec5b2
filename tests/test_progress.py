"""The progress display: a rich bar on a terminal, plain log lines off one."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from scrapy.utils.test import get_crawler

from archiver.progress import Snapshot, snapshot
from tests.conftest import FIXTURES, ROOT, run_cli

FIXTURE_PAGES = 13
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run_in_terminal(*args: str) -> tuple[int, str]:
    """The command with a pseudo-terminal (120 columns) as stdout and stderr."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def test_off_a_terminal_plain_lines_without_control_characters(tmp_path: Path) -> None:
    proc = run_cli(
        "replay", str(FIXTURES), "-o", str(tmp_path / "out.jsonl"),
        "-s", "ARCHIVER_PROGRESS_INTERVAL=0.5",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if "[archiver.progress]" in line]
    assert lines, proc.stderr[-2000:]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", proc.stderr)  # no escapes, no \r
    final = lines[-1].split("progress: ", 1)[1]
    assert final.startswith(
        f"{FIXTURE_PAGES} pages fetched, {FIXTURE_PAGES} records written, 0 skipped, "
        "0 failed, 0 errors, "
    )
    assert f"{FIXTURE_PAGES}/{FIXTURE_PAGES} pages (100%)" in final
    assert re.search(r"\d+\.\d pages/s, elapsed \d:\d\d:\d\d", final)


def test_on_a_terminal_a_bar_with_the_total(tmp_path: Path) -> None:
    status, output = run_in_terminal("replay", str(FIXTURES), "-o", str(tmp_path / "out.jsonl"))
    assert status == 0, output[-2000:]
    screen = ANSI.sub("", output).replace("\r", "\n")
    bars = [line for line in screen.splitlines() if line.startswith("pages ━")]
    assert bars, screen[-2000:]
    assert re.search(rf"{FIXTURE_PAGES}/{FIXTURE_PAGES} elapsed \d:\d\d:\d\d left", bars[-1])
    assert f"{FIXTURE_PAGES} pages fetched, {FIXTURE_PAGES} records written" in screen
    assert "[archiver.progress]" not in screen  # the bar, not the log lines
    assert "replay: 13 records written" in screen  # the end summary after the bar


def test_snapshot_reads_the_run_stats() -> None:
    crawler = get_crawler(settings_dict={})
    stats = crawler.stats
    assert stats is not None
    for key, value in {
        "response_received_count": 40,
        "item_scraped_count": 30,
        "archiver/skipped/not_article": 6,
        "archiver/skipped/http_404": 2,
        "archiver/failed/timeout": 1,
        "log_count/ERROR": 1,
        "scheduler/enqueued": 50,
        "scheduler/dequeued": 44,
    }.items():
        stats.set_value(key, value)
    now = snapshot(stats, active=4, started=0.0)
    assert (now.fetched, now.records, now.failed, now.errors) == (40, 30, 1, 1)
    assert (now.done, now.total, now.unit) == (40, 50, "requests")
    now.elapsed = 20.0
    assert now.line() == (
        "40 pages fetched, 30 records written, 8 skipped (http_404=2, not_article=6), "
        "1 failed, 1 errors, 2.0 pages/s, elapsed 0:00:20, 40/50 requests (80%), "
        "about 0:00:05 left"
    )
    stats.set_value("archiver/replay/entries", 45)  # a replay: pages accounted for
    replay = snapshot(stats, active=0, started=0.0)
    assert (replay.done, replay.total, replay.unit) == (39, 45, "pages")


def test_unknown_total_shows_no_estimate() -> None:
    line = Snapshot(fetched=3, records=1, elapsed=3.0).line()
    assert line.endswith("1.0 pages/s, elapsed 0:00:03")
