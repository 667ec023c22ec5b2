"""Stream the page records out of a WARC file read once, in order, from any byte stream.

Unlike a replay's scan, nothing is seeked: a Common Crawl file arrives over HTTP and is
read once. A record whose host is not wanted is passed over on its WARC headers alone,
without parsing its HTTP headers or decoding its payload.

The reading path is warcio's with ISA-L inflating the gzip members (installed by
archiver.transport.warc), the same as a replay's. FastWARC was measured against it on the
same files (bench/commoncrawl_readers.py: 4 files, 114 MB, 4,000 response records, 10%
wanted): 3,908 records/s (111 MB/s) against 2,775 (79 MB/s), 1.4 times faster. Keeping it
would make two reading paths (replay's revisit resolution and damage checks are warcio's)
for a small gain: in a filtered run (bench/commoncrawl_filter.py, 1,000 records) reading
takes under half a second of the 20-30 s, extraction the rest. Both stop at a damaged gzip
member. So one reading path stays: warcio's.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, cast

from isal import isal_zlib
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archiver.extract.fetched import isoformat, parse_fetched_at
from archiver.transport.entry import MAX_BODY, Entry, Problem, TooLarge

# Importing transport.warc also installs ISA-L as warcio's gzip decompressor.
from archiver.transport.warc import DECODERS, HTML_TYPES, record_body

_TRANSFER_HEADERS = {"transfer-encoding", "content-length"}
_DAMAGE: tuple[type[Exception], ...] = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    cast("type[Exception]", isal_zlib.error),
    EOFError,
    ValueError,
)


@dataclass
class Streamed:
    """One page record of the stream: an Entry to extract, or a Problem to skip."""

    url: str
    offset: int  # of the record (its gzip member) in the remote file
    next_offset: int  # where the next record starts: the resume point once this one is done
    item: Entry | Problem
    fetched_at: str = ""
    status: int | None = None


def read_records(
    stream: IO[bytes] | io.RawIOBase, name: str, base: int, wanted: Callable[[str], bool]
) -> Iterator[Streamed]:
    """Page records of ``stream`` (which starts at byte ``base`` of the file ``name``);
    records that are not pages (warcinfo, request, metadata) are passed over silently."""
    records = ArchiveIterator(stream, no_record_parse=True, arc2warc=False)
    http_parser = records.loader.http_parser
    # warcio counts from the stream's tell(): the remote offset already where it has one.
    shift = base - records.offset
    try:
        while True:
            # Not silenced as a replay's scan silences warcio's own line for a wrong
            # Content-Length: this runs in reader threads, and redirecting sys.stderr from
            # one would swap it under every other thread.
            record = next(records, None)
            if record is None:
                return
            offset = shift + records.offset
            if record.format != "warc":
                yield _damage(name, offset, "no WARC record starts here")
                return
            rec = record.rec_headers
            url = rec.get_header("WARC-Target-URI") or ""
            page = record.rec_type in ("response", "revisit") and url.startswith(
                ("http://", "https://")
            )
            fetched_at = ""
            item: Entry | Problem | None = None
            status: int | None = None
            key = f"{name}#{offset}"
            if not page:
                pass
            elif not wanted(url):
                item = Problem(key, "site", f"{key}: {url}: host not wanted", level=logging.DEBUG)
            elif record.rec_type == "revisit":
                item = Problem(
                    key,
                    "revisit",
                    f"{key}: {url} is a revisit; its payload is another capture's",
                    level=logging.INFO,
                )
            else:
                date = rec.get_header("WARC-Date")
                fetched_at = isoformat(parse_fetched_at(date)) if date else ""
                record.http_headers = http_parser.parse(record.raw_stream)
                status, item = _page(record, key, url, fetched_at, name, offset)
            records.read_to_end()
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield _damage(name, offset, "the file ends inside this record")
                return
            if records.err_count:
                yield _damage(name, offset, "this record's Content-Length is wrong")
                return
            start, length = records.member_info
            if item is not None:
                yield Streamed(url, shift + start, shift + start + length, item, fetched_at, status)
    except _DAMAGE as exc:
        # A message may quote the garbage it met: keep it short and printable.
        text = "".join(c if c.isprintable() else "?" for c in " ".join(str(exc).split()))
        detail = text[:100] or type(exc).__name__
        yield _damage(name, shift + records.offset, detail)
    finally:
        records.close()


def _damage(name: str, offset: int, detail: str) -> Streamed:
    where = f"{name}#{offset}"
    problem = Problem(where, "damaged_warc", f"{where}: damaged WARC: {detail}")
    return Streamed("", offset, offset, problem)


def _page(
    record: object, key: str, url: str, fetched_at: str, name: str, offset: int
) -> tuple[int | None, Entry | Problem]:
    http = record.http_headers  # type: ignore[attr-defined]
    try:
        status = int(http.statusline.split(None, 1)[0])
    except (ValueError, IndexError):
        return None, Problem(key, "damaged_warc", f"{key}: {url}: no HTTP status line")
    headers = list(http.headers)
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return status, Problem(key, "not_html", f"{key}: {url} is {mime}", level=logging.INFO)
    if 300 <= status < 400:
        return status, Problem(key, "redirect", f"{key}: {url} is a {status} redirect")
    if not 200 <= status < 300:
        return status, Problem(key, f"http_{status}", f"{key}: {url} was HTTP {status}")
    try:
        body = record_body(record, MAX_BODY, key)
    except TooLarge:
        return status, Problem(key, "too_large", f"{key}: {url} is over {MAX_BODY} bytes decoded")
    decoded = DECODERS  # the codings record_body undid
    merged: dict[str, str] = {}
    for header, value in headers:
        low = header.lower()
        if low in _TRANSFER_HEADERS or (low == "content-encoding" and value.lower() in decoded):
            continue
        merged[header] = f"{merged[header]}, {value}" if header in merged else value
    record_id = record.rec_headers.get_header("WARC-Record-ID") or ""  # type: ignore[attr-defined]
    extra: dict[str, object] = {"warc_file": name, "warc_offset": offset}
    if record_id:
        extra["warc_record_id"] = record_id
    entry = Entry(
        key=key,
        url=url,
        fetched_at=fetched_at,
        load_body=lambda max_size=MAX_BODY: body,  # read under MAX_BODY above
        status=status,
        headers=merged,
        extra=extra,
    )
    return status, entry


GZIP_MAGIC = b"\x1f\x8b\x08"
_PROBE = 4096  # compressed bytes enough to inflate a member's first bytes


def next_member(stream: IO[bytes] | io.RawIOBase, limit: int = 64 << 20) -> int | None:
    """The offset of the next gzip member that starts a WARC record, reading ``stream``
    from where it is (just after a damaged member's start) for at most ``limit`` bytes.

    A damaged member costs that record only: reading goes on at the next record, as
    Common Crawl writes one member per record. A candidate is checked by inflating its
    first bytes, since the magic bytes can occur inside compressed data."""
    base = stream.tell()
    buffer = b""
    consumed = 0  # bytes of the stream before buffer[0]
    while consumed < limit:
        chunk = stream.read(1 << 16)
        buffer += chunk or b""
        at = buffer.find(GZIP_MAGIC)
        while at >= 0 and (len(buffer) - at >= _PROBE or not chunk):
            try:
                head = isal_zlib.decompressobj(16 + isal_zlib.MAX_WBITS).decompress(
                    buffer[at : at + _PROBE], 5
                )
            except _DAMAGE:
                head = b""
            if head == b"WARC/":
                return base + consumed + at
            at = buffer.find(GZIP_MAGIC, at + 1)
        if not chunk:
            return None
        keep = max(at if at >= 0 else len(buffer) - len(GZIP_MAGIC) + 1, 0)
        consumed += keep
        buffer = buffer[keep:]
    return None
