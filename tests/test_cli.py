"""The command line as a user meets it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEED, run_cli


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


HEAVY = ("trafilatura", "dateparser", "htmldate", "py3langid", "numpy", "pyarrow")
IMPORTED = (
    "import sys\n"
    "from archiver.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[0].split(','))))\n"
)


def _heavy_imports(*argv: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", IMPORTED.replace("sys.argv[0]", repr(",".join(HEAVY))), *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_help_imports_no_extraction_library() -> None:
    assert _heavy_imports("--help") == []


def test_a_command_imports_only_what_it_uses(tmp_path: Path) -> None:
    dataset = tmp_path / "d.jsonl"
    dataset.write_text("", encoding="utf-8")
    assert _heavy_imports("validate", str(dataset)) == []
    assert _heavy_imports("export", "--help") == []
    assert _heavy_imports("extract", str(SEED / "body.html"), "--url", "https://x.org/a") == [
        "dateparser",
        "htmldate",
        "numpy",
        "py3langid",
        "trafilatura",
    ]
