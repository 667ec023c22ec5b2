"""date_published_utc / date_modified_utc: one instant type, null when the page gave none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.extract import extract_article
from archiver.extract.utc import utc_instant
from archiver.schema import record_validator
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("value", "instant"),
    [
        ("2019-11-18T20:58:46-08:00", "2019-11-19T04:58:46Z"),
        ("2018-10-03T19:41:33+04:00", "2018-10-03T15:41:33Z"),
        ("2019-11-14T17:41:38.984Z", "2019-11-14T17:41:38.984000Z"),
        ("2015-11-17T20:41+01:00", "2015-11-17T19:41:00Z"),
        ("2019-11-20T09:28:00+00:00", "2019-11-20T09:28:00Z"),
        ("2018-08-25T15:24:00", None),  # a wall clock with no zone: the instant is unknown
        ("2015-11-17", None),  # a day only
        ("2015-11", None),
        ("2015", None),
        (None, None),
    ],
)
def test_utc_instant(value: str | None, instant: str | None) -> None:
    assert utc_instant(value) == instant


def _record(folder: Path) -> dict[str, object]:
    info = json.loads((folder / "info.json").read_text("utf-8"))
    html = (folder / "body.html").read_bytes()
    return extract_article(html, info["url"], info["fetched_at"]).to_record()


@pytest.mark.parametrize(
    ("folder", "published_utc"),
    [
        ("techcrunch.com/1ace8c85aaee", "2019-11-19T04:58:46Z"),
        ("gto-normativy.ru/c4a3637c6696", "2018-10-03T15:41:33Z"),
        ("entermedia.co.kr/0ec95c7261d1", None),  # 2018-08-25T15:24:00, no zone on the page
        ("franceinfo/kerry-2015", None),  # a day
    ],
)
def test_records_carry_the_utc_instant(folder: str, published_utc: str | None) -> None:
    record = _record(FIXTURES / folder)
    assert record["date_published_utc"] == published_utc
    assert "date_modified_utc" in record
    assert list(record_validator().iter_errors(record)) == []
