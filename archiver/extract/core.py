"""``extract_article``: one page to one Article. Pure: no Scrapy, no clock, no network."""

from __future__ import annotations

import hashlib
from datetime import datetime

from archiver import __version__
from archiver.extract import authors, language, metadata, page_type, structured, title
from archiver.extract.article import Article
from archiver.extract.body import extract_body
from archiver.extract.dates import resolve_dates
from archiver.extract.fetched import isoformat, parse_fetched_at
from archiver.extract.parse import parse_page

EXTRACTOR_VERSION = f"archiver/{__version__}"


def content_sha256(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def extract_article(
    html: bytes | str,
    url: str,
    fetched_at: datetime | str,
    *,
    content_type: str | None = None,
) -> Article:
    """Turn a page into an Article; raises ExtractionError for pages that are not HTML."""
    moment = parse_fetched_at(fetched_at)
    tree = parse_page(html, content_type)
    data = structured.collect(tree)
    doc = None
    sites = title.site_names(data, url)
    headline = title.title(data, tree, url, sites)
    body = extract_body(tree, url, headline, data)
    lang = language.language(data, headline, body.text)
    published, modified = resolve_dates(tree, url, moment, lang, data)
    return Article(
        url=url,
        fetched_at=isoformat(moment),
        canonical_url=data.canonical or data.first_meta("og:url") or (doc.url if doc else None),
        title=headline,
        text=body.text,
        authors=authors.authors(data, tree, sites),
        language=lang,
        site_name=metadata.site_name(data, doc),
        description=data.first_meta("description", "og:description")
        or (doc.description if doc else None),
        image=metadata.image(data),
        tags=metadata.tags(data, doc),
        page_type=page_type.classify(tree, data, url, headline, body.text),
        published=published,
        modified=modified,
        content_sha256=content_sha256(body.text),
        extractor_version=EXTRACTOR_VERSION,
    )
