"""Every written line validates against the record schema; a bad record is logged, not written."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from archiver.schema import record_validator

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class ValidateRecordPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.validator = record_validator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidateRecordPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        errors = sorted(
            self.validator.iter_errors(item), key=lambda e: [str(p) for p in e.instance_path]
        )
        if errors:
            self.stats.inc_value("archiver/skipped/invalid_record")
            where = "/".join(str(p) for p in errors[0].instance_path) or "(record)"
            raise DropItem(f"invalid record for {item.get('url')}: {where}: {errors[0].message}")
        return item
