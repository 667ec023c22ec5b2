"""WARC files as a replay source: every HTML response (or revisit) record becomes an Entry.

Any WARC will do, not only archiver's own: wget's, warcio's ``capture_http``, Heritrix's.
Parsing is warcio's (``ArchiveIterator``; ``content_stream`` undoes chunked transfer and
gzip/deflate/brotli content encoding). What is ours: the checks that a record is whole,
revisit resolution across files, and the choice of which records are pages.

A scan reads each file once from start to end (decompressing every gzip member, which is
how a record cut short is noticed); bodies are read again on demand by seeking to their
record's offset, so a multi-gigabyte WARC never sits in memory.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import cast

from isal import isal_zlib
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from archiver.extract.fetched import isoformat, parse_fetched_at
from archiver.transport.entry import Entry, Problem
from archiver.warc.files import HINTS_CONTENT_TYPE, HINTS_KEY

SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
HINTS_MAX_BYTES = 65536
# Described by the record, undone by content_stream(): they no longer apply to the body.
_TRANSFER_HEADERS = {"transfer-encoding", "content-length"}
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


def scan(paths: Iterable[Path]) -> Iterator[Entry | Problem]:
    """Entries of every page record in ``paths``; a revisit may refer to any of the files,
    and a hints record to a response anywhere before it, so resolution waits for the end."""
    payloads = _Payloads()
    items: list[Entry | Problem | _Revisit] = []
    hints: dict[str, dict[str, str]] = {}
    for path in paths:
        for item in _scan_file(path, payloads):
            if isinstance(item, _Hints):
                hints[item.concurrent_to] = item.hints
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
        if isinstance(item, Entry):
            item.hints = hints.get(str(item.extra.get("warc_record_id")), {})
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
    hints = data.get(HINTS_KEY) if isinstance(data, dict) else None
    if not isinstance(hints, dict):
        return None
    return _Hints(concurrent_to, {str(k): str(v) for k, v in hints.items()})


def _scan_file(path: Path, payloads: _Payloads) -> Iterator[Entry | Problem | _Revisit | _Hints]:
    name = str(path)
    read = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh, arc2warc=False)
        try:
            while True:
                # warcio prints a warning of its own about a bad Content-Length; ours names
                # file and offset. Only warcio's calls are silenced, never our caller's.
                with contextlib.redirect_stderr(io.StringIO()):
                    record = next(records, None)
                    if record is None:
                        break
                    hints = _hints_of(record) if record.rec_type == "metadata" else None
                    offset = records.get_record_offset()  # reads the record to its end
                where = f"{name}#{offset}"
                if record.format != "warc":  # warcio also reads ARC, and takes text for it
                    if read == 0:
                        yield Problem(f"{name}#0", "not_warc", f"{name}: not a WARC file")
                    else:
                        yield _damage(where, "no WARC record starts here")
                    return
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield _damage(where, "the file ends inside this record")
                    return
                if records.err_count:
                    yield _damage(where, "this record's Content-Length is wrong")
                    return
                read += 1
                if hints is not None:
                    yield hints
                    continue
                item = _page(record, path, offset, payloads)
                if item is not None:
                    yield item
        except _DAMAGE as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            if read == 0 and isinstance(exc, ArchiveLoadFailed):
                yield Problem(f"{name}#0", "not_warc", f"{name}: not a WARC file ({detail[:80]})")
                return
            yield _damage(f"{name}#{records.offset}", detail)
        finally:
            records.close()


def _damage(where: str, detail: str) -> Problem:
    return Problem(
        where, "damaged_warc", f"{where}: damaged WARC: {detail}; later records not read"
    )


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
    decoded = BufferedReader.get_supported_decompressors()
    merged: dict[str, str] = {}
    for name, value in headers:
        low = name.lower()
        if low in _TRANSFER_HEADERS or (low == "content-encoding" and value.lower() in decoded):
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


def read_payload(path: str, offset: int) -> bytes:
    """The decoded body of the response record at ``offset`` (transfer and content coding
    undone by warcio)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        records = ArchiveIterator(fh, arc2warc=False)
        try:
            record = next(iter(records))
            return bytes(record.content_stream().read())
        except StopIteration:
            raise ValueError(f"{path}#{offset}: no record there") from None
        except _DAMAGE as exc:
            raise ValueError(f"{path}#{offset}: {exc}") from exc
        finally:
            records.close()
