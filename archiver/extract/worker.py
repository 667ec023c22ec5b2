"""The function a pool worker runs: an ExtractionJob in, a plain record dict out.

Kept free of Scrapy so that workers import only the extraction core.
"""

from __future__ import annotations

from typing import Any

from archiver.extract.core import extract_article
from archiver.extract.decode import charset_problem
from archiver.extract.job import ExtractionJob


def extract_record(job: ExtractionJob) -> dict[str, Any]:
    article = extract_article(
        job.body,
        job.url,
        job.fetched_at,
        content_type=job.content_type,
        hints=job.hints,
        site_rules=job.site_rules,
    )
    record = article.to_record()
    if note := charset_problem(job.body, job.content_type):
        # The text was read in the encoding that fits its bytes, not the declared one.
        record.setdefault("problems", []).append({"field": "text", "reason": note})
    return record


def warm_up() -> None:
    """Pool initializer: import and exercise the core once, not on the first real page."""
    page = b"<html><body><p>warm up</p></body></html>"
    extract_record(ExtractionJob(page, "http://localhost/", "2020-01-01"))
