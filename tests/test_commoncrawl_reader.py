"""Streaming WARC records from a loopback Common Crawl: filters on headers, offsets that one
range request re-reads, damage, retries and Retry-After, a body cut off mid-way."""

from __future__ import annotations

from collections import Counter

import pytest

from archiver.commoncrawl.reader import next_member, read_records
from archiver.commoncrawl.remote import DownloadError, RemoteFile, address, get, session
from archiver.commoncrawl.tasks import Task, file_day, index_tasks, news_tasks
from archiver.pipelines.filters import host_matches
from archiver.testing.ccnews import CRAWL, WANTED_HOST, CommonCrawlServer, Layout, build
from archiver.transport.entry import Entry
from tests.conftest import serving

WANTED = frozenset({WANTED_HOST})


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    return build(tmp_path_factory.mktemp("cc"))


@pytest.fixture
def server(layout: Layout):  # type: ignore[no-untyped-def]
    srv = CommonCrawlServer(layout)
    with serving(srv):
        yield srv


def stream(server: CommonCrawlServer, task: Task, start: int | None = None) -> RemoteFile:
    s = session(retries=3, backoff=0.01, pool=2, user_agent="test")
    begin = task.start if start is None else start
    return RemoteFile(s, address(server.base, task.path), begin, task.end, retries=3, backoff=0.01)


def test_unwanted_hosts_are_passed_over_and_wanted_pages_read(
    layout: Layout, server: CommonCrawlServer
) -> None:
    name = layout.files[0]
    streamed = list(
        read_records(stream(server, Task(name)), name, 0, lambda u: host_matches(u, WANTED))
    )
    pages = [p for p in layout.pages if p.warc_file == name]
    assert [s.url for s in streamed] == [p.url for p in pages]
    assert [s.offset for s in streamed] == [p.offset for p in pages]
    reasons = Counter(s.item.reason for s in streamed if not isinstance(s.item, Entry))
    wanted = [p for p in pages if host_matches(p.url, WANTED)]
    assert reasons == {"site": len(pages) - len(wanted)}
    entries = [s.item for s in streamed if isinstance(s.item, Entry)]
    assert [e.url for e in entries] == [p.url for p in wanted]
    first = entries[0]
    assert first.extra["warc_file"] == name
    assert first.fetched_at == "2024-05-03T12:00:00Z"
    assert b"<h1>Report 0</h1>" in first.load_body()
    assert first.headers["Content-Type"] == "text/html; charset=utf-8"


def test_without_a_site_filter_images_and_pdfs_are_not_html(
    layout: Layout, server: CommonCrawlServer
) -> None:
    name = layout.files[0]
    streamed = list(read_records(stream(server, Task(name)), name, 0, lambda u: True))
    reasons = Counter(s.item.reason for s in streamed if not isinstance(s.item, Entry))
    kinds = Counter(p.kind for p in layout.pages if p.warc_file == name)
    assert reasons == {"not_html": kinds["image"] + kinds["pdf"]}


def test_a_record_offset_is_read_again_with_one_range_request(
    layout: Layout, server: CommonCrawlServer
) -> None:
    page = [p for p in layout.pages if p.kind == "html"][5]
    hit = next(h for h in layout.index if h["url"] == page.url)
    task = Task(page.warc_file, int(hit["offset"]), int(hit["length"]))
    (streamed,) = read_records(stream(server, task), task.path, task.start, lambda u: True)
    assert isinstance(streamed.item, Entry)
    assert streamed.url == page.url
    assert streamed.offset == page.offset
    end = page.offset + int(hit["length"]) - 1
    assert server.log == [(f"/{page.warc_file}", f"bytes={page.offset}-{end}")]


