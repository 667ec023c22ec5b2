"""WARC capture during live crawls (the news spider with ``-a urls=``) against a local
server, and the replay of those WARCs giving the crawl's own records back."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from archiver.extract.fetched import isoformat, parse_fetched_at
from tests.conftest import ROOT, read_jsonl, run_cli
from tests.warc_tools import record_at, records
from tests.wire import Page, WireSite, fixture_body, news_pages, serve

WEWORK, HONG_KONG, KERRY = "/news/wework.html", "/news/hong-kong.html", "/news/kerry.html"
FETCHED = [*news_pages(), "/missing.html"]


def crawl(site: WireSite, out: Path, prefix: Path, *settings: str) -> list[dict[str, object]]:
    urls = ",".join(site.url(p) for p in FETCHED)
    options = [a for s in settings for a in ("-s", s)]
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"urls={urls}", "-O", str(out)]
        + ["-s", f"ARCHIVER_WARC_PREFIX={prefix}", "-s", "AUTOTHROTTLE_ENABLED=False"]
        + options,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return read_jsonl(out)


@dataclass
class Crawls:
    folder: Path  # where the WARCs of both runs are
    port: int
    first: list[dict[str, object]]
    second: list[dict[str, object]]  # the Kerry page changed, everything else the same
    third: list[dict[str, object]]  # conditional requests: 304 Not Modified
    replayed: list[dict[str, object]]  # both runs' WARCs replayed together
    replay_log: str


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Crawls:
    tmp = tmp_path_factory.mktemp("capture")
    prefix = tmp / "warc" / "%(site)s"
    with serve(news_pages()) as site:
        first = crawl(site, tmp / "first.jsonl", Path(f"{prefix}/run1"))
        changed = fixture_body("franceinfo").replace(b"Troupes au sol", b"Troupes au sol et en mer")
        site.pages[KERRY] = Page(changed, gzipped=True)
        # A file per response: rotation after every record pair.
        second = crawl(
            site, tmp / "second.jsonl", Path(f"{prefix}/run2"), "ARCHIVER_WARC_MAX_SIZE=1"
        )
        # Conditional requests, answered 304 Not Modified (as an incremental crawl makes).
        third = crawl(
            site,
            tmp / "third.jsonl",
            Path(f"{prefix}/run3"),
            'DEFAULT_REQUEST_HEADERS={"If-None-Match": "\\"v1\\""}',
        )
        port = site.port
    folder = tmp / "warc" / "127.0.0.1"
    out = tmp / "replayed.jsonl"
    proc = run_cli("replay", str(folder / "run*.warc.gz"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Crawls(folder, port, first, second, third, read_jsonl(out), proc.stderr)


def path_of(record: dict[str, object]) -> str:
    return str(record["url"]).split(":", 2)[2].split("/", 1)[1]


def test_every_response_is_archived_with_its_request(crawls: Crawls) -> None:
    (warc,) = sorted(crawls.folder.glob("run1-*.warc.gz"))
    assert warc.name == "run1-00000.warc.gz"
    found = records(warc)
    info = found[0][1]
    assert info.rec_type == "warcinfo"
    fields = dict(line.split(": ", 1) for line in found[0][2].decode().splitlines() if ": " in line)
    assert fields["software"] == "archiver/0.1.0 (Scrapy/2.19.0; warcio/1.8.1)"
    assert fields["robots"] == "obey"
    assert '"ARCHIVER_WARC_MAX_SIZE": 1000000000' in fields["settings"]

    base = f"http://127.0.0.1:{crawls.port}"
    responses = {
        r.rec_headers.get_header("WARC-Target-URI").removeprefix(base): r.http_headers.statusline
        for _, r, _ in found
        if r.rec_type == "response"
    }
    assert responses == {
        "/robots.txt": "404 Not Found",
        WEWORK: "200 OK",
        HONG_KONG: "200 OK",
        KERRY: "200 OK",
        "/img/logo.png": "200 OK",
        "/css/site.css": "200 OK",
        "/old/wework.html": "301 Moved Permanently",
        "/missing.html": "404 Not Found",
    }
    # each response is followed by the request that fetched it
    pairs = list(zip(found[1::2], found[2::2], strict=True))
    for (_, response, _), (_, request, _) in pairs:
        assert request.rec_type == "request"
        assert request.rec_headers.get_header("WARC-Concurrent-To") == (
            response.rec_headers.get_header("WARC-Record-ID")
        )
        assert request.http_headers.statusline.split()[0] == (
            response.rec_headers.get_header("WARC-Target-URI").removeprefix(base)
        )


def test_raw_bytes_are_archived_as_received(crawls: Crawls) -> None:
    warc = crawls.folder / "run1-00000.warc.gz"
    by_path = {
        r.rec_headers.get_header("WARC-Target-URI").split(str(crawls.port), 1)[1]: (r, payload)
        for _, r, payload in records(warc)
        if r.rec_type == "response"
    }
    kerry, kerry_payload = by_path[KERRY]
    assert kerry.http_headers.get_header("Content-Encoding") == "gzip"
    assert kerry_payload[:2] == b"\x1f\x8b"  # still gzip: archived before decoding
    hong_kong, hong_kong_payload = by_path[HONG_KONG]
    assert hong_kong.http_headers.get_header("Transfer-Encoding") is None
    assert hong_kong.http_headers.get_header("Content-Length") == str(len(hong_kong_payload))
    assert hong_kong_payload == fixture_body("theguardian.com")


def test_records_carry_their_warc_record(crawls: Crawls) -> None:
    assert sorted(path_of(r) for r in crawls.first) == sorted(
        p.lstrip("/") for p in (WEWORK, HONG_KONG, KERRY)
    )
    for record in crawls.first:
        assert record["warc_file"] == "run1-00000.warc.gz"
        warc_record = record_at(
            crawls.folder / "run1-00000.warc.gz", int(str(record["warc_offset"]))
        )
        assert warc_record.rec_type == "response"
        assert warc_record.rec_headers.get_header("WARC-Target-URI") == record["url"]
        assert warc_record.rec_headers.get_header("WARC-Record-ID") == record["warc_record_id"]
        date = warc_record.rec_headers.get_header("WARC-Date")
        assert record["fetched_at"] == isoformat(parse_fetched_at(date))


def test_unchanged_pages_become_revisits_and_files_rotate(crawls: Crawls) -> None:
    files = sorted(crawls.folder.glob("run2-*.warc.gz"))
    assert [f.name for f in files] == [f"run2-{n:05d}.warc.gz" for n in range(8)]
    kinds = {}
    for warc in files:
        found = records(warc)
        assert [r.rec_type for _, r, _ in found][0] == "warcinfo"
        (main,) = [r for _, r, _ in found if r.rec_type in ("response", "revisit")]
        path = main.rec_headers.get_header("WARC-Target-URI").split(str(crawls.port), 1)[1]
        kinds[path] = main.rec_type
    assert kinds == {
        "/robots.txt": "response",  # a 404 is not deduplicated
        WEWORK: "revisit",
        HONG_KONG: "revisit",
        KERRY: "response",  # changed between the runs
        "/img/logo.png": "revisit",
        "/css/site.css": "revisit",
        "/old/wework.html": "response",
        "/missing.html": "response",
    }
    kerry = next(r for r in crawls.second if path_of(r) == KERRY.lstrip("/"))
    assert "Troupes au sol et en mer" in str(kerry["text"])


def test_replaying_the_warcs_gives_the_crawls_records(crawls: Crawls) -> None:
    def key(record: dict[str, object]) -> tuple[str, str]:
        return str(record["warc_file"]), str(record["url"])

    assert sorted(crawls.replayed, key=key) == sorted(crawls.first + crawls.second, key=key)
    # image and stylesheet twice each; the redirect thrice (its target is a record too);
    # the 304s of the third run give no record, as in the crawl, which wrote none
    assert crawls.third == []
    assert (
        "replay: 6 records written, 12 skipped (not_html=4, not_modified=5, redirect=3)"
        in crawls.replay_log
    )


def test_not_modified_becomes_a_revisit_of_the_last_capture(crawls: Crawls) -> None:
    (warc,) = sorted(crawls.folder.glob("run3-*.warc.gz"))
    revisits = [r for _, r, _ in records(warc) if r.rec_type == "revisit"]
    assert len(revisits) == 5
    kerry = next(r for r in revisits if r.rec_headers.get_header("WARC-Target-URI").endswith(KERRY))
    assert kerry.rec_headers.get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    assert kerry.http_headers.statusline == "304 Not Modified"
    changed = next(r for r in crawls.second if path_of(r) == KERRY.lstrip("/"))
    assert kerry.rec_headers.get_header("WARC-Refers-To") == changed["warc_record_id"]
