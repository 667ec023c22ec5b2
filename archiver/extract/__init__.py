"""Extraction core: ``extract_article(html, url, fetched_at) -> Article``. No Scrapy here."""

from archiver.extract.article import Article, DateValue
from archiver.extract.core import EXTRACTOR_VERSION, extract_article
from archiver.extract.errors import ExtractionError

__all__ = ["Article", "DateValue", "EXTRACTOR_VERSION", "ExtractionError", "extract_article"]
