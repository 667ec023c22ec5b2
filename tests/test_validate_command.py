"""``archiver validate``: schema, repeats beyond versions, partial last line, fill rates."""

from __future__ import annotations

import json
from pathlib import Path

from archiver.commands.validate import check
from tests.conftest import SEED, run_cli
from tests.test_fixtures import record_of


def line(**change: object) -> str:
    return json.dumps({**record_of(SEED), **change}, ensure_ascii=False) + "\n"


def test_a_clean_dataset_passes_with_fill_rates(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text(
        line(version=1) + line(version=2, content_sha256="1" * 64, title=None), encoding="utf-8"
    )
    proc = run_cli("validate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first, fill = proc.stdout.splitlines()
    assert first == (
        f"{path}: 2 records, 0 invalid, 0 unreadable lines, 0 duplicate URLs, "
        "0 duplicate content hashes, partial last line: no"
    )
    assert ": filled: url 100.0%, canonical_url 100.0%, title 50.0%, text 100.0%, " in fill


def test_every_kind_of_problem_is_found(tmp_path: Path) -> None:
    other = "https://example.org/copy"
    path = tmp_path / "bad.jsonl"
    path.write_text(
        line()
        + line()  # the same URL again, not as a new version
        + line(url=other)  # the same content under another URL
        + line(url="https://example.org/x", content_sha256="2" * 64, date_published="soon")
        + "not json\n"
        + line(url="https://example.org/torn")[:50],
        encoding="utf-8",
    )
    report = check(path)
    assert report.records == 4
    assert report.unreadable == [5]
    assert report.invalid == [
        'line 4: date_published: "soon" does not match '
        + report.invalid[0].split(" does not match ")[1]
    ]
    seed_url = str(record_of(SEED)["url"])
    assert report.duplicate_urls == [seed_url]
    assert report.duplicate_hashes == [
        f"{str(record_of(SEED)['content_sha256'])[:12]}: {', '.join(sorted([seed_url, other]))}"
    ]
    assert report.partial_last_line is True
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1
    assert f"{path}: duplicate URL {seed_url}" in proc.stdout


def test_repair_cuts_a_partial_last_line_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "torn.jsonl"
    whole = line() + line(url="https://example.org/2", content_sha256="3" * 64)
    path.write_text(whole + line(url="https://example.org/3")[:40], encoding="utf-8")
    before = path.read_bytes()
    proc = run_cli("validate", "--repair", str(path))
    assert proc.returncode == 1  # the problem was there; it is now repaired
    assert f"{path}: partial last line cut off (the file as it was: {path}.bak)" in proc.stdout
    assert path.read_text(encoding="utf-8") == whole
    assert (tmp_path / "torn.jsonl.bak").read_bytes() == before
    assert run_cli("validate", str(path)).returncode == 0


def test_an_unreadable_file_is_exit_2(tmp_path: Path) -> None:
    proc = run_cli("validate", str(tmp_path / "missing.jsonl"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{tmp_path / 'missing.jsonl'}: cannot read: ")
