"""Site name, tags and image: the descriptive fields the page declares as it is.

Title, authors and language need judgement and live in their own modules (``title``,
``authors``, ``language``); these fields are read from structured data without it.
"""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

from archiver.extract.structured import StructuredData
from archiver.extract.title import repair


def canonical_url(data: StructuredData, url: str) -> str:
    """The page's declared canonical URL made absolute against the page URL, else the URL.

    Pages write it relative ("/news/a-story", "//host/a-story") or percent-encoded whole
    ("https%3A%2F%2Fhost%2F..."): a record must carry an absolute http(s) URL.
    """
    for value in (data.canonical, data.first_meta("og:url")):
        if not value or not value.strip():
            continue
        value = value.strip()
        if value.lower().startswith(("http%3a", "https%3a")):
            value = unquote(value)
        absolute = urljoin(url, value)
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc:
            return absolute
    return url


def site_name(data: StructuredData) -> str | None:
    publisher = data.publisher_name()
    if publisher:
        return repair(publisher)
    og = data.first_meta("og:site_name", "application-name")
    return repair(og) if og else None


def tags(data: StructuredData) -> list[str]:
    values: list[str] = list(data.meta.get("article:tag", []))
    keywords = data.jsonld_value("keywords") or data.first_meta("keywords", "news_keywords")
    if isinstance(keywords, str):
        values.extend(keywords.split(","))
    elif isinstance(keywords, list):
        values.extend(str(k) for k in keywords)
    cleaned = {v.strip().casefold(): v.strip() for v in values if v.strip()}
    return list(cleaned.values())


def image(data: StructuredData) -> str | None:
    value = data.jsonld_value("image")
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("url")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return data.first_meta("og:image", "twitter:image")
