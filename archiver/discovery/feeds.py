"""RSS 2.0 and Atom feeds: item links with their dates, and feeds announced in a page head.

Two formats with fixed, small vocabularies: a few XPath lookups with lxml read them, where
feedparser would add a dependency and its own date normalisation (dates are kept raw here:
extraction resolves them, as evidence with a source).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+xml")


@dataclass(frozen=True)
class FeedEntry:
    link: str
    published: str | None = None
    title: str | None = None

    def hints(self) -> dict[str, str]:
        return {"feed_published": self.published} if self.published else {}


class NotAFeed(ValueError):
    """The document is neither RSS nor Atom."""


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def parse_feed(body: bytes, base_url: str, max_size: int = 0) -> list[FeedEntry]:
    """Entries of an RSS or Atom feed; NotAFeed says why there are none. A body over
    ``max_size`` bytes (0: no cap) is not parsed: a feed lists recent items, not a site."""
    if max_size and len(body) > max_size:
        raise NotAFeed(f"{len(body)} bytes, over ARCHIVER_FEED_MAXSIZE ({max_size} bytes)")
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise NotAFeed(f"not XML ({exc})") from exc
    if root is None:
        raise NotAFeed("not XML (empty or unreadable document)")
    if root.tag == f"{ATOM}feed":
        return list(_atom_entries(root, base_url))
    if isinstance(root.tag, str) and root.tag.split("}")[-1] in ("rss", "RDF"):
        return list(_rss_items(root, base_url))
    raise NotAFeed(f"not RSS or Atom (root element <{root.tag}>)")


def _rss_items(root: etree._Element, base_url: str) -> list[FeedEntry]:
    entries = []
    for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
        link = _text(item.find("link")) or _text(item.find("{http://purl.org/rss/1.0/}link"))
        guid = item.find("guid")
        if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
            link = _text(guid)
        if not link:
            continue
        published = _text(item.find("pubDate")) or _text(
            item.find("{http://purl.org/dc/elements/1.1/}date")
        )
        entries.append(FeedEntry(urljoin(base_url, link), published, _text(item.find("title"))))
    return entries


def _atom_entries(root: etree._Element, base_url: str) -> list[FeedEntry]:
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        links = entry.findall(f"{ATOM}link")
        href = next(
            (x.get("href") for x in links if x.get("rel", "alternate") == "alternate"), None
        )
        if not href:
            continue
        published = _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
        entries.append(
            FeedEntry(urljoin(base_url, href), published, _text(entry.find(f"{ATOM}title")))
        )
    return entries


def announced_feeds(html_links: list[tuple[str | None, str | None]], base_url: str) -> list[str]:
    """Feed URLs from a page's ``<link rel="alternate" type=... href=...>`` pairs."""
    return [
        urljoin(base_url, href)
        for type_, href in html_links
        if href and type_ and type_.split(";")[0].strip().lower() in FEED_TYPES
    ]
