"""The last pipeline: a bad optional field is given up and named; only a record without a
usable URL or text is dropped, as a skip with its reason."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from archiver.pipelines.validate import ValidateRecordPipeline
from archiver.schema import record_validator
from archiver.skips import PageSkipped, page_skipped
from tests.conftest import SEED
from tests.test_fixtures import record_of


@pytest.fixture
def pipeline() -> ValidateRecordPipeline:
    crawler = get_crawler()
    crawler.stats.open_spider()
    return ValidateRecordPipeline.from_crawler(crawler)


def stat(pipeline: ValidateRecordPipeline, key: str) -> object:
    return pipeline.crawler.stats.get_value(key)


def test_a_valid_record_goes_on_with_no_problems(pipeline: ValidateRecordPipeline) -> None:
    record = dict(record_of(SEED))
    assert pipeline.process_item(record) is record
    assert record["problems"] == []
    assert record["title"] == record_of(SEED)["title"]
    assert stat(pipeline, "archiver/repaired/records") is None


def test_bad_optional_fields_are_given_up_and_named(pipeline: ValidateRecordPipeline) -> None:
    record = {
        **record_of(SEED),
        "authors": "Jane Doe",
        "date_published": "yesterday",
        "image": 5,
        "language": "French",
    }
    kept = pipeline.process_item(record)
    assert (kept["authors"], kept["date_published"], kept["image"], kept["language"]) == (
        [],
        None,
        None,
        None,
    )
    assert kept["text"] == record_of(SEED)["text"]
    assert [p["field"] for p in kept["problems"]] == [
        "authors",
        "date_published",
        "image",
        "language",
    ]
    assert kept["problems"][0]["reason"] == '"Jane Doe" is not of type "array"'
    assert list(record_validator().iter_errors(kept)) == []
    assert stat(pipeline, "archiver/repaired/records") == 1
    assert stat(pipeline, "archiver/repaired/date_published") == 1


def test_a_missing_nullable_field_is_null_and_named(pipeline: ValidateRecordPipeline) -> None:
    record = {k: v for k, v in record_of(SEED).items() if k != "title"}
    kept = pipeline.process_item(record)
    assert kept["title"] is None
    assert kept["problems"] == [{"field": "title", "reason": "missing"}]


def test_a_canonical_on_another_host_is_kept_and_noted(pipeline: ValidateRecordPipeline) -> None:
    record = {**record_of(SEED), "canonical_url": "https://syndication.example/story-1"}
    kept = pipeline.process_item(record)
    assert kept["canonical_url"] == "https://syndication.example/story-1"
    assert kept["problems"] == [
        {"field": "canonical_url", "reason": "on another host; kept as given"}
    ]


def test_an_article_without_text_keeps_its_title_and_date(
    pipeline: ValidateRecordPipeline,
) -> None:
    # a page declaring an article whose text is drawn by script
    kept = pipeline.process_item({**record_of(SEED), "text": " \n"})
    assert kept["text"] == ""
    assert kept["title"] == record_of(SEED)["title"]
    assert kept["date_published"] == record_of(SEED)["date_published"]
    assert kept["problems"] == [
        {"field": "text", "reason": "no body text on the page (drawn by script?)"}
    ]
    assert stat(pipeline, "archiver/skipped/no_text") is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"url": "/relative/only"}, "no_url"),
        ({"url": None}, "no_url"),
        ({"text": "  \n ", "title": None, "date_published": None}, "no_text"),
        ({"text": None}, "no_text"),
        ({"page_type": "gallery"}, "invalid_record"),  # required, no null to fall back on
    ],
)
def test_a_record_without_url_or_text_is_a_skip(
    pipeline: ValidateRecordPipeline, change: dict[str, object], reason: str
) -> None:
    seen: list[dict[str, object]] = []

    def receive(**kw: object) -> None:
        seen.append(kw)

    pipeline.crawler.signals.connect(receive, signal=page_skipped)
    with pytest.raises(PageSkipped):
        pipeline.process_item({**record_of(SEED), **change})
    assert stat(pipeline, f"archiver/skipped/{reason}") == 1
    assert [(s["reason"], s["fetched_at"]) for s in seen] == [
        (reason, record_of(SEED)["fetched_at"])
    ]
