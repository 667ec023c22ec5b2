"""``archiver commoncrawl`` against a loopback Common Crawl: the records a filtered run
writes, an index lookup, and a run killed with SIGKILL then resumed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from archiver.pipelines.filters import host_matches
from archiver.testing.ccnews import CRAWL, WANTED_HOST, CommonCrawlServer, Layout, Page, build
from tests.conftest import ROOT, read_jsonl, run_cli, serving

WANTED = frozenset({WANTED_HOST})


def wanted_in_may(layout: Layout) -> list[Page]:
    """What a --site a.example --since 2024-05-01 --until 2024-05-31 run keeps."""
    return [
        p
        for p in layout.readable()
        if host_matches(p.url, WANTED)
        and p.kind == "html"
        and p.published is not None
        and p.published.startswith("2024-05")
    ]


def options(server: CommonCrawlServer, *extra: str) -> list[str]:
    return [
        "-s",
        f"ARCHIVER_COMMONCRAWL_DATA_URL={server.base}",
        "-s",
        f"ARCHIVER_COMMONCRAWL_INDEX_URL={server.base}",
        "-s",
        "ARCHIVER_COMMONCRAWL_BACKOFF=0.01",
        *extra,
    ]


MAY = ["--since", "2024-05-01", "--until", "2024-05-31"]


def test_news_run_writes_the_wanted_pages_once_each(tmp_path: Path) -> None:
    layout = build(tmp_path / "cc")
    server = CommonCrawlServer(layout)
    server.busy = 1  # the listing's first answer is 503 with Retry-After
    out = tmp_path / "may.jsonl"
    with serving(server):
        proc = run_cli(
            "commoncrawl", "news", *MAY, "--site", WANTED_HOST, "-o", str(out), *options(server)
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = read_jsonl(out)
    expected = wanted_in_may(layout)
    assert sorted((r["warc_file"], r["warc_offset"]) for r in records) == sorted(
        (p.warc_file, p.offset) for p in expected
    )
    assert {r["url"]: r["date_published"] for r in records} == {
        p.url: p.published for p in expected
    }
    french = [p.url for p in expected if p.language == "fr"]
    assert french and {r["url"] for r in records if r["language"] == "fr"} == set(french)
    mine = [p for p in layout.readable() if host_matches(p.url, WANTED)]
    undated = sum(1 for p in mine if p.published is None)
    old = sum(1 for p in mine if p.published and p.published.startswith("2023"))
    others = sum(1 for p in layout.readable() if not host_matches(p.url, WANTED))
    summary = (
        f"{undated + old + others + 1} skipped "
        f"(damaged_warc=1, date_out_of_range={old}, no_date={undated}, site={others})"
    )
    assert summary in proc.stderr
    assert "2 of 2 files done (0 before this run)" in proc.stderr
    listing = "/crawl-data/CC-NEWS/2024/05/warc.paths.gz"
    assert [p for p, _ in server.log].count(listing) == 2  # the 503, then the listing
    reads = [(p, r) for p, r in server.log if p.endswith(".warc.gz")]
    assert sorted(p for p, r in reads if not r) == [f"/{f}" for f in layout.files]
    # After the damaged member: one request to find the next member, one to read on.
    damaged_file, offset = layout.damaged
    ranges = [r for p, r in reads if r]
    assert [p for p, r in reads if r] == [f"/{damaged_file}"] * 2
    assert ranges[0] == f"bytes={offset + 1}-"
    assert offset < int(ranges[1].removeprefix("bytes=").rstrip("-"))


def test_language_filter_and_undated_pages_kept(tmp_path: Path) -> None:
    layout = build(tmp_path / "cc")
    server = CommonCrawlServer(layout)
    out = tmp_path / "fr.jsonl"
    with serving(server):
        proc = run_cli(
            "commoncrawl", "news", *MAY, "--site", WANTED_HOST, "--language", "en",
            "--keep-undated", "--keep-warc", str(tmp_path / "kept"), "-o", str(out),
            *options(server),
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    first = layout.files[0]
    assert (tmp_path / "kept" / Path(first).name).read_bytes() == (layout.root / first).read_bytes()
    mine = [p for p in layout.readable() if host_matches(p.url, WANTED) and p.kind == "html"]
    kept = [
        p.url
        for p in mine
        if p.language == "en" and (p.published is None or p.published.startswith("2024-05"))
    ]
    records = read_jsonl(out)
    assert sorted(r["url"] for r in records) == sorted(kept)
    assert any(r["date_published"] is None for r in records)
    french = sum(1 for p in mine if p.language == "fr" and p.published)
    assert f"language={french}" in proc.stderr


def test_index_lookup_fetches_only_the_matching_records(tmp_path: Path) -> None:
    layout = build(tmp_path / "cc", damage=False)
    server = CommonCrawlServer(layout)
    out = tmp_path / "index.jsonl"
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "anews.toml").write_text(
        'name = "anews"\ndomains = ["news.a.example"]\n'
        '[extract]\nbody = ["article"]\ndrop = ["article > p:first-of-type"]\n'
    )
    with serving(server):
        proc = run_cli(
            "commoncrawl", "index", "--crawl", CRAWL, "--site", f"news.{WANTED_HOST}",
            "--keep-undated", "--sites", str(sites), "-o", str(out), *options(server),
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    hits = [h for h in layout.index if "//news.a.example" in h["url"] and h["mime"] == "text/html"]
    records = read_jsonl(out)
    assert sorted(r["url"] for r in records) == sorted(h["url"] for h in hits)
    # The profile's rule dropped each page's first paragraph ("Report number N.").
    assert [str(r["text"]).split("\n\n")[0] for r in records] == [
        "The harbour reopened on Friday after three weeks of repairs to the sea wall, which "
        "was damaged when the storm reached the coast."
        if r["language"] == "en"
        else "Le port a rouvert vendredi après trois semaines de travaux sur la digue, abîmée "
        "quand la tempête a atteint la côte, selon la mairie."
        for r in records
    ]
    reads = [(p, r) for p, r in server.log if p.endswith(".warc.gz")]
    assert sorted(reads) == sorted(
        (f"/{h['filename']}", f"bytes={h['offset']}-{int(h['offset']) + int(h['length']) - 1}")
        for h in hits
    )


def _state(path: Path) -> list[tuple[str, int, int]]:
    if not path.exists():
        return []
    try:
        with sqlite3.connect(path) as db:
            return list(db.execute("SELECT task, resume_offset, done FROM tasks"))
    except sqlite3.Error:
        return []


def test_a_killed_run_resumes_with_every_record_once(tmp_path: Path) -> None:
    layout = build(tmp_path / "cc", records=120, wanted=0.25, files=3)
    server = CommonCrawlServer(layout)
    server.pause = 0.3  # slow enough to kill the run between files
    out = tmp_path / "killed.jsonl"
    state = tmp_path / "killed.commoncrawl.sqlite"
    args = [
        sys.executable, "-m", "archiver.cli", "commoncrawl", "news", *MAY, "--site",
        WANTED_HOST, "-o", str(out), *options(server, "-s", "ARCHIVER_COMMONCRAWL_STREAMS=1"),
    ]  # fmt: skip
    with serving(server):
        run = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 240
        # Killed once the first file is done and the second partly read and saved.
        while not (
            any(done for _, _, done in _state(state))
            and any(offset > 0 and not done for _, offset, done in _state(state))
        ):
            assert run.poll() is None, run.stderr.read().decode()[-3000:]  # type: ignore[union-attr]
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        before = read_jsonl(out)
        saved = {task: (offset, done) for task, offset, done in _state(state)}
        first_log = len(server.log)
        server.pause = 0
        proc = run_cli(
            "commoncrawl", "news", *MAY, "--site", WANTED_HOST, "-o", str(out), *options(server)
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "resuming" in proc.stderr
    assert len(before) > 0
    records = read_jsonl(out)
    keys = Counter((r["warc_file"], r["warc_offset"]) for r in records)
    assert max(keys.values()) == 1
    assert sorted(keys) == sorted((p.warc_file, p.offset) for p in wanted_in_may(layout))
    done_before = [task for task, (_, done) in saved.items() if done]
    resumed = {task: offset for task, (offset, done) in saved.items() if not done}
    again = server.log[first_log:]
    for task in done_before:
        assert f"/{task}" not in [p for p, _ in again]  # a done file is not read again
    for task, offset in resumed.items():
        assert (f"/{task}", f"bytes={offset}-") in again  # a partly read one from its offset
    assert f"({len(done_before)} before this run)" in proc.stderr
