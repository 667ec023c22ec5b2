"""Hostile recorded input: WARC records and fixture folders that would not fit in memory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from archiver.testing.hostile import GIB, gzip_bomb, write_warc
from archiver.transport import warc
from archiver.transport.entry import TooLarge
from tests.conftest import SEED, read_jsonl, run_cli

ARTICLE = (SEED / "body.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
GZIP_HTML = {**HTML, "Content-Encoding": "gzip"}


def test_a_warc_record_that_decodes_to_a_gibibyte_is_a_skip(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    offsets = write_warc(
        path,
        [
            ("http://news.example/good.html", HTML, ARTICLE),
            ("http://news.example/bomb.html", GZIP_HTML, gzip_bomb(GIB)),
        ],
    )
    assert path.stat().st_size < 2_000_000
    out = tmp_path / "out.jsonl"
    proc = run_cli("replay", str(path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [r["url"] for r in read_jsonl(out)] == ["http://news.example/good.html"]
    assert (
        f"skipped http://news.example/bomb.html: too_large ({path}#{offsets[1]}: over "
        "DOWNLOAD_MAXSIZE (16777216 bytes) once decoded)"
    ) in proc.stderr
    assert "too_large=1" in proc.stderr
    assert len(proc.stderr) < 100_000  # no body in the log


def test_read_payload_stops_at_the_cap_and_decodes_below_it(tmp_path: Path) -> None:
    path = tmp_path / "two.warc.gz"
    small = gzip_bomb(32 * 1024 * 1024)
    _, offset = write_warc(
        path,
        [("http://a.example/", GZIP_HTML, small), ("http://b.example/", GZIP_HTML, small)],
    )
    assert len(warc.read_payload(str(path), offset, max_size=64 * 1024 * 1024)) == 32 << 20
    try:
        warc.read_payload(str(path), offset, max_size=16 * 1024 * 1024)
    except TooLarge as exc:
        assert exc.limit == 16 * 1024 * 1024
    else:
        raise AssertionError("read past the cap")


def test_an_oversized_fixture_body_is_a_skip_and_never_read(tmp_path: Path) -> None:
    root = tmp_path / "fixtures"
    shutil.copytree(SEED, root / "good")
    big = root / "big"
    big.mkdir()
    with (big / "body.html").open("wb") as fh:
        fh.truncate(17 * 1024 * 1024)  # sparse: costs no disk and no memory to make
    info = {"url": "http://news.example/big.html", "fetched_at": "2024-01-01T00:00:00Z"}
    (big / "info.json").write_text(json.dumps(info), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("replay", str(root), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(read_jsonl(out)) == 1
    assert (
        f"skipped http://news.example/big.html: too_large ({big}: over DOWNLOAD_MAXSIZE "
        "(16777216 bytes) once decoded)"
    ) in proc.stderr
