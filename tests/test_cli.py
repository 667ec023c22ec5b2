"""The command line as a user meets it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEED, run_cli


def test_help_lists_commands() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0
    for command in ("replay", "extract", "eval"):
        assert command in proc.stdout


def test_extract_prints_one_record() -> None:
    info = json.loads((SEED / "info.json").read_text())
    proc = run_cli(
        "extract",
        str(SEED / "body.html"),
        "--url",
        info["url"],
        "--fetched-at",
        info["fetched_at"],
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    assert record["text"] == expected["text"]
    assert record["title"] == expected["title"]
    assert record["fetched_at"] == "2025-06-01T09:30:00+02:00"
    assert record["url"] == info["url"]


def test_extract_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("extract", str(tmp_path / "nope.html"), "--url", "https://example.org/")
    assert proc.returncode == 2
    assert "nope.html" in proc.stderr


def test_extract_non_html_says_why(tmp_path: Path) -> None:
    page = tmp_path / "data.bin"
    page.write_bytes(b"\x00\x01\x02" * 100)
    proc = run_cli(
        "extract", str(page), "--url", "https://example.org/", "--fetched-at", "2024-01-01"
    )
    assert proc.returncode == 1
    assert "binary body" in proc.stderr
    assert proc.stdout == ""


def test_replay_of_nothing_fails(tmp_path: Path) -> None:
    proc = run_cli("replay", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 1
    assert "nothing could be read" in proc.stderr


def test_eval_extraction_reads_fixture_truths() -> None:
    proc = run_cli("eval", "extraction", "fixtures/", "--no-peer")
    assert proc.returncode == 0, proc.stderr
    assert "fixtures: 12 pages, 4-token shingle body metric" in proc.stdout
    (row,) = [line for line in proc.stdout.splitlines() if line.startswith("| archiver |")]
    f1 = float(row.split("|")[2])
    assert f1 >= 0.93
