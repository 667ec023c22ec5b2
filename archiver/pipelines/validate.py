"""Every written line validates against the record schema: repair a record, never drop it
for a field that can be given up.

An optional field that breaks the schema (a date that is not ISO 8601, an image that is
not a string) is set to null (an empty list for a list) and named, with the reason, in the
record's ``problems``. A record whose page declared an article but gave no body text (text
drawn by script) keeps its title and dates with an empty text, named in ``problems``. Only a
record without a usable URL, or with neither text nor a title or date, is dropped, as a skip
with its reason, so it lands in the ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archiver.incremental.feedstorage import output_failed
from archiver.schema import record_schema, record_validator
from archiver.skips import PageSkipped, drop_record

if TYPE_CHECKING:
    from jsonschema_rs import Draft202012Validator
    from scrapy.crawler import Crawler

PROBLEMS = "problems"
MESSAGE_LIMIT = 200  # a schema message quotes the bad value, which may be a whole paragraph


class Unrepairable(ValueError):
    """The record cannot be written: ``reason`` becomes the skip's reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(reason, message)
        self.reason = reason
        self.message = message


def _given_up(name: str) -> Any:
    """What a bad field becomes: null where the schema allows it, else an empty list;
    ``...`` when neither (the field is removed if optional, else the record is lost)."""
    spec = record_schema()["properties"].get(name, {})
    kinds = spec.get("type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "null" in kinds:
        return None
    if "array" in kinds:
        return []
    return ...


def _bare_host(url: Any) -> str:
    try:
        return (urlsplit(str(url)).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def repair(record: dict[str, Any], validator: Draft202012Validator) -> list[dict[str, str]]:
    """Make ``record`` valid in place; the problems found. Raises Unrepairable."""
    url = record.get("url")
    if not isinstance(url, str) or not _bare_host(url) or not url.startswith(("http:", "https:")):
        raise Unrepairable("no_url", f"no usable URL ({str(url)[:80]!r})")
    text = record.get("text")
    if not isinstance(text, str):
        raise Unrepairable("no_text", "no text")
    required = record_schema()["required"]
    problems: list[dict[str, str]] = []
    if not text.strip():
        # Only a page declaring an article is typed one without text (page_type.classify):
        # what it says of itself (title, dates, authors) is still the archive's to keep.
        if not (record.get("title") or record.get("date_published")):
            raise Unrepairable("no_text", "no text, no title and no date")
        record["text"] = ""
        problems.append({"field": "text", "reason": "no body text on the page (drawn by script?)"})
    for name in required:
        if name not in record and _given_up(name) is not ...:
            record[name] = _given_up(name)
            problems.append({"field": name, "reason": "missing"})
    for _ in range(len(record)):  # each pass gives up at least one field
        errors = sorted(validator.iter_errors(record), key=lambda e: str(e.instance_path))
        if not errors:
            break
        for error in errors:
            if not error.instance_path:
                raise Unrepairable("invalid_record", error.message[:MESSAGE_LIMIT])
            name = str(error.instance_path[0])
            if name not in record or any(p["field"] == name for p in problems):
                continue  # given up already in this pass
            fallback = _given_up(name)
            if fallback is ... and name in required:
                raise Unrepairable("invalid_record", f"{name}: {error.message[:MESSAGE_LIMIT]}")
            if fallback is ...:
                del record[name]
            else:
                record[name] = fallback
            problems.append({"field": name, "reason": error.message[:MESSAGE_LIMIT]})
    canonical = record.get("canonical_url")
    if canonical and _bare_host(canonical) != _bare_host(url):
        problems.append({"field": "canonical_url", "reason": "on another host; kept as given"})
    return problems


class ValidateRecordPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.validator = record_validator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidateRecordPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        if failed := output_failed(self.crawler):
            # The dataset cannot take it: in the ledger, and a resumed run fetches it again.
            raise self._skip(item, "write_failed", failed)
        try:
            problems = repair(item, self.validator)
        except Unrepairable as exc:
            raise self._skip(item, exc.reason, exc.message) from exc
        item[PROBLEMS] = item.get(PROBLEMS, []) + problems
        if problems and self.crawler.stats is not None:
            self.crawler.stats.inc_value("archiver/repaired/records")
            for problem in problems:
                self.crawler.stats.inc_value(f"archiver/repaired/{problem['field']}")
        return item

    def _skip(self, item: dict[str, Any], reason: str, message: str) -> PageSkipped:
        return drop_record(self.crawler, item, reason, message)
