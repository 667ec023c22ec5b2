"""The function a pool worker runs: bytes and a few fields in, a plain record dict out.

Kept free of Scrapy so that workers import only the extraction core.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archiver.extract.core import extract_article
from archiver.extract.decode import charset_problem


def extract_record(
    body: bytes,
    url: str,
    fetched_at: str,
    content_type: str | None = None,
    hints: Mapping[str, str] | None = None,
    site_rules: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    article = extract_article(
        body, url, fetched_at, content_type=content_type, hints=hints, site_rules=site_rules
    )
    record = article.to_record()
    if note := charset_problem(body, content_type):
        # The text was read in the encoding that fits its bytes, not the declared one.
        record.setdefault("problems", []).append({"field": "text", "reason": note})
    return record


def warm_up() -> None:
    """Pool initializer: import and exercise the core once, not on the first real page."""
    extract_record(b"<html><body><p>warm up</p></body></html>", "http://localhost/", "2020-01-01")
