"""``extract_article``: one page to one Article. Pure: no Scrapy, no clock, no network."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from archiver import __version__
from archiver.extract import authors, language, metadata, page_type, structured, title
from archiver.extract.article import Article
from archiver.extract.body import extract_body
from archiver.extract.dates import resolve_dates
from archiver.extract.fetched import isoformat, parse_fetched_at
from archiver.extract.parse import parse_page
from archiver.extract.siterules import SiteRules, select_text

EXTRACTOR_VERSION = f"archiver/{__version__}"


def content_sha256(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _rules(site_rules: SiteRules | Mapping[str, Any] | None) -> SiteRules | None:
    if site_rules is None or isinstance(site_rules, SiteRules):
        return site_rules
    return SiteRules.from_mapping(site_rules)


def extract_article(
    html: bytes | str,
    url: str,
    fetched_at: datetime | str,
    *,
    content_type: str | None = None,
    site_rules: SiteRules | Mapping[str, Any] | None = None,
    hints: Mapping[str, str] | None = None,
) -> Article:
    """Turn a page into an Article; raises ExtractionError for pages that are not HTML.

    ``site_rules`` are a site profile's selectors (a ``SiteRules`` or the plain mapping from
    its ``[extract]`` table); where one matches it replaces the generic extractor.
    ``hints`` are what the crawl learnt before the page: sitemap and feed dates
    (``news_publication_date``, ``feed_published``, ``sitemap_lastmod``) and the site
    profile's language (``site_language``).
    """
    hints = hints or {}
    moment = parse_fetched_at(fetched_at)
    tree = parse_page(html, content_type)  # unpruned: the date resolver reads it after us
    data = structured.collect(tree)
    rules = _rules(site_rules)
    sites = title.site_names(data, url)

    ruled_title = select_text(tree, rules.title) if rules and rules.title else []
    headline = ruled_title[0] if ruled_title else title.title(data, tree, url, sites)
    body = extract_body(tree, headline, data, rules)
    lang = language.language(data, headline, body.text, hints.get("site_language"))
    published, modified = resolve_dates(tree, url, moment, lang, data, hints)

    ruled_authors = select_text(tree, rules.authors) if rules and rules.authors else []
    names = [n for raw in ruled_authors for n in authors.split_names(raw)]
    return Article(
        url=url,
        fetched_at=isoformat(moment),
        canonical_url=metadata.canonical_url(data, url),
        title=headline,
        text=body.text,
        authors=names or authors.authors(data, tree, sites),
        language=lang,
        site_name=metadata.site_name(data),
        description=data.first_meta("description", "og:description"),
        image=metadata.image(data),
        tags=metadata.tags(data),
        page_type=page_type.classify(tree, data, url, headline, body.text),
        published=published,
        modified=modified,
        content_sha256=content_sha256(body.text),
        extractor_version=EXTRACTOR_VERSION,
    )
