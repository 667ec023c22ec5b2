"""WARCs made by real tools (Debian's wget, warcio's capture_http), and reading them back."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.capture_http import capture_http
from warcio.recordloader import ArcWarcRecord


def wget(prefix: Path, urls: list[str], *options: str) -> Path:
    """``wget --warc-file``; returns the WARC's path (``.warc.gz`` unless uncompressed)."""
    if shutil.which("wget") is None:
        raise RuntimeError("these tests need GNU wget: apt-get install -y wget")
    subprocess.run(
        ["wget", "-q", f"--warc-file={prefix}", "-O", "/dev/null", *options, *urls],
        check=True,
        cwd=prefix.parent,
        timeout=60,
    )
    plain = prefix.with_name(prefix.name + ".warc")
    return plain if "--no-warc-compression" in options else plain.with_suffix(".warc.gz")


def capture(path: Path, urls: list[str]) -> Path:
    """warcio's ``capture_http`` around the standard library's HTTP client."""
    with capture_http(str(path)):
        for url in urls:
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
    return path


def records(path: Path) -> list[tuple[int, ArcWarcRecord, bytes]]:
    """(offset, record, raw payload) of every record in a WARC."""
    found = []
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            payload = record.raw_stream.read()
            found.append((iterator.get_record_offset(), record, payload))
    return found


def record_at(path: Path, offset: int) -> ArcWarcRecord:
    with path.open("rb") as fh:
        fh.seek(offset)
        return next(iter(ArchiveIterator(fh)))


def offsets(path: Path, rec_type: str, url: str) -> list[int]:
    return [
        offset
        for offset, record, _ in records(path)
        if record.rec_type == rec_type and record.rec_headers.get_header("WARC-Target-URI") == url
    ]
