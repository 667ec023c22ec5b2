"""Extraction core: ``extract_article(html, url, fetched_at) -> Article``. No Scrapy here.

The names below load on first use (PEP 562): the Scrapy process imports small modules of
this package (``archiver.extract.fetched``, ``errors``) and would otherwise import
trafilatura, dateparser and the language model too, which only the extraction workers use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archiver.extract.article import Article, DateValue
    from archiver.extract.core import EXTRACTOR_VERSION, extract_article
    from archiver.extract.errors import ExtractionError

_HOMES = {
    "Article": "archiver.extract.article",
    "DateValue": "archiver.extract.article",
    "EXTRACTOR_VERSION": "archiver.extract.core",
    "extract_article": "archiver.extract.core",
    "ExtractionError": "archiver.extract.errors",
}

__all__ = ["Article", "DateValue", "EXTRACTOR_VERSION", "ExtractionError", "extract_article"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
