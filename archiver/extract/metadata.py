"""Title, authors, language, site name and the other descriptive fields of a record."""

from __future__ import annotations

import re
from typing import Any

from trafilatura.settings import Document

from archiver.extract.structured import StructuredData


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value: string, Person, list of either."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if name else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


_PREFIX = re.compile(r"^\s*(by|par|von|por|di|door|av|af)\s+", re.I)


def clean_authors(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = _PREFIX.sub("", " ".join(name.split())).strip(" ,;")
        if not name or name.startswith(("http://", "https://")):
            continue
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def title(data: StructuredData, doc: Document | None) -> str | None:
    headline = data.jsonld_value("headline")
    if isinstance(headline, str) and headline.strip():
        return " ".join(headline.split())
    og = data.first_meta("og:title", "twitter:title")
    if og:
        return og
    return doc.title if doc is not None and doc.title else None


def authors(data: StructuredData, doc: Document | None) -> list[str]:
    names = _names(data.jsonld_value("author"))
    if not names:
        meta = data.first_meta("author", "article:author", "dc.creator")
        if meta:
            names = [meta]
    if not names and doc is not None and doc.author:
        names = [a for a in doc.author.split(";")]
    return clean_authors(names)


def language(data: StructuredData, doc: Document | None) -> str | None:
    declared = data.jsonld_value("inLanguage") or data.first_meta("og:locale") or data.html_lang
    if isinstance(declared, str) and declared.strip():
        return re.split(r"[-_]", declared.strip())[0].lower()
    return doc.language if doc is not None else None


def site_name(data: StructuredData, doc: Document | None) -> str | None:
    publisher = data.jsonld_value("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        return publisher["name"].strip()
    og = data.first_meta("og:site_name", "application-name")
    if og:
        return og
    return doc.sitename if doc is not None and doc.sitename else None


def tags(data: StructuredData, doc: Document | None) -> list[str]:
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
