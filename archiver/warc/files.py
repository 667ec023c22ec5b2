"""Gzipped WARC files written one record at a time and rotated at a size.

Files are ``<prefix>-00000.warc.gz``, ``<prefix>-00001.warc.gz``, ...; numbering starts at
the first free number, so a resumed run never overwrites what it wrote before. Each file
opens with a ``warcinfo`` record naming the software and settings, so it can be understood
on its own, years later, by any WARC tool.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from isal import isal_zlib
from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import WARCWriter

WARC_VERSION = "WARC/1.0"  # what wget, Heritrix and most readers speak


# The metadata record archiver writes beside a response: what the crawl knew of the page
# and how it meant to extract it, as one JSON object with either key or both.
HINTS_CONTENT_TYPE = "application/json"
HINTS_KEY = "archiver_hints"  # sitemap and feed dates, the profile's language
SITE_RULES_KEY = "archiver_site_rules"  # {"profile", "version", "extract"}


class GzipMembers:
    """The file object warcio writes to: each record becomes its own gzip member, as the
    WARC standard's annex and every reader's seek-by-offset expect.

    warcio's own ``GzippingWrapper`` does the same with zlib at level 9. Here the deflate is
    ISA-L's (python-isal), whose levels run 0 to 3: on news HTML its level 2 takes a fifth of
    the CPU of zlib's level 3 for a file 3% larger, and the capture competes with extraction
    for the cores. The output is plain gzip, read by zlib and every WARC tool.
    """

    def __init__(self, fh: BinaryIO, level: int) -> None:
        self.fh = fh
        self.level = level
        self.compressor: isal_zlib.Compress | None = None

    def write(self, data: bytes) -> None:
        if self.compressor is None:
            self.compressor = isal_zlib.compressobj(
                self.level, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS + 16
            )
        self.fh.write(self.compressor.compress(data))

    def flush(self) -> None:
        """warcio calls this once at the end of each record: close the member there."""
        if self.compressor is not None:
            self.fh.write(self.compressor.flush())
            self.compressor = None
        self.fh.flush()

    def tell(self) -> int:
        return self.fh.tell()


class RotatingWarcFiles:
    def __init__(self, prefix: Path, max_size: int, gzip_level: int, info: dict[str, str]) -> None:
        self.prefix = prefix
        self.max_size = max_size
        self.gzip_level = gzip_level
        self.info = info
        self.writer = WARCWriter(None, gzip=False, warc_version=WARC_VERSION)
        self.fh: BinaryIO | None = None
        self.path: Path | None = None
        self.number = 0
        self.written: list[Path] = []

    def _open(self) -> None:
        while True:
            path = self.prefix.with_name(f"{self.prefix.name}-{self.number:05d}.warc.gz")
            self.number += 1
            if not path.exists():
                break
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = path.open("xb")
        self.path = path
        self.written.append(path)
        self.writer.out = GzipMembers(self.fh, self.gzip_level)
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, self.info))

    def write(self, *records: ArcWarcRecord) -> tuple[str, int]:
        """Write records together in the current file; the name of that file and the
        offset of the first of them. Rotation happens after, never between them."""
        if self.fh is None:
            self._open()
        assert self.fh is not None and self.path is not None
        name, offset = self.path.name, self.fh.tell()
        for record in records:
            self.writer.write_record(record)
        if self.fh.tell() >= self.max_size:
            self.close()
        return name, offset

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
