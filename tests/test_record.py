"""``archiver record``: fixture folders from live pages and from a WARC, ready to replay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.cli import main
from tests.conftest import SEED, read_jsonl, run_cli
from tests.warc_tools import capture
from tests.wire import fixture_body, news_pages, serve

KERRY, HONG_KONG = "/news/kerry.html", "/news/hong-kong.html"
SEED_EXPECTED = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))


def test_record_live_pages_then_replay_them(tmp_path: Path) -> None:
    into = tmp_path / "fixtures" / "local"
    with serve(news_pages()) as site:
        proc = run_cli(
            "record",
            site.url(KERRY),
            site.url(HONG_KONG),
            "--into",
            str(into),
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
        )
        url = site.url(KERRY)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in into.iterdir()) == ["hong-kong", "kerry"]
    kerry = into / "kerry"
    assert sorted(p.name for p in kerry.iterdir()) == ["body.html", "expected.json", "info.json"]
    # sent gzip-encoded, stored decoded; the headers that described the wire are gone
    assert (kerry / "body.html").read_bytes() == fixture_body("franceinfo")
    info = json.loads((kerry / "info.json").read_text(encoding="utf-8"))
    assert info["url"] == url and info["status"] == 200
    assert info["headers"]["Content-Type"] == "text/html; charset=utf-8"
    assert not {"Content-Encoding", "Content-Length", "Transfer-Encoding"} & set(info["headers"])
    expected = json.loads((kerry / "expected.json").read_text(encoding="utf-8"))
    assert expected["text"] == SEED_EXPECTED["text"]
    assert expected["title"] == SEED_EXPECTED["title"]
    assert expected["fetched_at"] == info["fetched_at"]

    out = tmp_path / "replayed.jsonl"
    proc = run_cli("replay", str(tmp_path / "fixtures"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    (record,) = [r for r in read_jsonl(out) if r["url"] == url]
    assert {k: record[k] for k in expected} == expected


def test_record_from_a_warc_rerecords_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(news_pages()) as site:
        warc = capture(tmp_path / "pages.warc.gz", [site.url(HONG_KONG), site.url("/img/logo.png")])
        urls = [site.url(HONG_KONG), site.url("/img/logo.png")]
    into = tmp_path / "fixtures"
    assert main(["record", *urls, "--into", str(into), "--from", str(warc)]) == 1
    assert main(["record", urls[0], "--into", str(into), "--from", str(warc)]) == 0
    captured = capsys.readouterr()
    assert f"record: {urls[1]}: no HTML response captured for it" in captured.err
    assert captured.out.splitlines() == [f"{into / 'hong-kong'}  <- {urls[0]}"] * 2
    assert [p.name for p in into.iterdir()] == ["hong-kong"]
    assert (into / "hong-kong" / "body.html").read_bytes() == fixture_body("theguardian.com")
