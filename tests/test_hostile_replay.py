"""Hostile recorded input, in one replay: WARC records and fixture folders that would not
fit in memory, and a WARC with a corrupt record in the middle."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archiver.testing.hostile import GIB, corrupt_member, gzip_bomb, write_warc
from archiver.transport import warc
from archiver.transport.entry import TooLarge
from tests.conftest import SEED, read_jsonl, run_cli

ARTICLE = (SEED / "body.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
GZIP_HTML = {**HTML, "Content-Encoding": "gzip"}
SEED_URL = json.loads((SEED / "info.json").read_text(encoding="utf-8"))["url"]


def pages(n: int) -> list[tuple[str, dict[str, str], bytes]]:
    return [
        (f"http://news.example/{i}.html", HTML, b"<html><body><p>page %d</p></body></html>" % i)
        for i in range(n)
    ]


@dataclass
class Replay:
    bomb: Path
    bomb_offset: int
    bad: Path
    resume_offset: int
    big: Path
    proc: subprocess.CompletedProcess[str]
    urls: list[str]


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    tmp = tmp_path_factory.mktemp("replay")
    bomb = tmp / "bomb.warc.gz"
    _, bomb_offset = write_warc(
        bomb,
        [
            ("http://news.example/good.html", HTML, ARTICLE.replace(b"Kerry", b"Kerry (good)")),
            ("http://news.example/bomb.html", GZIP_HTML, gzip_bomb(GIB)),
        ],
    )
    bad = tmp / "bad.warc.gz"
    offsets = write_warc(
        bad,
        [
            ("http://news.example/a.html", HTML, ARTICLE),
            ("http://news.example/b.html", HTML, ARTICLE),
        ]
        + pages(3),
    )
    corrupt_member(bad, offsets[1], offsets[2])
    root = tmp / "fixtures"
    shutil.copytree(SEED, root / "good")
    big = root / "big"
    big.mkdir()
    with (big / "body.html").open("wb") as fh:
        fh.truncate(17 * 1024 * 1024)  # sparse: costs no disk and no memory to make
    info = {"url": "http://news.example/big.html", "fetched_at": "2024-01-01T00:00:00Z"}
    (big / "info.json").write_text(json.dumps(info), encoding="utf-8")
    out = tmp / "out.jsonl"
    proc = run_cli("replay", str(root), str(bomb), str(bad), "-o", str(out))
    urls = sorted(str(r["url"]) for r in read_jsonl(out))
    yield Replay(bomb, bomb_offset, bad, offsets[2], big, proc, urls)


def test_everything_readable_is_replayed(replay: Replay) -> None:
    assert replay.proc.returncode == 0, replay.proc.stderr[-3000:]
    assert replay.urls == sorted(
        [SEED_URL, "http://news.example/good.html", "http://news.example/a.html"]
        + [f"http://news.example/{i}.html" for i in range(3)]
    )
    assert "skipped (damaged_warc=1, too_large=2)" in replay.proc.stderr


def test_a_warc_record_that_decodes_to_a_gibibyte_is_a_skip(replay: Replay) -> None:
    assert replay.bomb.stat().st_size < 100_000
    assert (
        f"skipped http://news.example/bomb.html: too_large ({replay.bomb}#{replay.bomb_offset}: "
        "over DOWNLOAD_MAXSIZE (16777216 bytes) once decoded)"
    ) in replay.proc.stderr


def test_an_oversized_fixture_body_is_a_skip_and_never_read(replay: Replay) -> None:
    assert (
        f"skipped http://news.example/big.html: too_large ({replay.big}: over DOWNLOAD_MAXSIZE "
        "(16777216 bytes) once decoded)"
    ) in replay.proc.stderr


def test_one_readable_line_per_damaged_stretch(replay: Replay) -> None:
    lines = [x for x in replay.proc.stderr.splitlines() if "damaged WARC" in x]
    assert len(lines) == 1
    assert f"{replay.bad}#" in lines[0]
    assert lines[0].endswith(f"bytes skipped, reading on at #{replay.resume_offset})")
    # No raw byte of the damage (or of any body) reaches the log.
    assert all(line.isprintable() for line in replay.proc.stderr.splitlines())
    assert len(replay.proc.stderr) < 100_000


def test_read_payload_stops_at_the_cap_and_decodes_below_it(tmp_path: Path) -> None:
    path = tmp_path / "two.warc.gz"
    small = gzip_bomb(32 * 1024 * 1024)
    _, offset = write_warc(
        path,
        [("http://a.example/", GZIP_HTML, small), ("http://b.example/", GZIP_HTML, small)],
    )
    assert len(warc.read_payload(str(path), offset, max_size=64 * 1024 * 1024)) == 32 << 20
    with pytest.raises(TooLarge) as raised:
        warc.read_payload(str(path), offset, max_size=16 * 1024 * 1024)
    assert raised.value.limit == 16 * 1024 * 1024