def test_a_damaged_member_is_one_skip_and_the_next_member_is_found(
    layout: Layout, server: CommonCrawlServer
) -> None:
    name, offset = layout.damaged
    streamed = list(read_records(stream(server, Task(name)), name, 0, lambda u: True))
    last = streamed[-1]
    assert not isinstance(last.item, Entry)
    assert (last.item.reason, last.offset) == ("damaged_warc", offset)
    before = [p.url for p in layout.pages if p.warc_file == name and p.offset < offset]
    assert [s.url for s in streamed[:-1]] == before
    # The next member is the request record of the page after the damaged one.
    after = next(p for p in layout.pages if p.warc_file == name and p.offset > offset)
    found = next_member(stream(server, Task(name), offset + 1))
    assert found is not None and offset < found < after.offset
    rest = list(read_records(stream(server, Task(name), found), name, found, lambda u: True))
    assert [s.url for s in rest] == [
        p.url for p in layout.pages if p.warc_file == name and p.offset > offset
    ]


def test_reading_resumes_from_a_saved_offset(layout: Layout, server: CommonCrawlServer) -> None:
    name = layout.files[0]
    pages = [p for p in layout.pages if p.warc_file == name]
    start = pages[10].offset
    streamed = list(read_records(stream(server, Task(name), start), name, start, lambda u: True))
    assert [s.offset for s in streamed] == [p.offset for p in pages[10:]]
    assert server.log[0][1] == f"bytes={start}-"


def test_busy_server_is_retried_after_its_retry_after(
    layout: Layout, server: CommonCrawlServer
) -> None:
    server.busy = 2
    s = session(retries=3, backoff=0.01, pool=1, user_agent="test")
    listing = get(s, address(server.base, "crawl-data/CC-NEWS/2024/05/warc.paths.gz"), 10)
    assert listing.startswith(b"\x1f\x8b")
    assert [path for path, _ in server.log] == ["/crawl-data/CC-NEWS/2024/05/warc.paths.gz"] * 3


def test_a_body_cut_off_is_continued_with_a_range_request(
    layout: Layout, server: CommonCrawlServer
) -> None:
    name = layout.files[0]
    server.cut_once.add(name)
    whole = (layout.root / name).read_bytes()
    remote = stream(server, Task(name))
    assert remote.read() == whole
    assert remote.reopened == 1
    assert [r for _, r in server.log] == ["", f"bytes={len(whole) // 2}-"]


def test_a_missing_file_is_a_download_error(server: CommonCrawlServer) -> None:
    with pytest.raises(DownloadError, match="HTTP 404"):
        stream(server, Task("crawl-data/CC-NEWS/2024/05/nothing.warc.gz")).read()


def test_news_listing_keeps_the_files_of_the_period(
    layout: Layout, server: CommonCrawlServer
) -> None:
    s = session(retries=0, backoff=0, pool=1, user_agent="test")
    from datetime import date

    assert [
        t.path for t in news_tasks(s, server.base, date(2024, 5, 1), date(2024, 5, 31), 10)
    ] == layout.files
    assert [
        t.path for t in news_tasks(s, server.base, date(2024, 5, 5), date(2024, 5, 31), 10)
    ] == layout.files[1:]
    assert file_day(layout.files[1]).isoformat() == "2024-05-10"  # type: ignore[union-attr]


def test_index_lookup_pages_through_hits_and_applies_the_pattern(
    layout: Layout, server: CommonCrawlServer
) -> None:
    s = session(retries=0, backoff=0, pool=1, user_agent="test")
    tasks = list(index_tasks(s, server.base, CRAWL, [WANTED_HOST], r"report-\d*[02468]$", 10))
    expected = [
        p
        for p in layout.pages
        if host_matches(p.url, WANTED)
        and p.kind == "html"
        and int(p.url.rsplit("-", 1)[1]) % 2 == 0
    ]
    assert [(t.path, t.start) for t in tasks] == [(p.warc_file, p.offset) for p in expected]
    assert all(t.length and t.length > 100 for t in tasks)
    pages_asked = {path for path, _ in server.log if "page=" in path}
    assert len(pages_asked) > 1  # more hits than one index page holds
