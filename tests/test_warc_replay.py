"""Replaying WARCs written by other tools: wget and warcio's capture_http, against a local
server that sends chunked and gzip-encoded pages, images, a redirect; revisits; damage."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from archiver.extract import extract_article
from archiver.extract.fetched import isoformat, parse_fetched_at
from tests.conftest import ROOT, SEED, read_jsonl, run_cli
from tests.warc_tools import capture, offsets, record_at, wget
from tests.wire import fixture_body, news_pages, serve

WEWORK, HONG_KONG, KERRY = "/news/wework.html", "/news/hong-kong.html", "/news/kerry.html"


@dataclass
class Warcs:
    folder: Path
    base: str  # http://127.0.0.1:PORT
    wget: Path  # every page, compressed, with a CDX index
    wget_dedup: Path  # the three articles again: revisit records against the first
    wget_plain: Path  # uncompressed
    captured: Path  # capture_http: the chunked and the gzip page, and the image

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> Warcs:
    folder = tmp_path_factory.mktemp("warcs")
    pages = news_pages()
    with serve(pages) as site:
        urls = [site.url(p) for p in pages]
        articles = [site.url(p) for p in (WEWORK, HONG_KONG, KERRY)]
        first = wget(folder / "wget", urls, "--warc-cdx")
        dedup = wget(folder / "wget-dedup", articles, f"--warc-dedup={folder / 'wget.cdx'}")
        plain = wget(folder / "wget-plain", articles, "--no-warc-compression")
        captured = capture(folder / "captured.warc.gz", [*articles[1:], site.url("/img/logo.png")])
        base = site.url("")
    return Warcs(folder, base, first, dedup, plain, captured)


Replayed = tuple[list[dict[str, object]], subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def replayed(warcs: Warcs) -> Replayed:
    out = warcs.folder / "all.jsonl"
    # One glob for the two wget files (expanded by archiver, not by a shell), one file.
    proc = run_cli(
        "replay", str(warcs.folder / "wget*.warc.gz"), str(warcs.captured), "-o", str(out)
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return read_jsonl(out), proc


def by_file(records: list[dict[str, object]]) -> dict[str, list[str]]:
    files: dict[str, list[str]] = {}
    for r in sorted(records, key=lambda r: (str(r["warc_file"]), int(str(r["warc_offset"])))):
        files.setdefault(str(r["warc_file"]), []).append(str(r["url"]).rsplit(":", 1)[1])
    return files


def test_every_html_response_and_revisit_replays(replayed: Replayed, warcs: Warcs) -> None:
    records, proc = replayed
    port = warcs.base.rsplit(":", 1)[1]
    assert by_file(records) == {
        # wget follows the redirect and fetches the page a second time
        "wget.warc.gz": [f"{port}{p}" for p in (WEWORK, HONG_KONG, KERRY, WEWORK)],
        "wget-dedup.warc.gz": [f"{port}{p}" for p in (WEWORK, HONG_KONG, KERRY)],
        "captured.warc.gz": [f"{port}{p}" for p in (HONG_KONG, KERRY)],
    }
    # the image (twice) and the stylesheet are not pages; the 301 points at a record
    assert "replay: 9 records written, 4 skipped (not_html=3, redirect=1)" in proc.stderr


def test_records_point_at_their_warc_record(replayed: Replayed, warcs: Warcs) -> None:
    records, _ = replayed
    for record in records:
        path = warcs.folder / str(record["warc_file"])
        warc_record = record_at(path, int(str(record["warc_offset"])))
        headers = warc_record.rec_headers
        assert headers.get_header("WARC-Target-URI") == record["url"]
        assert headers.get_header("WARC-Record-ID") == record["warc_record_id"]
        date = headers.get_header("WARC-Date")
        assert record["fetched_at"] == isoformat(parse_fetched_at(date))


def test_chunked_gzip_and_revisit_bodies_decode_to_the_page(
    replayed: Replayed, warcs: Warcs
) -> None:
    records, _ = replayed
    seed_text = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))["text"]
    guardian = extract_article(fixture_body("theguardian.com"), warcs.url(HONG_KONG), "2026-01-01")
    kerry = [r for r in records if r["url"] == warcs.url(KERRY)]
    hong_kong = [r for r in records if r["url"] == warcs.url(HONG_KONG)]
    assert len(kerry) == 3 and len(hong_kong) == 3
    assert {r["text"] for r in kerry} == {seed_text}  # gzip-encoded on the wire
    assert {r["text"] for r in hong_kong} == {guardian.text}  # chunked on the wire
    revisit = next(r for r in kerry if r["warc_file"] == "wget-dedup.warc.gz")
    assert record_at(warcs.wget_dedup, int(str(revisit["warc_offset"]))).rec_type == "revisit"


def test_revisit_without_its_original_is_reported(warcs: Warcs, tmp_path: Path) -> None:
    out = tmp_path / "dedup.jsonl"
    proc = run_cli("replay", str(warcs.wget_dedup), "-o", str(out))
    assert proc.returncode == 1  # three revisits, no payload: nothing could be read
    assert not out.exists()  # a failed run writes no dataset
    assert f"replay: {out} left as it was" in proc.stderr
    (first,) = offsets(warcs.wget_dedup, "revisit", warcs.url(WEWORK))
    assert f"{warcs.wget_dedup}#{first}: revisit of {warcs.url(WEWORK)}" in proc.stderr
    assert "revisit_unresolved=3" in proc.stderr


def test_damage_is_reported_and_other_records_replay(warcs: Warcs, tmp_path: Path) -> None:
    # A .warc.gz cut in the middle of the chunked page's response record.
    (hk,) = offsets(warcs.wget, "response", warcs.url(HONG_KONG))
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(warcs.wget.read_bytes()[: hk + 5000])
    # An uncompressed WARC whose second response declares 100 bytes too few.
    data = warcs.wget_plain.read_bytes()
    (second,) = offsets(warcs.wget_plain, "response", warcs.url(HONG_KONG))
    start = data.index(b"Content-Length: ", second)
    end = data.index(b"\r\n", start)
    length = int(data[start + 16 : end])
    bad_length = tmp_path / "bad-length.warc"
    bad_length.write_bytes(data[:start] + b"Content-Length: %d" % (length - 100) + data[end:])
    not_warc = tmp_path / "notes.warc.gz"
    not_warc.write_text("These are notes, not a web archive.\n")

    out = tmp_path / "damaged.jsonl"
    proc = run_cli("replay", str(truncated), str(bad_length), str(not_warc), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    # Reading resumes at the record after the one with the wrong length.
    assert sorted((str(r["warc_file"]), str(r["url"])) for r in read_jsonl(out)) == [
        ("bad-length.warc", warcs.url(KERRY)),
        ("bad-length.warc", warcs.url(WEWORK)),
        ("truncated.warc.gz", warcs.url(WEWORK)),
    ]
    assert f"{truncated}#{hk}: damaged WARC: the file ends inside this record" in proc.stderr
    assert f"{bad_length}#{second}: damaged WARC: this record's Content-Length is wrong" in (
        proc.stderr
    )
    assert f"{not_warc}: not a WARC file" in proc.stderr
    assert "(damaged_warc=2, not_warc=1)" in proc.stderr


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    not_warc = tmp_path / "empty.warc"
    not_warc.write_bytes(b"\x00" * 64)
    proc = run_cli("replay", str(not_warc), "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 1
    assert "nothing could be read" in proc.stderr


def test_scrapy_crawl_replays_a_warc(warcs: Warcs, tmp_path: Path) -> None:
    out = tmp_path / "captured.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news"]
        + ["-a", f"replay={warcs.captured}", "-O", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(str(r["url"]) for r in read_jsonl(out)) == [
        warcs.url(HONG_KONG),
        warcs.url(KERRY),
    ]


def test_corrupt_compressed_bytes_are_reported_and_the_rest_replays(
    warcs: Warcs, tmp_path: Path
) -> None:
    # Garbage inside the chunked page's gzip member: only that record is lost.
    (hk,) = offsets(warcs.wget, "response", warcs.url(HONG_KONG))
    data = bytearray(warcs.wget.read_bytes())
    data[hk + 2000 : hk + 2400] = bytes(range(200)) * 2
    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(bytes(data))
    out = tmp_path / "corrupt.jsonl"
    proc = run_cli("replay", str(corrupt), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    urls = sorted(str(r["url"]) for r in read_jsonl(out))
    assert warcs.url(HONG_KONG) not in urls
    assert warcs.url(WEWORK) in urls and warcs.url(KERRY) in urls
    assert f"{corrupt}#{hk}: damaged WARC: " in proc.stderr
    # The records after the damage are read: the image, stylesheet and redirect too.
    assert (
        f"replay: {len(urls)} records written, 4 skipped (damaged_warc=1, not_html=2, redirect=1)"
    ) in proc.stderr
