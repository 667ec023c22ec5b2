"""Absurd or broken dates never crash a page: each is kept as a rejected signal with its
reason, and resolution goes on with the rest."""

from __future__ import annotations

from datetime import datetime

from archiver.extract import structured
from archiver.extract.dates import Resolution, analyse
from archiver.extract.dates.normalize import parse_machine
from archiver.extract.parse import parse_page

PAGE = """<html><head>
<meta property="article:published_time" content="0000-00-00T00:00:00Z">
<meta property="article:modified_time" content="2999-01-01T00:00:00Z">
<meta name="dc.date.issued" content="99447792860000">
<meta name="pubdate" content="2015-02-31">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2015-11-17",
 "dateModified": ""}</script>
</head><body><time datetime="">hier</time><time datetime="2015-13-45">x</time>
<p>Text.</p></body></html>"""


def _result() -> Resolution:
    tree = parse_page(PAGE)
    moment = datetime.fromisoformat("2025-06-01T09:30:00+02:00")
    return analyse(tree, "https://example.com/a", moment, "en", structured.collect(tree))


def _reason(source: str, raw: str) -> str | None:
    for s in _result().signals:
        if s.source == source and s.raw == raw:
            return s.rejected
    raise AssertionError(f"no signal {source} {raw!r}")


def test_resolution_goes_on_with_the_good_signal() -> None:
    result = _result()
    assert result.published.value == "2015-11-17"
    assert result.published.source == "json-ld:datePublished"
    assert result.modified.value is None


def test_year_zero() -> None:
    assert _reason("meta:article:published_time", "0000-00-00T00:00:00Z") == (
        "year 0 is before 1990"
    )


def test_far_future() -> None:
    assert _reason("meta:article:modified_time", "2999-01-01T00:00:00Z") == ("year 2999 is absurd")


def test_after_fetched_at() -> None:
    html = '<html><head><meta property="article:published_time" content="2026-01-01"></head></html>'
    tree = parse_page(html)
    moment = datetime.fromisoformat("2025-06-01T09:30:00+02:00")
    result = analyse(tree, "https://example.com/a", moment, "en", structured.collect(tree))
    assert result.published.value is None
    (signal,) = result.signals
    assert signal.rejected == "after fetched_at (2025-06-01T09:30:00+02:00)"


def test_millisecond_timestamp_is_an_instant() -> None:
    assert parse_machine("1447792860000").value.isoformat() == "2015-11-17T20:41:00+00:00"
    assert parse_machine("1447792860123").precision == "second"


def test_long_number_that_is_no_epoch() -> None:
    assert _reason("meta:dc.date.issued", "99447792860000") == (
        "a 12- to 14-digit number that is no epoch and no date"
    )


def test_february_31() -> None:
    assert _reason("meta:pubdate", "2015-02-31") == "31/02/2015 does not exist"


def test_empty_values() -> None:
    assert _reason("time[datetime]", "") == "empty value"
    assert _reason("json-ld:dateModified", "") == "empty value"


def test_month_13() -> None:
    assert _reason("time[datetime]", "2015-13-45") == "month 13 does not exist"
