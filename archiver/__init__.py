"""archiver: an article-archiving scraper pipeline."""

# The one place the version is written: pyproject.toml reads it (setuptools' dynamic
# version), and the User-Agent, WARC warcinfo records and extractor_version use it.
__version__ = "0.1.0"
