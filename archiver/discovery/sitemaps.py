"""Sitemaps and sitemap indexes, plain or gzipped, with Google News fields kept.

Scrapy's ``scrapy.utils.sitemap.Sitemap`` flattens each ``<url>`` to its direct children,
so the nested ``news:publication_date`` and ``news:title`` are lost, and it recovers from
broken XML silently (a cut-off file can even yield a half-read URL). One strict lxml
``iterparse`` pass here keeps the news fields, stops at the damage with every entry before
it complete, and says where the damage is, so the crawl can report it. Gzip handling reuses
Scrapy's own ``gunzip`` (size-capped, tolerant of CRC errors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Literal

from lxml import etree
from scrapy.utils._compression import _DecompressionMaxSizeExceeded  # what gunzip raises
from scrapy.utils.gz import gunzip

GZIP_MAGIC = b"\x1f\x8b\x08"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None = None
    news_publication_date: str | None = None
    news_title: str | None = None

    def hints(self) -> dict[str, str]:
        """The date signals this entry gives the page, under the keys extraction reads."""
        found = {
            "sitemap_lastmod": self.lastmod,
            "news_publication_date": self.news_publication_date,
            "news_title": self.news_title,
        }
        return {k: v for k, v in found.items() if v}


@dataclass
class ParsedSitemap:
    kind: Literal["urlset", "sitemapindex"] | None
    entries: list[SitemapEntry] = field(default_factory=list)
    problem: str | None = None  # why some or all of it could not be read


def sitemap_body(body: bytes, max_size: int = 0) -> bytes:
    """The XML of a sitemap body: gunzipped when the file itself is gzip (``.xml.gz``).

    A ``Content-Encoding: gzip`` transfer is already undone by Scrapy's compression
    middleware; this handles sitemaps stored compressed, which arrive as gzip bytes.
    """
    if body[:3] == GZIP_MAGIC:
        return gunzip(body, max_size=max_size)
    return body


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _entry(element: etree._Element) -> SitemapEntry | None:
    fields = {_local(c.tag): c for c in element}
    loc = _text(fields.get("loc"))
    if not loc:
        return None
    news = element.find(f"{NEWS}news")
    return SitemapEntry(
        loc=loc,
        lastmod=_text(fields.get("lastmod")),
        news_publication_date=_text(news.find(f"{NEWS}publication_date"))
        if news is not None
        else None,
        news_title=_text(news.find(f"{NEWS}title")) if news is not None else None,
    )


def parse_sitemap(body: bytes, max_size: int = 0) -> ParsedSitemap:
    """Entries up to the first damage, each complete: parsing is strict and incremental, so
    a cut-off file yields the entries before the cut and no half-read URL."""
    try:
        xml = sitemap_body(body, max_size)
    except _DecompressionMaxSizeExceeded:
        return ParsedSitemap(
            None, problem=f"over {max_size} bytes once decompressed (ARCHIVER_SITEMAP_MAXSIZE)"
        )
    except (OSError, EOFError, ValueError) as exc:
        return ParsedSitemap(None, problem=f"not a readable gzip file ({exc})")
    parsed = ParsedSitemap(None)
    events = etree.iterparse(
        BytesIO(xml),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        huge_tree=False,
    )
    child = ""
    try:
        for event, element in events:
            if parsed.kind is None and event == "start":
                kind = _local(element.tag)
                if kind not in ("urlset", "sitemapindex"):
                    parsed.problem = f"not a sitemap (root element <{kind}>)"
                    return parsed
                parsed.kind = kind  # type: ignore[assignment]
                child = "url" if kind == "urlset" else "sitemap"
            elif event == "end" and _local(element.tag) == child:
                if entry := _entry(element):
                    parsed.entries.append(entry)
                element.clear()  # large sitemaps: keep memory flat
    except etree.XMLSyntaxError as exc:
        where = f" at line {exc.lineno}" if exc.lineno else ""
        what = "malformed XML" if parsed.kind else "not XML"
        parsed.problem = f"{what}{where}: {exc.msg}"
    if parsed.kind is None and parsed.problem is None:
        parsed.problem = "not XML (empty document)"
    return parsed
