"""WARC files as a replay source: every HTML response (or revisit) record becomes an Entry.

Any WARC will do, not only archiver's own: wget's, warcio's ``capture_http``, Heritrix's.
Parsing is warcio's (``ArchiveIterator``, which also undoes chunked transfer); content
codings are undone with Scrapy's size-capped decoders, as on a live crawl. What is ours:
the checks that a record is whole, resynchronising after damage, revisit resolution
across files, and the choice of which records are pages.

A scan reads each file once from start to end (decompressing every gzip member, which is
how a record cut short is noticed); bodies are read again on demand by seeking to their
record's offset, so a multi-gigabyte WARC never sits in memory.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, cast

from isal import isal_zlib
from scrapy.utils._compression import (  # the decoders Scrapy's own middleware uses
    _DecompressionMaxSizeExceeded,
    _inflate,
    _unbrotli,
    _unzstd,
)
from scrapy.utils.gz import gunzip
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from archiver.extract.fetched import isoformat, parse_fetched_at
from archiver.transport.entry import MAX_BODY, Entry, Problem, TooLarge
from archiver.warc.files import HINTS_CONTENT_TYPE, HINTS_KEY, SITE_RULES_KEY

SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
HINTS_MAX_BYTES = 65536
GZIP_MAGIC = b"\x1f\x8b\x08"
RESYNC_BLOCK = 1 << 20  # read when looking for the next record after damage
READ_CHUNK = 1 << 16
# Content codings undone when a body is read (Scrapy's size-capped decoders).
DECODERS: dict[str, Callable[..., bytes]] = {
    "gzip": gunzip,
    "x-gzip": gunzip,
    "deflate": _inflate,
    "br": _unbrotli,
    "zstd": _unzstd,
}
# Described by the record, undone by content_stream(): they no longer apply to the body.
_TRANSFER_HEADERS = {"transfer-encoding", "content-length"}
_GZIP_ERRORS = (zlib.error, cast("type[Exception]", isal_zlib.error))
# Errors a damaged file raises from inside warcio (and zlib or ISA-L under it).
_DAMAGE: tuple[type[Exception], ...] = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    cast("type[Exception]", isal_zlib.error),  # the stub declares an instance, not a class
    EOFError,
    ValueError,
)


def _isal_gzip() -> isal_zlib.Decompress:
    return isal_zlib.decompressobj(16 + isal_zlib.MAX_WBITS)


# warcio picks its gzip decompressor from this table (it adds brotli to it the same way).
# ISA-L inflates WARC members in about half of zlib's time; a scan and a replay read every
# member once each, in the Scrapy process. Its errors are Exceptions, which warcio's
# not-gzip-after-all fallback for plain .warc files catches like zlib's.
BufferedReader.DECOMPRESSORS["gzip"] = _isal_gzip


def is_warc(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(SUFFIXES)


@dataclass(frozen=True)
class Payload:
    """Where a response record's payload lies, for the revisits that point at it."""

    path: str
    offset: int
    status: int
    headers: tuple[tuple[str, str], ...]


@dataclass
class _Revisit:
    key: str
    url: str
    fetched_at: str
    status: int | None  # None: no HTTP headers of its own: take the original's
    headers: tuple[tuple[str, str], ...]
    digest: str | None
    refers_to: str | None  # WARC-Refers-To: the original's record id
    refers_to_target: tuple[str, str] | None  # (WARC-Refers-To-Target-URI, -Date)
    extra: dict[str, object]


class _Payloads:
    """Response records seen so far, by payload digest, record id and (URI, date)."""

    def __init__(self) -> None:
        self.by_digest: dict[str, Payload] = {}
        self.by_id: dict[str, Payload] = {}
        self.by_target: dict[tuple[str, str], Payload] = {}

    def add(
        self, payload: Payload, digest: str | None, record_id: str, uri: str, date: str
    ) -> None:
        if digest:
            self.by_digest.setdefault(digest, payload)
        self.by_id[record_id] = payload
        self.by_target.setdefault((uri, date), payload)

    def find(self, revisit: _Revisit) -> Payload | None:
        if revisit.refers_to and revisit.refers_to in self.by_id:
            return self.by_id[revisit.refers_to]
        if revisit.refers_to_target and revisit.refers_to_target in self.by_target:
            return self.by_target[revisit.refers_to_target]
        return self.by_digest.get(revisit.digest) if revisit.digest else None


@dataclass(frozen=True)
class _Hints:
    """archiver's metadata record: what the crawl knew of the page it accompanies."""

    concurrent_to: str
    hints: dict[str, str]
    site_rules: dict[str, Any]


