"""Machine-readable date signals: JSON-LD, meta tags, and the dates a sitemap or feed gave
for the page before it was fetched."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lxml import html as lxml_html

from archiver.extract.dates.evidence import (
    META_WEAK,
    MODIFIED,
    PUBLISHED,
    UNKNOWN,
    Signal,
    Tier,
)
from archiver.extract.dates.normalize import Rejected, parse_machine
from archiver.extract.structured import StructuredData

_JSONLD = {"datePublished": PUBLISHED, "dateCreated": PUBLISHED, "uploadDate": PUBLISHED}
_WEAKER_KEYS = {"dateCreated"}  # a draft's creation can precede publication by days
_JSONLD_MODIFIED = {"dateModified": MODIFIED}
_META_PUBLISHED = [
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "og:article:published_time",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "article_date_original",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "date.available",
    "datecreated",
    "release_date",
]
_META_MODIFIED = [
    "article:modified_time",
    "og:updated_time",
    "article:updated_time",
    "datemodified",
    "og:article:modified_time",
    "modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revision_date",
    "updated_time",
]

RAW_LIMIT = 200  # a meta tag can hold anything; the record keeps a readable excerpt


def machine_signal(source: str, role: str, raw: Any, tier: Tier) -> Signal:
    if isinstance(raw, dict) and isinstance(raw.get("@value"), str):
        raw = raw["@value"]  # JSON-LD value object
    text = raw if isinstance(raw, str) else str(raw)
    signal = Signal(source, role, text.strip()[:RAW_LIMIT], tier)
    if not isinstance(raw, (str, int)):
        signal.rejected = "not a string"
        return signal
    try:
        signal.parsed = parse_machine(text)
    except Rejected as exc:
        signal.rejected = str(exc)
    return signal


_LD_KEYS = re.compile(r'"(datePublished|dateCreated|uploadDate|dateModified)"\s*:\s*"([^"]{0,60})"')
_GENERIC_PUBLISHED = re.compile(r"publish|upload|creat|release|issued|\bdate\b", re.I)
_GENERIC_MODIFIED = re.compile(r"modif|updat|revis", re.I)


# Dates the crawl found before the page (request hints): the publisher's own statements,
# machine-readable but not on the page, so just below the page's main structured data.
_HINT_SIGNALS = {
    "news_publication_date": ("sitemap:news:publication_date", PUBLISHED, Tier.MARKUP),
    "feed_published": ("feed:published", PUBLISHED, Tier.MARKUP),
    "sitemap_lastmod": ("sitemap:lastmod", MODIFIED, Tier.LABELLED),
}


def from_hints(hints: Mapping[str, str]) -> list[Signal]:
    return [
        machine_signal(source, role, hints[key], tier)
        for key, (source, role, tier) in _HINT_SIGNALS.items()
        if hints.get(key)
    ]


def from_jsonld_text(tree: lxml_html.HtmlElement, data: StructuredData) -> list[Signal]:
    """Dates in JSON-LD objects that are not articles (HowTo, Recipe, a broken script):
    read from the script text, weaker than an article's own."""
    known = {key for obj in data.jsonld for key in obj}
    out: list[Signal] = []
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        for m in _LD_KEYS.finditer(script.text or ""):
            if m[1] in known:
                continue
            role = MODIFIED if m[1] == "dateModified" else PUBLISHED
            out.append(machine_signal(f"json-ld-text:{m[1]}", role, m[2], Tier.RECOVERED))
            known.add(m[1])
    return out


def from_structured(data: StructuredData) -> list[Signal]:
    out: list[Signal] = []
    for rank, obj in enumerate(data.jsonld):
        for key, role in (_JSONLD | _JSONLD_MODIFIED).items():
            if key in obj and obj[key] not in (None, [], {}):
                value = obj[key][0] if isinstance(obj[key], list) else obj[key]
                tier = Tier.STRUCTURED if rank == 0 and key not in _WEAKER_KEYS else Tier.MARKUP
                out.append(machine_signal(f"json-ld:{key}", role, value, tier))
    for names, role, tier in (
        (_META_PUBLISHED, PUBLISHED, Tier.STRUCTURED),
        (_META_MODIFIED, MODIFIED, Tier.STRUCTURED),
        (META_WEAK, UNKNOWN, Tier.WEAK),
    ):
        for name in names:
            for value in data.meta.get(name, [])[:1]:
                out.append(machine_signal(f"meta:{name}", role, value, tier))
    known = set(_META_PUBLISHED + _META_MODIFIED + META_WEAK)
    for name, values in data.meta.items():
        # Site-specific names ("five_hundred_pixels:uploaded", "bt:pubdate"): weaker, and
        # kept only when they hold a date (most meta tags are not about dates at all).
        if name in known or not values:
            continue
        if _GENERIC_MODIFIED.search(name):
            role = MODIFIED
        elif _GENERIC_PUBLISHED.search(name):
            role = PUBLISHED
        else:
            continue
        signal = machine_signal(f"meta:{name}", role, values[0], Tier.WEAK)
        if signal.parsed is not None:
            out.append(signal)
    return out
