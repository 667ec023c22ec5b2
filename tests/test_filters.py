"""The record filters every source shares: hosts, publication period, languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from archiver.pipelines.filters import (
    FilterPipeline,
    Filters,
    host_matches,
    normalize_host,
    published_span,
)
from archiver.skips import page_skipped
from tests.conftest import read_jsonl, run_cli


def record(url: str = "https://www.lemonde.fr/a", **fields: Any) -> dict[str, Any]:
    return {"url": url, "language": "fr", "date_published": "2024-05-03", **fields}


def test_a_site_matches_its_host_and_subdomains_on_any_port() -> None:
    sites = frozenset({"lemonde.fr"})
    assert host_matches("https://lemonde.fr/x", sites)
    assert host_matches("http://www.lemonde.fr:8080/x", sites)
    assert host_matches("https://a.b.lemonde.fr/x", sites)
    assert not host_matches("https://notlemonde.fr/x", sites)
    assert not host_matches("https://lemonde.fr.evil.example/x", sites)
    assert not host_matches("not a url", sites)


def test_site_options_are_reduced_to_host_names() -> None:
    assert normalize_host("https://WWW.Example.com:8443/news") == "www.example.com"
    assert normalize_host("example.com.") == "example.com"


def test_a_partial_date_spans_its_whole_period() -> None:
    assert published_span({"date_published": "2024"}) == (date(2024, 1, 1), date(2024, 12, 31))
    assert published_span({"date_published": "2024-02"}) == (date(2024, 2, 1), date(2024, 2, 29))
    assert published_span({"date_published": "2024-05-03T23:30:00-04:00"}) == (
        date(2024, 5, 3),
        date(2024, 5, 3),
    )
    assert published_span({"date_published_latest": "2015-11"}) == (None, date(2015, 11, 30))
    assert published_span({"date_published": None}) is None


MAY = Filters(since=date(2024, 5, 1), until=date(2024, 5, 31))


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        ({"date_published": "2024-05-31T23:59:00+02:00"}, None),
        ({"date_published": "2024-06-01"}, "date_out_of_range"),
        ({"date_published": "2024-04-30"}, "date_out_of_range"),
        ({"date_published": "2024"}, None),  # the year overlaps May
        ({"date_published": None, "date_published_earliest": "2024-04-20"}, None),
        ({"date_published": None, "date_published_latest": "2024-04-20"}, "date_out_of_range"),
        ({"date_published": None, "date_published_earliest": "2024-06-02"}, "date_out_of_range"),
        ({"date_published": None}, "no_date"),
    ],
)
def test_period(fields: dict[str, Any], verdict: str | None) -> None:
    result = MAY.verdict(record(**fields))
    assert (result[0] if result else None) == verdict


def test_undated_records_are_kept_on_request() -> None:
    keep = Filters(since=date(2024, 5, 1), keep_undated=True)
    assert keep.verdict(record(date_published=None)) is None


def test_site_then_language() -> None:
    filters = Filters(sites=frozenset({"lemonde.fr"}), languages=frozenset({"en"}))
    assert filters.verdict(record("https://example.com/")) is not None
    assert filters.verdict(record("https://example.com/"))[0] == "site"  # type: ignore[index]
    assert filters.verdict(record())[0] == "language"  # type: ignore[index]
    assert filters.verdict(record(language="en")) is None


def test_pipeline_skips_with_the_reason_and_counts_it() -> None:
    crawler = get_crawler(
        settings_dict={"ARCHIVER_FILTER_SITES": ["lemonde.fr"], "ARCHIVER_FILTER_SINCE": "2024-05"}
    )
    assert crawler.stats is not None
    crawler.stats.open_spider()
    seen: list[dict[str, Any]] = []
    crawler.signals.connect(lambda **kw: seen.append(kw), signal=page_skipped, weak=False)
    pipeline = FilterPipeline.from_crawler(crawler)
    kept = record(warc_file="x.warc.gz", warc_offset=10)
    assert pipeline.process_item(kept) is kept
    with pytest.raises(DropItem):
        pipeline.process_item(record("https://example.org/a", warc_file="x.warc.gz", warc_offset=7))
    with pytest.raises(DropItem):
        pipeline.process_item(record(date_published="2023-12-31"))
    assert [(s["reason"], s["url"], s.get("warc_offset")) for s in seen] == [
        ("site", "https://example.org/a", 7),
        ("date_out_of_range", "https://www.lemonde.fr/a", None),
    ]
    assert crawler.stats.get_value("archiver/skipped/site") == 1
    assert crawler.stats.get_value("archiver/skipped/date_out_of_range") == 1


def test_pipeline_is_off_without_a_filter() -> None:
    with pytest.raises(NotConfigured):
        FilterPipeline.from_crawler(get_crawler())


def test_replay_takes_the_filters_as_settings(tmp_path: Path) -> None:
    """The same filters serve a replay: English and French pages of 18-19 November 2019."""
    out = tmp_path / "filtered.jsonl"
    proc = run_cli(
        "replay", "fixtures/", "-o", str(out),
        "-s", "ARCHIVER_FILTER_LANGUAGES=en,fr",
        "-s", "ARCHIVER_FILTER_SINCE=2019-11-18", "-s", "ARCHIVER_FILTER_UNTIL=2019-11-19",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    hosts = sorted(urlsplit(str(r["url"])).hostname or "" for r in read_jsonl(out))
    # techcrunch's 2019-11-18T20:58:46-08:00 is the 18th where it was written.
    assert hosts == [
        "techcrunch.com",
        "www.reuters.com",
        "www.sciencealert.com",
        "www.theguardian.com",
    ]
    # de, pt, ko, ru, ja, it; then nbcnews (20th), wired (14th) and franceinfo (2015).
    assert "(date_out_of_range=3, language=6)" in proc.stderr


def test_replay_and_crawl_take_the_filter_options(tmp_path: Path) -> None:
    """``--site`` and ``--since`` on replay are the same settings; the ledger names each skip."""
    out = tmp_path / "site.jsonl"
    proc = run_cli(
        "replay", "fixtures/", "-o", str(out),
        "--site", "reuters.com", "--site", "https://www.theguardian.com/", "--since", "2019",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    hosts = sorted(urlsplit(str(r["url"])).hostname or "" for r in read_jsonl(out))
    assert hosts == ["www.reuters.com", "www.theguardian.com"]
    ledger = read_jsonl(tmp_path / "site.skipped.jsonl")
    assert sorted(str(line["reason"]) for line in ledger) == ["site"] * 11
    crawl_help = run_cli("crawl", "--help")
    assert "--site HOST" in crawl_help.stdout and "--keep-undated" in crawl_help.stdout