def scan(paths: Iterable[Path]) -> Iterator[Entry | Problem]:
    """Entries of every page record in ``paths``; a revisit may refer to any of the files,
    and a hints record to a response anywhere before it, so resolution waits for the end."""
    payloads = _Payloads()
    items: list[Entry | Problem | _Revisit] = []
    hints: dict[str, _Hints] = {}
    for path in paths:
        for item in _scan_file(path, payloads):
            if isinstance(item, _Hints):  # a second one adds hints found after the capture
                seen = hints.setdefault(item.concurrent_to, _Hints(item.concurrent_to, {}, {}))
                seen.hints.update(item.hints)
                if not seen.site_rules:
                    seen.site_rules.update(item.site_rules)
            else:
                items.append(item)
    for item in items:
        if isinstance(item, _Revisit):
            payload = payloads.find(item)
            if payload is None:
                yield _unresolved(item)
                continue
            resolved = _revisit_entry(item, payload)
            if isinstance(resolved, Problem):
                yield resolved
                continue
            item = resolved
        if isinstance(item, Entry) and (known := hints.get(str(item.extra.get("warc_record_id")))):
            item.hints, item.site_rules = known.hints, known.site_rules
        yield item


def _unresolved(revisit: _Revisit) -> Problem:
    target = " ".join(revisit.refers_to_target or ()) or revisit.digest or "?"
    return Problem(
        revisit.key,
        "revisit_unresolved",
        f"{revisit.key}: revisit of {revisit.url} refers to a payload not in the given "
        f"WARC files ({target}); pass the WARC that holds it too",
    )


def _hints_of(record: ArcWarcRecord) -> _Hints | None:
    """Our own hints record (read before warcio skips to the next record), else None."""
    rec = record.rec_headers
    concurrent_to = rec.get_header("WARC-Concurrent-To")
    if rec.get_header("Content-Type") != HINTS_CONTENT_TYPE or not concurrent_to:
        return None
    try:
        data = json.loads(record.content_stream().read(HINTS_MAX_BYTES))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    hints, rules = data.get(HINTS_KEY) or {}, data.get(SITE_RULES_KEY) or {}
    if not isinstance(hints, dict) or not isinstance(rules, dict) or not (hints or rules):
        return None
    return _Hints(concurrent_to, {str(k): str(v) for k, v in hints.items()}, _site_rules(rules))


def _site_rules(raw: dict[str, Any]) -> dict[str, Any]:
    """The stored rules as the profile loader would accept them; {} if they are not."""
    extract = raw.get("extract") or {}
    name, version = raw.get("profile"), raw.get("version")
    if not isinstance(name, str) or not name or not isinstance(extract, dict):
        return {}
    for value in extract.values():
        if not isinstance(value, str) and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return {}
    return {"profile": name, "version": str(version or ""), "extract": extract}


@dataclass
class _Stop:
    """Why a pass over a file stopped: at damage (where, what), or at its clean end."""

    at: int | None = None
    detail: str = ""
    read: int = 0


def _scan_file(path: Path, payloads: _Payloads) -> Iterator[Entry | Problem | _Revisit | _Hints]:
    """Every record of one file; after damage, reading resumes at the next record.

    Damage stays local: a corrupt gzip member or a wrong Content-Length costs the record
    it is in, and one Problem that says where, what, and how many bytes were skipped.
    """
    name = str(path)
    size = path.stat().st_size
    with path.open("rb") as fh:
        gzipped = fh.read(2) == GZIP_MAGIC[:2]
        start, read = 0, 0
        while True:
            stop = _Stop()
            # A record is passed on once the next one parses (or the file ends cleanly):
            # in a plain WARC, a record whose Content-Length is too long swallows the start
            # of the next and is noticed only there.
            held: list[Entry | Problem | _Revisit | _Hints] = []
            held_at: int | None = None
            for offset, item in _scan_from(fh, name, start, payloads, stop):
                if offset != held_at:
                    yield from held
                    held, held_at = [], offset
                if item is not None:
                    held.append(item)
            read += stop.read
            if stop.at is None:
                yield from held
                return
            if read == 0 and stop.at == 0 and not gzipped:
                yield Problem(f"{name}#0", "not_warc", f"{name}: not a WARC file")
                return
            if held_at is not None and not gzipped:
                inside = _next_record(fh, held_at + 1, gzipped)
                if inside is not None and inside < stop.at:
                    held = []  # it ran over the record that starts inside it
                    stop.at, stop.detail = held_at, "this record's Content-Length is wrong"
            yield from held
            resume = _next_record(fh, stop.at + 1, gzipped)
            yield _damage(name, stop.at, stop.detail, resume, size)
            if resume is None:
                return
            start = resume


