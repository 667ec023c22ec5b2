"""The WARC file writer: one plain gzip member per record, at a level ISA-L accepts."""

from __future__ import annotations

import gzip
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from archiver import settings as project_settings
from archiver.warc.files import RotatingWarcFiles
from archiver.warc.middleware import WarcCaptureMiddleware
from tests.warc_tools import records


def _members(data: bytes) -> list[bytes]:
    """Each gzip member decompressed on its own, as a reader seeking to an offset does."""
    out = []
    while data:
        member = zlib.decompressobj(zlib.MAX_WBITS + 16)
        out.append(member.decompress(data))
        data = member.unused_data
    return out


def test_each_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    files = RotatingWarcFiles(tmp_path / "run", 10**9, 2, {"software": "archiver"})
    builder = files.writer
    body = b"<html><body>" + b"<p>Troupes au sol et en mer.</p>" * 2000 + b"</body></html>"
    record = builder.create_warc_record(
        "http://example.com/a",
        "resource",
        payload=BytesIO(body),
        length=len(body),
        warc_content_type="text/html",
    )
    name, offset = files.write(record)
    files.close()
    data = (tmp_path / name).read_bytes()
    members = _members(data)
    assert len(members) == 2  # warcinfo, then the resource
    assert members[1].startswith(b"WARC/1.0\r\n")
    assert members[1].endswith(body + b"\r\n\r\n")
    assert gzip.decompress(data[offset:]).endswith(body + b"\r\n\r\n")
    assert len(data) < len(body) / 10  # compressed, not stored
    [(_, resource, payload)] = [r for r in records(tmp_path / name) if r[1].rec_type == "resource"]
    assert payload == body


def test_a_level_isal_cannot_use_is_refused_up_front() -> None:
    base = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    crawler = get_crawler(settings_dict={**base, "ARCHIVER_WARC_GZIP_LEVEL": 6})
    with pytest.raises(
        ValueError, match="ARCHIVER_WARC_GZIP_LEVEL is 6: ISA-L's levels run 0 to 3"
    ):
        WarcCaptureMiddleware.from_crawler(crawler)
