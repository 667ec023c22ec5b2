"""Site name, tags and image: the descriptive fields the page declares as it is.

Title, authors and language need judgement and live in their own modules (``title``,
``authors``, ``language``); these fields are read from structured data without it.
"""

from __future__ import annotations

from archiver.extract.structured import StructuredData
from archiver.extract.title import repair


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