def _scan_from(
    fh: BinaryIO, name: str, start: int, payloads: _Payloads, stop: _Stop
) -> Iterator[tuple[int, Entry | Problem | _Revisit | _Hints | None]]:
    """(offset, what it holds) for each record from ``start`` on, until the end of the
    file or the first damage."""
    fh.seek(start)
    path = Path(name)
    records = ArchiveIterator(fh, arc2warc=False)
    try:
        while True:
            # warcio prints warnings of its own (with the bytes it could not read); ours
            # name file and offset. Only warcio's calls are silenced, never our caller's.
            with contextlib.redirect_stderr(io.StringIO()):
                record = next(records, None)
                if record is None:
                    return
                hints = _hints_of(record) if record.rec_type == "metadata" else None
                offset = records.get_record_offset()  # reads the record to its end
            if record.format != "warc":  # warcio also reads ARC, and takes text for it
                stop.at, stop.detail = offset, "no WARC record starts here"
                return
            if getattr(record.raw_stream, "limit", 0) > 0:
                stop.at, stop.detail = offset, "the file ends inside this record"
                return
            if records.err_count:
                stop.at, stop.detail = offset, "this record's Content-Length is wrong"
                return
            stop.read += 1
            yield offset, hints if hints is not None else _page(record, path, offset, payloads)
    except _DAMAGE as exc:
        stop.at, stop.detail = records.offset, _describe(exc)
    finally:
        records.close()


def _next_record(fh: BinaryIO, pos: int, gzipped: bool) -> int | None:
    """The offset of the first record that starts at or after ``pos``: a gzip member
    whose first bytes inflate to a WARC header, or a ``WARC/1.x`` line in a plain file."""
    marker = GZIP_MAGIC if gzipped else b"WARC/1."
    base = pos
    while True:
        fh.seek(base)
        block = fh.read(RESYNC_BLOCK)
        if len(block) < len(marker):
            return None
        i = block.find(marker)
        while i >= 0:
            if _record_starts_at(fh, base + i, gzipped):
                return base + i
            i = block.find(marker, i + 1)
        base += len(block) - len(marker) + 1


def _record_starts_at(fh: BinaryIO, pos: int, gzipped: bool) -> bool:
    if gzipped:
        fh.seek(pos)
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(4096), 16)
        except zlib.error:
            return False
        return head.startswith(b"WARC/")
    fh.seek(max(pos - 1, 0))
    line = fh.read(16 if pos else 15)
    if pos:
        if line[:1] != b"\n":
            return False
        line = line[1:]
    return line.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC/1.0\n", b"WARC/1.1\n"))


def _describe(exc: BaseException) -> str:
    """What went wrong, in words: warcio's own messages quote the bytes it could not read."""
    if isinstance(exc, _GZIP_ERRORS):
        return "corrupt gzip data"
    if isinstance(exc, EOFError):
        return "the file ends inside a record"
    if isinstance(exc, StatusAndHeadersParserException):
        return "unreadable record or HTTP headers"
    if isinstance(exc, ArchiveLoadFailed):
        return "no WARC record starts here"
    return f"unreadable record ({type(exc).__name__})"


def _damage(name: str, at: int, detail: str, resume: int | None, size: int) -> Problem:
    """One readable line per damaged stretch: where, what, how much was skipped."""
    where = f"{name}#{at}"
    if resume is None:
        then = f"{size - at} bytes skipped to the end of the file"
    else:
        then = f"{resume - at} bytes skipped, reading on at #{resume}"
    return Problem(where, "damaged_warc", f"{where}: damaged WARC: {detail}; {then}")


def _page(
    record: ArcWarcRecord, path: Path, offset: int, payloads: _Payloads
) -> Entry | Problem | _Revisit | None:
    """The page a record holds; None for records that are not responses (warcinfo, ...)."""
    if record.rec_type not in ("response", "revisit"):
        return None
    rec = record.rec_headers
    url = rec.get_header("WARC-Target-URI") or ""
    if not url.startswith(("http://", "https://")):
        return None  # dns:, whois:, a wget manifest...
    key = f"{path}#{offset}"
    date = rec.get_header("WARC-Date") or ""
    fetched_at = isoformat(parse_fetched_at(date)) if date else ""
    record_id = rec.get_header("WARC-Record-ID") or ""
    digest = rec.get_header("WARC-Payload-Digest")
    extra: dict[str, object] = {
        "warc_file": path.name,
        "warc_record_id": record_id,
        "warc_offset": offset,
    }
    http = record.http_headers
    status = _status(http.statusline) if http else None
    headers = tuple(http.headers) if http else ()
    if record.rec_type == "revisit" and status == 304:
        # A conditional request answered "not modified": no page of its own, as in the
        # crawl that made it; the capture it refers to is a record of its own.
        return Problem(
            key, "not_modified", f"{key}: {url} was not modified (304)", level=logging.INFO
        )
    if record.rec_type == "revisit":
        target_uri = rec.get_header("WARC-Refers-To-Target-URI")
        target_date = rec.get_header("WARC-Refers-To-Date")
        return _Revisit(
            key=key,
            url=url,
            fetched_at=fetched_at,
            status=status,  # None: no HTTP headers of its own; take the original's
            headers=headers,
            digest=digest,
            refers_to=rec.get_header("WARC-Refers-To"),
            refers_to_target=(target_uri, target_date) if target_uri and target_date else None,
            extra=extra,
        )
    if status is None:
        return Problem(key, "damaged_warc", f"{key}: response record without HTTP headers")
    payloads.add(Payload(str(path), offset, status, headers), digest, record_id, url, date)
    return _entry(key, url, fetched_at, status, headers, str(path), offset, extra)


