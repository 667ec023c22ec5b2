"""The last pipeline: a record that breaks the schema is dropped, counted and named."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from archiver.pipelines.validate import ValidateRecordPipeline
from tests.conftest import SEED
from tests.test_fixtures import record_of


@pytest.fixture
def pipeline() -> ValidateRecordPipeline:
    return ValidateRecordPipeline.from_crawler(get_crawler())


def test_a_valid_record_goes_on_unchanged(pipeline: ValidateRecordPipeline) -> None:
    record = record_of(SEED)
    assert pipeline.process_item(record) is record
    assert pipeline.stats.get_value("archiver/skipped/invalid_record") is None


def test_an_invalid_record_is_dropped_with_the_first_bad_field(
    pipeline: ValidateRecordPipeline,
) -> None:
    record = {**record_of(SEED), "authors": "Jane Doe", "date_published": "yesterday"}
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(record)
    assert str(dropped.value) == (
        f'invalid record for {record["url"]}: authors: "Jane Doe" is not of type "array"'
    )
    missing = {k: v for k, v in record_of(SEED).items() if k != "title"}
    with pytest.raises(DropItem, match=r": \(record\): \"title\" is a required property$"):
        pipeline.process_item(missing)
    assert pipeline.stats.get_value("archiver/skipped/invalid_record") == 2
