"""archiver: an article-archiving scraper pipeline."""

__version__ = "0.1.0"