def _status(statusline: str) -> int | None:
    try:
        return int(statusline.split(None, 1)[0])
    except (ValueError, IndexError):
        return None


def _revisit_entry(revisit: _Revisit, payload: Payload) -> Entry | Problem:
    status = revisit.status if revisit.status is not None else payload.status
    headers = revisit.headers or payload.headers
    return _entry(
        revisit.key,
        revisit.url,
        revisit.fetched_at,
        status,
        headers,
        payload.path,
        payload.offset,
        revisit.extra,
    )


def _entry(
    key: str,
    url: str,
    fetched_at: str,
    status: int,
    headers: tuple[tuple[str, str], ...],
    payload_path: str,
    payload_offset: int,
    extra: dict[str, object],
) -> Entry | Problem:
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return Problem(key, "not_html", f"{key}: {url} is {mime}, not HTML", level=logging.INFO)
    if 300 <= status < 400:
        # The page it points to is a record of its own; following it here would loop,
        # since the redirected request keeps this record's key.
        return Problem(key, "redirect", f"{key}: {url} is a {status} redirect", level=logging.INFO)
    merged: dict[str, str] = {}
    for name, value in headers:
        low = name.lower()
        if low in _TRANSFER_HEADERS or (
            low == "content-encoding" and value.strip().lower() in DECODERS
        ):
            continue
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return Entry(
        key=key,
        url=url,
        fetched_at=fetched_at,
        status=status,
        headers=merged,
        load_body=partial(read_payload, payload_path, payload_offset),
        extra=extra,
    )


def read_payload(path: str, offset: int, max_size: int = MAX_BODY) -> bytes:
    """The decoded body of the response record at ``offset``; TooLarge past ``max_size``.

    warcio undoes the chunked transfer; the content coding is undone here by Scrapy's own
    size-capped decoders (the ones its HttpCompressionMiddleware uses on a live crawl), so
    a gzip or brotli bomb stops at the cap. warcio's own decoders inflate each 16 KB
    block whole, which a brotli block can turn into gigabytes.
    """
    where = f"{path}#{offset}"
    with open(path, "rb") as fh:
        fh.seek(offset)
        records = ArchiveIterator(fh, arc2warc=False)
        try:
            return record_body(next(iter(records)), max_size, where)
        except StopIteration:
            raise ValueError(f"{where}: no record there") from None
        except TooLarge:
            raise
        except _DAMAGE as exc:
            raise ValueError(f"{where}: {_describe(exc)}") from exc
        finally:
            records.close()


def record_body(record: ArcWarcRecord, max_size: int, where: str) -> bytes:
    """A parsed response record's decoded body, read and decoded under ``max_size``."""
    http = record.http_headers
    stream = record.raw_stream
    if http and (http.get_header("Transfer-Encoding") or "").lower() == "chunked":
        stream = ChunkedDataReader(stream)
    body = _read_capped(stream, max_size, where)
    coding = (http.get_header("Content-Encoding") or "").strip().lower() if http else ""
    return _decode(body, coding, max_size, where)


def _read_capped(stream: BinaryIO, max_size: int, where: str) -> bytes:
    chunks, total = [], 0
    while chunk := stream.read(READ_CHUNK):
        total += len(chunk)
        if max_size and total > max_size:
            raise TooLarge(where, max_size)
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes, coding: str, max_size: int, where: str) -> bytes:
    decoder = DECODERS.get(coding)
    if decoder is None or not body:
        return body
    try:
        return decoder(body, max_size=max_size)
    except _DecompressionMaxSizeExceeded:
        raise TooLarge(where, max_size) from None
    except (OSError, EOFError, ValueError, zlib.error, struct.error):
        return body  # labelled but not encoded, as warcio takes it too
